"""The contract drift test, Python side: contract.json (generated from client/contract.ts) names
exactly the variables this package reads, and the generator agrees with the committed file."""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import ROOT, run_ts
from kafka_platform import contract


def test_the_package_reads_exactly_the_variables_of_the_contract() -> None:
    names = {v["name"] for v in contract.load_contract()["variables"]}
    read = {getattr(contract.ENV, f.name) for f in dataclasses.fields(contract.EnvNames)}
    assert read == names


def test_a_variable_added_on_the_typescript_side_fails_the_import() -> None:
    drifted = contract.load_contract()
    drifted["variables"].append({"key": "kafkaNewThing", "name": "KAFKA_NEW_THING", "doc": ""})
    with pytest.raises(contract.ContractDriftError, match="not read by this package: kafka_new_thing"):
        contract._env_names(drifted)


def test_committed_contract_is_what_client_contract_ts_generates() -> None:
    committed = (ROOT / "clients/python/src/kafka_platform/contract.json").read_text()
    generated = run_ts("contractJson.ts")
    assert json.loads(committed) == generated
