"""Reads the Kafka env the platform writes (client/contract.ts) and turns it into a confluent-kafka
configuration. Same checks and messages as client/config.ts: every problem at once, each naming its
variable; secret values never appear in messages."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .contract import ENV, OAUTH_PROVIDERS, SASL_MECHANISMS, SECURITY_PROTOCOLS
from .problems import Problem, one_of, raise_if_any, show
from .tokens import TokenSources, oauth_callback

Env = Mapping[str, str]

# `Mechanism` value that means "MSK IAM"; Java clients call it AWS_MSK_IAM.
MSK_IAM_ALIAS = "AWS_MSK_IAM"
MSK_HOST = re.compile(r"\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$")
EVENT_HUBS_HOST = re.compile(r"\.servicebus\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$")
AWS_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
BROKER = re.compile(r"^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$")


@dataclass(frozen=True)
class NoAuth:
    kind: Literal["none"] = "none"


@dataclass(frozen=True)
class PasswordAuth:
    mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
    username: str
    password: str = field(repr=False)
    kind: Literal["password"] = "password"


@dataclass(frozen=True)
class AwsMskIamAuth:
    region: str
    kind: Literal["aws-msk-iam"] = "aws-msk-iam"


@dataclass(frozen=True)
class AzureEntraAuth:
    scope: str
    kind: Literal["azure-entra"] = "azure-entra"


@dataclass(frozen=True)
class GcpAuth:
    """Google Managed Kafka: tokens from the pod's workload identity (GKE metadata server)."""

    kind: Literal["gcp"] = "gcp"


KafkaAuth = NoAuth | PasswordAuth | AwsMskIamAuth | AzureEntraAuth | GcpAuth


@dataclass(frozen=True)
class KafkaEnv:
    """Everything the service's Kafka env says, validated."""

    brokers: tuple[str, ...]
    security_protocol: str
    tls: bool
    auth: KafkaAuth
    ca_pem: str | None = field(default=None, repr=False)
    client_id: str | None = None
    produces: tuple[str, ...] = ()
    consumes: tuple[str, ...] = ()
    groups: Mapping[str, str] = field(default_factory=dict)
    default_group: str | None = None
    dead_letters: Mapping[str, str] = field(default_factory=dict)

    def group_for(self, topic: str) -> str | None:
        """The consumer group for ``topic`` from the env, if the platform wrote one."""
        return self.groups.get(topic, self.default_group)

    def dead_letter_for(self, topic: str) -> str | None:
        """The dead-letter topic the catalog names for ``topic`` (KAFKA_DEAD_LETTER_TOPICS)."""
        return self.dead_letters.get(topic)


Report = Callable[[str, str], None]


def parse_kafka_env(env: Env | None = None) -> KafkaEnv:
    """Reads and checks the env; raises ValidationError listing every inconsistent variable."""
    source: Env = os.environ if env is None else env
    problems: list[Problem] = []

    def report(where: str, message: str) -> None:
        problems.append(Problem(where, message))

    def read(name: str) -> str | None:
        v = (source.get(name) or "").strip()
        return v or None

    brokers = _parse_brokers(read(ENV.broker_url), report)

    protocol_raw = read(ENV.security_protocol)
    security_protocol = "PLAINTEXT"
    if protocol_raw is not None:
        if protocol_raw.upper() in SECURITY_PROTOCOLS:
            security_protocol = protocol_raw.upper()
        else:
            report(ENV.security_protocol, f"{show(protocol_raw)} is not one of {one_of(SECURITY_PROTOCOLS)}")
    tls = security_protocol in ("SSL", "SASL_SSL")
    sasl = security_protocol.startswith("SASL_")

    ca_pem = read(ENV.ssl_ca_pem)
    if ca_pem is not None:
        if "-----BEGIN CERTIFICATE-----" not in ca_pem:
            report(ENV.ssl_ca_pem, "must hold a PEM certificate (-----BEGIN CERTIFICATE----- ...)")
        if protocol_raw is not None and not tls:
            report(
                ENV.ssl_ca_pem,
                f"is set but {ENV.security_protocol} is {security_protocol}, which does not use TLS",
            )

    auth = _parse_auth(read, report, security_protocol, sasl, tls, brokers, protocol_raw)

    groups: dict[str, str] = {}
    for pair in _list(read(ENV.consumer_groups)):
        parts = [s.strip() for s in pair.split("=")]
        if len(parts) != 2 or not parts[0] or not parts[1]:
            report(ENV.consumer_groups, f"{show(pair)} is not a topic=group pair")
            continue
        groups[parts[0]] = parts[1]

    dead_letters: dict[str, str] = {}
    for pair in _list(read(ENV.dead_letter_topics)):
        parts = [s.strip() for s in pair.split("=")]
        if len(parts) != 2 or not parts[0] or not parts[1]:
            report(ENV.dead_letter_topics, f"{show(pair)} is not a topic=deadLetterTopic pair")
            continue
        dead_letters[parts[0]] = parts[1]

    raise_if_any(problems)
    return KafkaEnv(
        brokers=tuple(brokers),
        security_protocol=security_protocol,
        tls=tls,
        auth=auth,
        ca_pem=ca_pem,
        client_id=read(ENV.client_id),
        produces=tuple(_list(read(ENV.produces))),
        consumes=tuple(_list(read(ENV.consumes))),
        groups=groups,
        default_group=read(ENV.consumer_group),
        dead_letters=dead_letters,
    )


