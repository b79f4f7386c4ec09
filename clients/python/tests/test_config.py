"""Config from env: the same verdicts and messages as client/config.ts (compared case by case with
the TypeScript side on the env combinations below, none of which the TypeScript tests use), the
confluent-kafka settings per backend, and no secret in any message."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from conftest import run_ts
from kafka_platform import ValidationError, confluent_config, parse_kafka_env
from kafka_platform.config import AwsMskIamAuth, AzureEntraAuth
from kafka_platform.tokens import TokenSources

PEM = "-----BEGIN CERTIFICATE-----\nMIIBxyz\n-----END CERTIFICATE-----"
SECRET = "s3cr3t-value-that-must-never-show"

BROKERS = [
    None,
    "",
    "localhost:9092",
    "http://x:1,y:0",
    "b-1.demo.abc123.c2.kafka.eu-central-1.amazonaws.com:9098,b-2.demo.abc123.c2.kafka.eu-central-1.amazonaws.com:9098",
    "ns1.servicebus.windows.net:9093",
    "a.servicebus.windows.net:9093,b.servicebus.windows.net:9093",
    "[::1]:9092",
]
PROTOCOLS = [None, "sasl_ssl", "SASL_PLAINTEXT", "SSL", "plaintext", "TLS"]
MECHANISMS = [None, "SCRAM-SHA-256", "plain", "OAUTHBEARER", "AWS_MSK_IAM", "GSSAPI"]
CREDS = [(None, None), ("svc", SECRET), ("$ConnectionString", SECRET), (None, SECRET)]
PROVIDERS = [None, "aws-msk-iam", "azure-entra", "gcp"]
REGIONS = [None, "us-east-1", "eu-central-1", "Frankfurt"]
CAS = [None, PEM, "not a pem " + SECRET]


def _env(**kw: str | None) -> dict[str, str]:
    return {k: v for k, v in kw.items() if v is not None}


def _cases() -> list[dict[str, str]]:
    cases = []
    for brokers, protocol, mechanism, (user, password), provider in itertools.product(
        BROKERS, PROTOCOLS, MECHANISMS, CREDS, PROVIDERS
    ):
        cases.append(
            _env(
                KAFKA_BROKER_URL=brokers,
                KAFKA_SECURITY_PROTOCOL=protocol,
                KAFKA_SASL_MECHANISM=mechanism,
                KAFKA_SASL_USERNAME=user,
                KAFKA_SASL_PASSWORD=password,
                KAFKA_OAUTH_PROVIDER=provider,
            )
        )
    for brokers, region, ca, protocol in itertools.product(BROKERS, REGIONS, CAS, ["SASL_SSL", "SSL", None]):
        cases.append(
            _env(
                KAFKA_BROKER_URL=brokers,
                KAFKA_SECURITY_PROTOCOL=protocol,
                KAFKA_SASL_MECHANISM="OAUTHBEARER" if protocol == "SASL_SSL" else None,
                KAFKA_OAUTH_PROVIDER="aws-msk-iam" if protocol == "SASL_SSL" else None,
                AWS_REGION=region,
                KAFKA_SSL_CA_PEM=ca,
            )
        )
    for groups in ["a=g1,b=g2", "a=g1=x", "=g", "a", " a = g "]:
        cases.append(_env(KAFKA_BROKER_URL="k:9092", KAFKA_CONSUMER_GROUPS=groups))
    return cases


def _python(env: dict[str, str]) -> dict[str, Any]:
    try:
        k = parse_kafka_env(env)
    except ValidationError as err:
        return {"problems": [f"{p.where}: {p.message}" for p in err.problems]}
    target = (
        k.auth.region
        if isinstance(k.auth, AwsMskIamAuth)
        else k.auth.scope
        if isinstance(k.auth, AzureEntraAuth)
        else ""
    )
    return {
        "ok": {
            "protocol": k.security_protocol,
            "auth": k.auth.kind,
            "target": target,
            "brokers": list(k.brokers),
        }
    }


def test_same_verdict_and_messages_as_the_typescript_side() -> None:
    cases = _cases()
    ts = run_ts("parseEnv.ts", cases)
    assert len(ts) == len(cases)
    differing = [
        (env, want, _python(env)) for env, want in zip(cases, ts, strict=True) if _python(env) != want
    ]
    assert not differing, f"{len(differing)} of {len(cases)} differ, first: {differing[0]}"
    # The comparison covers both outcomes and every auth kind.
    kinds = {r["ok"]["auth"] for r in ts if "ok" in r}
    assert kinds == {"none", "password", "aws-msk-iam", "azure-entra", "gcp"}
    assert sum("problems" in r for r in ts) > 100


def test_every_problem_at_once_naming_the_variable_and_no_secret() -> None:
    env = {
        "KAFKA_BROKER_URL": "kafka://x:9092",
        "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM": "PLAIN",
        "KAFKA_SASL_PASSWORD": SECRET,
        "KAFKA_SSL_CA_PEM": SECRET,
        "KAFKA_CONSUMER_GROUPS": "orders",
        "KAFKA_DEAD_LETTER_TOPICS": "orders=",
    }
    with pytest.raises(ValidationError) as caught:
        parse_kafka_env(env)
    text = str(caught.value)
    assert SECRET not in text and SECRET not in repr(caught.value.problems)
    assert [p.where for p in caught.value.problems] == [
        "KAFKA_BROKER_URL",
        "KAFKA_SSL_CA_PEM",
        "KAFKA_SSL_CA_PEM",
        "KAFKA_SASL_MECHANISM",
        "KAFKA_SASL_USERNAME",
        "KAFKA_CONSUMER_GROUPS",
        "KAFKA_DEAD_LETTER_TOPICS",
    ]
    assert text.startswith("Found 7 configuration problems:\n  - KAFKA_BROKER_URL: ")
    assert '"orders=" is not a topic=deadLetterTopic pair' in text


def test_plaintext_local() -> None:
    conf = confluent_config(parse_kafka_env({"KAFKA_BROKER_URL": "localhost:19092", "KAFKA_CLIENT_ID": "ml"}))
    assert conf == {
        "bootstrap.servers": "localhost:19092",
        "security.protocol": "PLAINTEXT",
        "client.id": "ml",
    }


def test_scram_with_private_ca_and_the_password_not_in_repr() -> None:
    kenv = parse_kafka_env(
        {
            "KAFKA_BROKER_URL": "a:9096,b:9096",
            "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "KAFKA_SASL_USERNAME": "svc",
            "KAFKA_SASL_PASSWORD": SECRET,
            "KAFKA_SSL_CA_PEM": PEM,
        }
    )
    assert SECRET not in repr(kenv)
    assert confluent_config(kenv) == {
        "bootstrap.servers": "a:9096,b:9096",
        "security.protocol": "SASL_SSL",
        "ssl.ca.pem": PEM,
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.username": "svc",
        "sasl.password": SECRET,
    }


def test_plain_for_confluent_and_event_hubs_sas() -> None:
    conf = confluent_config(
        parse_kafka_env(
            {
                "KAFKA_BROKER_URL": "ns.servicebus.windows.net:9093",
                "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                "KAFKA_SASL_MECHANISM": "PLAIN",
                "KAFKA_SASL_USERNAME": "$ConnectionString",
                "KAFKA_SASL_PASSWORD": "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=x",
            }
        )
    )
    assert conf["sasl.mechanism"] == "PLAIN" and conf["sasl.username"] == "$ConnectionString"
    assert "ssl.ca.pem" not in conf  # system CAs
    # Microsoft's recommended settings against Azure's 240 s idle-connection close.
    assert conf["socket.keepalive.enable"] is True and conf["metadata.max.age.ms"] == 180000


def test_msk_iam_region_from_the_broker_host_and_the_callback() -> None:
    asked: list[str] = []

    def sign(region: str) -> tuple[str, float]:
        asked.append(region)
        return "signed-token", time.time() + 900

    kenv = parse_kafka_env(
        {
            "KAFKA_BROKER_URL": "b-1.demo.abc123.c2.kafka.eu-central-1.amazonaws.com:9098",
            "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": "OAUTHBEARER",
            "KAFKA_OAUTH_PROVIDER": "aws-msk-iam",
        }
    )
    conf = confluent_config(kenv, TokenSources(aws_msk_iam=sign))
    assert conf["sasl.mechanism"] == "OAUTHBEARER"
    token, expiry = conf["oauth_cb"]("")
    assert (token, asked) == ("signed-token", ["eu-central-1"]) and expiry > time.time()


def test_msk_iam_default_signer_signs_with_the_aws_credential_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real signer (aws-msk-iam-sasl-signer-python) with static credentials: a presigned URL, no network.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    from kafka_platform.tokens import aws_msk_iam_token

    token, expiry = aws_msk_iam_token("eu-west-1")
    import base64

    url = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    assert url.startswith("https://kafka.eu-west-1.amazonaws.com/?Action=kafka-cluster%3AConnect")
    assert "X-Amz-Credential=AKIDEXAMPLE%2F" in url and expiry > time.time()


def test_event_hubs_entra_scope_is_the_namespace() -> None:
    scopes: list[str] = []
    kenv = parse_kafka_env(
        {
            "KAFKA_BROKER_URL": "ml-prod.servicebus.windows.net:9093",
            "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": "OAUTHBEARER",
            "KAFKA_OAUTH_PROVIDER": "azure-entra",
        }
    )

    def entra(scope: str) -> tuple[str, float]:
        scopes.append(scope)
        return "t", 1e10

    conf = confluent_config(kenv, TokenSources(azure_entra=entra))
    conf["oauth_cb"]("")
    assert scopes == ["https://ml-prod.servicebus.windows.net/.default"]


def test_topics_groups_and_dead_letters() -> None:
    kenv = parse_kafka_env(
        {
            "KAFKA_BROKER_URL": "k:9092",
            "KAFKA_CONSUMES": "jobs, results",
            "KAFKA_PRODUCES": "results",
            "KAFKA_CONSUMER_GROUP": "ml",
            "KAFKA_CONSUMER_GROUPS": "results=ml-results",
            "KAFKA_DEAD_LETTER_TOPICS": "jobs=jobs.dlq",
        }
    )
    assert kenv.consumes == ("jobs", "results") and kenv.produces == ("results",)
    assert (kenv.group_for("jobs"), kenv.group_for("results")) == ("ml", "ml-results")
    assert (kenv.dead_letter_for("jobs"), kenv.dead_letter_for("results")) == ("jobs.dlq", None)


def test_overrides_cannot_change_what_the_env_decides() -> None:
    kenv = parse_kafka_env({"KAFKA_BROKER_URL": "k:9092"})
    assert confluent_config(kenv, overrides={"fetch.min.bytes": 1})["fetch.min.bytes"] == 1
    with pytest.raises(ValueError, match=r"security\.protocol"):
        confluent_config(kenv, overrides={"security.protocol": "PLAINTEXT"})
