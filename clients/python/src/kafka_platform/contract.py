"""The env contract, read from contract.json, which ``npm run python:contract`` generates from
client/contract.ts. Importing this module fails when the two have drifted apart: a variable the
program writes that this package does not read (or the reverse) is a bug, not a silent gap."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class EnvNames:
    """The name of each variable, by the key client/contract.ts gives it (camelCase there)."""

    broker_url: str
    security_protocol: str
    sasl_mechanism: str
    sasl_username: str
    sasl_password: str
    oauth_provider: str
    ssl_ca_pem: str
    client_id: str
    produces: str
    consumes: str
    consumer_group: str
    consumer_groups: str
    dead_letter_topics: str
    aws_region: str


class ContractDriftError(RuntimeError):
    pass


def _snake(key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in key)


def load_contract() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("contract.json").read_text(encoding="utf-8")
    contract: dict[str, Any] = json.loads(text)
    return contract


def _env_names(contract: dict[str, Any]) -> EnvNames:
    names = {_snake(v["key"]): v["name"] for v in contract["variables"]}
    declared = {f.name for f in fields(EnvNames)}
    missing = sorted(declared - names.keys())
    extra = sorted(names.keys() - declared)
    if missing or extra:
        raise ContractDriftError(
            "kafka_platform does not match client/contract.ts"
            + (f"; not in the contract: {', '.join(missing)}" if missing else "")
            + (f"; not read by this package: {', '.join(extra)}" if extra else "")
        )
    return EnvNames(**names)


CONTRACT = load_contract()
ENV = _env_names(CONTRACT)
SECURITY_PROTOCOLS: tuple[str, ...] = tuple(CONTRACT["securityProtocols"])
SASL_MECHANISMS: tuple[str, ...] = tuple(CONTRACT["saslMechanisms"])
OAUTH_PROVIDERS: tuple[str, ...] = tuple(CONTRACT["oauthProviders"])