def _parse_brokers(raw: str | None, report: Report) -> list[str]:
    if raw is None:
        report(ENV.broker_url, "is required: comma-separated host:port bootstrap servers")
        return []
    brokers: list[str] = []
    for entry in _list(raw):
        m = BROKER.match(entry)
        if not m or not 1 <= int(m.group(2)) <= 65535:
            report(ENV.broker_url, f"{show(entry)} is not host:port (no scheme, port 1-65535)")
            continue
        brokers.append(entry)
    if not brokers and not _list(raw):
        report(ENV.broker_url, "lists no bootstrap servers")
    return brokers


def _parse_auth(
    read: Callable[[str], str | None],
    report: Report,
    security_protocol: str,
    sasl: bool,
    tls: bool,
    brokers: list[str],
    protocol_raw: str | None,
) -> KafkaAuth:
    mechanism_raw = read(ENV.sasl_mechanism)
    username = read(ENV.sasl_username)
    password = read(ENV.sasl_password)
    provider_raw = read(ENV.oauth_provider)

    if not sasl:
        default = " (the default)" if protocol_raw is None else ""
        why = (
            f"is set but {ENV.security_protocol} is {security_protocol}{default}; "
            "SASL needs SASL_SSL or SASL_PLAINTEXT"
        )
        for name, value in (
            (ENV.sasl_mechanism, mechanism_raw),
            (ENV.sasl_username, username),
            (ENV.sasl_password, password),
            (ENV.oauth_provider, provider_raw),
        ):
            if value is not None:
                report(name, why)
        return NoAuth()

    if mechanism_raw is None:
        report(
            ENV.sasl_mechanism,
            f"is required when {ENV.security_protocol} is {security_protocol} "
            f"(one of {one_of(SASL_MECHANISMS)})",
        )
        return NoAuth()
    mechanism = mechanism_raw.upper()
    provider = provider_raw
    if mechanism == MSK_IAM_ALIAS:
        mechanism = "OAUTHBEARER"
        provider = provider or "aws-msk-iam"
    if mechanism not in SASL_MECHANISMS:
        report(ENV.sasl_mechanism, f"{show(mechanism_raw)} is not one of {one_of(SASL_MECHANISMS)}")
        return NoAuth()

    if mechanism != "OAUTHBEARER":
        if provider_raw is not None:
            report(ENV.oauth_provider, f"is set but {ENV.sasl_mechanism} is {mechanism}, not OAUTHBEARER")
        if mechanism == "PLAIN" and not tls:
            report(
                ENV.sasl_mechanism,
                f"PLAIN sends the password in clear text; it needs {ENV.security_protocol}=SASL_SSL, "
                f"not {security_protocol}",
            )
        if username is None:
            report(ENV.sasl_username, f"is required for {mechanism}")
        if password is None:
            report(ENV.sasl_password, f"is required for {mechanism}")
        event_hubs = any(EVENT_HUBS_HOST.search(_host_of(b)) for b in brokers)
        if event_hubs and mechanism == "PLAIN" and username is not None and username != "$ConnectionString":
            report(
                ENV.sasl_username,
                "must be $ConnectionString for Event Hubs SAS authentication "
                "(the password is the connection string)",
            )
        if event_hubs and mechanism != "PLAIN":
            report(
                ENV.sasl_mechanism,
                f"Event Hubs accepts PLAIN (SAS) or OAUTHBEARER (Entra ID), not {mechanism}",
            )
        if username is None or password is None:
            return NoAuth()
        if mechanism == "PLAIN":
            return PasswordAuth("PLAIN", username, password)
        if mechanism == "SCRAM-SHA-256":
            return PasswordAuth("SCRAM-SHA-256", username, password)
        return PasswordAuth("SCRAM-SHA-512", username, password)

    # OAUTHBEARER: tokens come from a cloud identity, never from a stored user/password.
    for name, value in ((ENV.sasl_username, username), (ENV.sasl_password, password)):
        if value is not None:
            report(name, "is set but OAUTHBEARER does not use it; remove it so no stale credential lingers")
    if not tls:
        report(ENV.security_protocol, f"OAUTHBEARER tokens need SASL_SSL, not {security_protocol}")
    if provider is None:
        report(
            ENV.oauth_provider,
            f"is required when {ENV.sasl_mechanism} is OAUTHBEARER (one of {one_of(OAUTH_PROVIDERS)})",
        )
        return NoAuth()
    if provider not in OAUTH_PROVIDERS:
        report(ENV.oauth_provider, f"{show(provider)} is not one of {one_of(OAUTH_PROVIDERS)}")
        return NoAuth()
    if provider == "aws-msk-iam":
        return _msk_auth(read, report, brokers)
    if provider == "gcp":
        return GcpAuth()
    return _entra_auth(report, brokers)


