"""Phases 1-3 for the ML consumer: SqsMessageQueue against ElasticMQ behind the same interface, and
the Phase 3 shadow mode with the TypeScript library dual-writing (SQS primary, Kafka secondary)
while Python consumes both, processes once and compares by message id."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from collections import Counter
from typing import Any

import pytest

from conftest import ROOT, TSX, Servers, node_env, sqs_client
from kafka_platform import (
    Delivery,
    Difference,
    Envelope,
    ShadowComparison,
    SqsMessageQueue,
    consumer_queue_for_mode,
    kafka_queue_from_env,
    parse_queue_mode,
    shadow_subscribe,
)


def _wait_for(predicate: Any, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_sqs_roundtrip_and_redelivery_of_a_failed_message(servers: Servers) -> None:
    url = servers.queue(f"jobs-{uuid.uuid4().hex[:6]}", VisibilityTimeout="1")
    queue = SqsMessageQueue(sqs_client(servers), {"jobs": url}, "backend-api", wait_time_seconds=1)
    ids = [queue.publish("jobs", {"n": i}, key=f"k{i}") for i in range(5)]
    calls: Counter[str] = Counter()
    done: list[str] = []

    def handler(e: Envelope, d: Delivery) -> None:
        calls[e.id] += 1
        if e.data["n"] == 2 and calls[e.id] == 1:
            raise RuntimeError("transient")
        assert d.transport == "sqs" and d.key == f"k{e.data['n']}" and e.source == "backend-api"
        done.append(e.id)

    errors: list[str] = []
    sub = queue.subscribe("jobs", handler, on_error=lambda err, d: errors.append(str(err)))
    _wait_for(lambda: len(done) == 5, what="all five, one after a redelivery")
    assert sub.healthy()
    queue.close(5)
    assert sorted(done) == sorted(ids) and calls[ids[2]] == 2 and errors == ["transient"]
    assert sub.stopped() and not sub.healthy()
    # Deleted after the handler: nothing left.
    left = sqs_client(servers).receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
    assert left == []
    with pytest.raises(KeyError, match=r"no SQS queue URL configured for topic other \(configured: jobs\)"):
        queue.queue_url("other")


def test_modes_pick_the_system_of_record() -> None:
    made: list[str] = []

    def sqs() -> Any:
        made.append("sqs")
        return "sqs-queue"

    def kafka() -> Any:
        made.append("kafka")
        return "kafka-queue"

    picked: list[Any] = [
        consumer_queue_for_mode(parse_queue_mode(m), sqs=sqs, kafka=kafka)
        for m in ("", "sqs+kafka", "kafka+sqs", "kafka")
    ]
    assert picked == [
        "sqs-queue",
        "sqs-queue",
        "kafka-queue",
        "kafka-queue",
    ]
    assert made == ["sqs", "sqs", "kafka", "kafka"]
    with pytest.raises(
        ValueError,
        match=r'^MESSAGE_QUEUE_MODE: "kafka-only" is not one of sqs, sqs\+kafka, kafka\+sqs, kafka$',
    ):
        parse_queue_mode("kafka-only")


def test_phase_3_shadow_with_the_typescript_dual_write(servers: Servers) -> None:
    suffix = uuid.uuid4().hex[:6]
    topic = f"ml.jobs-{suffix}"
    servers.topics(topic)
    url = servers.queue(f"ml-jobs-{suffix}")
    backend = servers.service(f"backend-api-{suffix}", produces=[topic], consumes=[])
    ml = servers.service(f"ml-worker-{suffix}", produces=[], consumes=[(topic, f"ml-worker-shadow-{suffix}")])
    out = subprocess.run(
        [*TSX, "clients/python/tests/ts/dualWrite.ts", topic, "30", "job"],
        env=node_env(backend | {"SQS_ENDPOINT": servers.sqs_endpoint, "SQS_QUEUE_URL": url}),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    ids: list[str] = json.loads(out.stdout)
    # One job only on SQS: the shadow never sees it.
    sqs_queue = SqsMessageQueue(sqs_client(servers), {topic: url}, "backend-api", wait_time_seconds=1)
    sqs_queue.publish(topic, {"job": 99, "input": [1, 2]}, id="only-on-sqs")

    differences: list[Difference[Any]] = []
    comparison: ShadowComparison[dict[str, Any]] = ShadowComparison(differences.append, timeout_s=3)
    side_effects: list[str] = []

    def live(e: Envelope, d: Delivery) -> dict[str, Any]:
        side_effects.append(e.id)  # the live path does the work (writes the result)
        return {"sum": sum(e.data["input"])}

    def compute(e: Envelope, d: Delivery) -> dict[str, Any]:
        assert d.transport == "kafka"
        e.data["input"].append(1000)  # a copy: the live side is not affected
        total = sum(e.data["input"]) - 1000
        return {"sum": total + (1 if e.id == "job-7" else 0)}  # the new version differs on one job

    kafka_queue = kafka_queue_from_env(ml)
    subs = shadow_subscribe(
        topic,
        live=sqs_queue,
        live_handler=live,
        shadow=kafka_queue,
        shadow_compute=compute,
        comparison=comparison,
        shadow_from_beginning=True,  # the group's first start; the jobs were written before it
    )
    _wait_for(
        lambda: comparison.report()["matched"] + comparison.report()["mismatched"] == 30, what="30 compared"
    )
    _wait_for(lambda: comparison.report()["missingInNew"] == 1, what="the SQS-only job to time out")
    for s in subs:
        s.stop(5)
    comparison.stop()
    sqs_queue.close(5)
    kafka_queue.close(5)
    assert comparison.report() == {
        "matched": 29,
        "mismatched": 1,
        "missingInNew": 1,
        "missingInOld": 0,
        "newFailed": 0,
        "waiting": 0,
    }
    by_kind = {d.kind: d.to_dict() for d in differences}
    assert by_kind["mismatch"] == {"kind": "mismatch", "id": "job-7", "old": {"sum": 15}, "new": {"sum": 16}}
    assert by_kind["missing-in-new"] == {"kind": "missing-in-new", "id": "only-on-sqs", "old": {"sum": 3}}
    assert sorted(side_effects) == sorted([*ids, "only-on-sqs"])  # processed once, on the live side
    assert "kafka_platform_shadow_mismatched_total 1" in comparison.prometheus()