def _msk_auth(read: Callable[[str], str | None], report: Report, brokers: list[str]) -> KafkaAuth:
    # The region is part of the MSK broker host name: b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com
    from_host = list(dict.fromkeys(m.group(1) for b in brokers if (m := MSK_HOST.search(_host_of(b)))))
    region = read(ENV.aws_region)
    if region is not None:
        if not AWS_REGION.match(region):
            report(ENV.aws_region, f"{show(region)} is not an AWS region")
        elif len(from_host) == 1 and from_host[0] != region:
            report(
                ENV.aws_region,
                f"{show(region)} differs from the brokers' region {show(from_host[0])}; "
                "MSK would refuse the token",
            )
        return AwsMskIamAuth(region)
    if len(from_host) == 1:
        return AwsMskIamAuth(from_host[0])
    report(
        ENV.aws_region, "is required for MSK IAM when the region cannot be read from the broker host names"
    )
    return NoAuth()


def _entra_auth(report: Report, brokers: list[str]) -> KafkaAuth:
    # Event Hubs wants a token for its namespace: https://<namespace>.servicebus.windows.net/.default
    # (https://learn.microsoft.com/en-us/azure/event-hubs/authenticate-application)
    hosts = list(dict.fromkeys(_host_of(b) for b in brokers))
    if len(hosts) != 1:
        if brokers:
            report(
                ENV.broker_url,
                f"azure-entra needs one Event Hubs namespace host, got {show(','.join(hosts))}",
            )
        return NoAuth()
    return AzureEntraAuth(f"https://{hosts[0]}/.default")


def _host_of(broker: str) -> str:
    return broker[: broker.rfind(":")]


def _list(raw: str | None) -> list[str]:
    return [s.strip() for s in (raw or "").split(",") if s.strip()]


def confluent_config(
    kenv: KafkaEnv,
    tokens: TokenSources | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The librdkafka settings the env decides (bootstrap servers, TLS, SASL, client id), for a
    confluent_kafka Consumer, Producer or AdminClient. ``overrides`` adds other settings; it may not
    change the connection ones. Property names: https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md
    """
    conf: dict[str, Any] = {
        "bootstrap.servers": ",".join(kenv.brokers),
        "security.protocol": kenv.security_protocol,
    }
    if kenv.client_id:
        conf["client.id"] = kenv.client_id
    if kenv.tls and kenv.ca_pem:
        conf["ssl.ca.pem"] = kenv.ca_pem
    auth = kenv.auth
    if isinstance(auth, PasswordAuth):
        conf["sasl.mechanism"] = auth.mechanism
        conf["sasl.username"] = auth.username
        conf["sasl.password"] = auth.password
    elif isinstance(auth, (AwsMskIamAuth, AzureEntraAuth, GcpAuth)):
        conf["sasl.mechanism"] = "OAUTHBEARER"
        target = (
            auth.region
            if isinstance(auth, AwsMskIamAuth)
            else auth.scope
            if isinstance(auth, AzureEntraAuth)
            else ""
        )
        conf["oauth_cb"] = oauth_callback(auth.kind, target, tokens)
    decided = set(conf)
    if any(EVENT_HUBS_HOST.search(_host_of(b)) for b in kenv.brokers):
        # Azure closes idle TCP connections after 240 s; Microsoft's recommended librdkafka settings
        # (https://learn.microsoft.com/en-us/azure/event-hubs/apache-kafka-configurations#librdkafka-configuration-properties)
        conf["socket.keepalive.enable"] = True
        conf["metadata.max.age.ms"] = 180000
    for key, value in (overrides or {}).items():
        if key in decided or key.startswith(("sasl.", "ssl.", "security.")):
            raise ValueError(
                f"override {key!r} is decided by the platform's env ({ENV.broker_url} and friends)"
            )
        conf[key] = value
    return conf


def confluent_config_from_env(
    env: Env | None = None,
    tokens: TokenSources | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The confluent-kafka configuration for this service, from the variables the platform writes."""
    return confluent_config(parse_kafka_env(env), tokens, overrides)
