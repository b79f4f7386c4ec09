"""The Kafka consumer and the wire format against a real broker (tests/harness/kafka.ts): SASL_SSL
SCRAM with the ACLs and env the program gives a catalog service, PLAINTEXT elsewhere, and the
TypeScript library on the other end in both directions."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from collections import Counter
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from conftest import ROOT, TSX, Servers, node_env
from kafka_platform import (
    ConsumerSettings,
    Delivery,
    DeliveryFailedError,
    Envelope,
    HealthServer,
    KafkaMessageQueue,
    RetryPolicy,
    SubscribeError,
    TopicNotAllowedError,
    confluent_config,
    kafka_queue_from_env,
    parse_kafka_env,
)


def _name(stem: str) -> str:
    return f"{stem}-{uuid.uuid4().hex[:8]}"


def _wait_for(predicate: Any, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _read_all(bootstrap: str, topic: str, count: int, timeout: float = 30) -> list[Any]:
    """Reads a topic from the start with a plain confluent-kafka consumer (the observer)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": _name("observer"), "enable.auto.commit": False})
    c.assign([TopicPartition(topic, 0, 0)])
    out: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(out) < count and time.monotonic() < deadline:
        m = c.poll(0.2)
        if m is not None and m.error() is None:
            out.append(m)
    c.close()
    return out


def _committed(bootstrap: str, group: str, topic: str) -> int:
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    [tp] = c.committed([TopicPartition(topic, 0)], timeout=10)
    c.close()
    return int(tp.offset)


@pytest.fixture
def ml_service(servers: Servers) -> dict[str, Any]:
    """ml-worker as the catalog declares it: consumes jobs (group ml-worker), produces results and,
    by the dead-letter convention, to the jobs' dead-letter topic."""
    jobs, results, dlq = _name("ml.jobs"), _name("ml.results"), _name("ml.jobs.dlq")
    servers.topics(jobs, results, dlq)
    name = _name("ml-worker")
    env = servers.service(name, produces=[results, dlq], consumes=[(jobs, name)])
    env["KAFKA_DEAD_LETTER_TOPICS"] = f"{jobs}={dlq}"
    return {"env": env, "jobs": jobs, "results": results, "dlq": dlq, "group": name}


def test_typescript_producer_to_python_consumer_over_scram_with_acls(
    servers: Servers, ml_service: Any
) -> None:
    env, jobs = ml_service["env"], ml_service["jobs"]
    producer = servers.service(_name("backend-api"), produces=[jobs], consumes=[])

    def ts_produce(prefix: str, mode: str) -> list[str]:
        out = subprocess.run(
            [*TSX, "clients/python/tests/ts/produce.ts", jobs, "20", prefix, mode],
            env=node_env(producer),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        ids: list[str] = json.loads(out.stdout)
        return ids

    sent = ts_produce("plain", "") + ts_produce(
        "header", "header"
    )  # the TS default today, and structured + header
    got: dict[str, tuple[Envelope, Delivery]] = {}
    queue = kafka_queue_from_env(env)
    sub = queue.subscribe(jobs, lambda e, d: got.setdefault(e.id, (e, d)), from_beginning=True)
    _wait_for(lambda: len(got) >= len(sent), what="the TypeScript messages")
    queue.close()
    assert sorted(got) == sorted(sent)
    envelope, delivery = got["header-3"]
    assert envelope.data == {"n": 3, "text": "héllo 3"} and envelope.source == producer["KAFKA_CLIENT_ID"]
    assert envelope.type == jobs and delivery.key == "k3" and envelope.partitionkey == "k3"
    assert sub.stopped()
    # Committed after the handlers: a new member of the group starts after the last message.
    assert _committed(servers.bootstrap, ml_service["group"], jobs) == len(sent)


def test_python_producer_to_typescript_consumer(servers: Servers, ml_service: Any) -> None:
    env, results = ml_service["env"], ml_service["results"]
    queue = kafka_queue_from_env(env)
    ids = [queue.publish(results, {"score": i / 10, "label": "ünïcode"}, key=f"job-{i}") for i in range(15)]
    queue.close()
    reader = servers.service(_name("dashboard"), produces=[], consumes=[(results, "dashboard-group")])
    out = subprocess.run(
        [*TSX, "clients/python/tests/ts/consume.ts", results, "15", "dashboard-group"],
        env=node_env(reader),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = {m["id"]: m for m in json.loads(out.stdout)}
    assert sorted(seen) == sorted(ids)
    first = seen[ids[1]]
    assert first["data"] == {"score": 0.1, "label": "ünïcode"} and first["key"] == "job-1"
    assert first["source"] == env["KAFKA_CLIENT_ID"] and first["type"] == results
    # On the wire: structured mode with the binding's content-type header.
    [record] = _read_all(servers.bootstrap, results, 1)
    assert dict(record.headers())["content-type"] == b"application/cloudevents+json"


def test_cloudevents_sdk_reads_what_python_writes_and_python_reads_sdk_binary_mode(servers: Servers) -> None:
    from cloudevents.kafka import KafkaMessage, from_structured

    topic = _name("ce")
    servers.topics(topic)
    queue = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "svc-a")
    mid = queue.publish(topic, {"x": 1}, key="k")
    # A binary-mode event as another CloudEvents producer writes it: no time, a charset parameter.
    headers: list[tuple[str, str | bytes | None]] = [
        ("ce_specversion", b"1.0"),
        ("ce_id", b"bin-1"),
        ("ce_source", b"/other"),
        ("ce_type", b"t"),
        ("content-type", b"application/json; charset=utf-8"),
    ]
    p = Producer({"bootstrap.servers": servers.bootstrap})
    p.produce(topic, value=b'{"y":2}', headers=headers)
    p.flush(10)
    records = _read_all(servers.bootstrap, topic, 2)
    sdk = from_structured(KafkaMessage(dict(records[0].headers()), records[0].key(), records[0].value()))
    assert (sdk["id"], sdk["source"], sdk.get_data()) == (mid, "svc-a", {"x": 1})
    got: list[Envelope] = []
    sub = queue.subscribe(topic, lambda e, d: got.append(e), group=_name("g"), from_beginning=True)
    _wait_for(lambda: len(got) == 2)
    sub.stop()
    queue.close()
    assert got[1].id == "bin-1" and got[1].data == {"y": 2} and got[1].time is None


def test_poison_message_reaches_the_dead_letter_topic_after_the_attempts(
    servers: Servers, ml_service: Any
) -> None:
    env, jobs, dlq = ml_service["env"], ml_service["jobs"], ml_service["dlq"]
    backend = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "backend-api")
    backend.publish(jobs, {"features": [1, 2]}, id="good-1", key="a")
    backend.publish(jobs, {"features": "poison"}, id="poison-1", key="b")
    backend.publish(jobs, {"features": [3, 4]}, id="good-2", key="a")
    backend.close()
    queue = kafka_queue_from_env(env)
    p = Producer({"bootstrap.servers": servers.bootstrap})
    p.produce(jobs, value=b"not an envelope", key=b"c", headers=[("trace", b"t-1")])
    p.flush(10)
    calls: Counter[str] = Counter()
    done: list[str] = []

    def handler(e: Envelope, d: Delivery) -> None:
        calls[e.id] += 1
        if not isinstance(e.data["features"], list):
            raise ValueError("features must be a list of numbers " + "x" * 2000)
        done.append(e.id)

    retry = RetryPolicy(max_attempts=3, initial_backoff_s=0.05, max_backoff_s=0.1)
    queue.subscribe(jobs, handler, from_beginning=True, retry=retry, on_error=lambda err, d: None)
    _wait_for(
        lambda: _committed(servers.bootstrap, ml_service["group"], jobs) == 4, what="all four committed"
    )
    queue.close()
    assert done == ["good-1", "good-2"] and calls["poison-1"] == 3
    dead = _read_all(servers.bootstrap, dlq, 2)
    assert [m.key() for m in dead] == [b"b", b"c"]
    h = dict(dead[0].headers())
    assert h["kp-dlq-original-topic"] == jobs.encode() and h["kp-dlq-original-partition"] == b"0"
    assert h["kp-dlq-original-offset"] == b"1" and h["kp-dlq-group"] == ml_service["group"].encode()
    assert h["kp-dlq-attempts"] == b"3" and h["content-type"] == b"application/cloudevents+json"
    assert h["kp-dlq-error"].startswith(b"features must be a list") and len(h["kp-dlq-error"]) == 1024
    assert b'"id":"poison-1"' in dead[0].value()  # the original value, untouched
    h2 = dict(dead[1].headers())
    assert dead[1].value() == b"not an envelope" and h2["trace"] == b"t-1" and h2["kp-dlq-attempts"] == b"1"
    assert h2["kp-dlq-error"].startswith(b"message body is not JSON")


def test_acls_and_the_topic_allow_list(servers: Servers, ml_service: Any) -> None:
    env, jobs = ml_service["env"], ml_service["jobs"]
    queue = kafka_queue_from_env(env)
    with pytest.raises(TopicNotAllowedError, match=r"topic 'other'.* not in KAFKA_CONSUMES \(" + jobs):
        queue.subscribe("other", lambda e, d: None)
    with pytest.raises(TopicNotAllowedError, match="KAFKA_PRODUCES"):
        queue.publish(jobs, {"x": 1})
    # The broker enforces the program's ACLs too: a group the service was not granted.
    with pytest.raises(SubscribeError, match=r"GROUP_AUTHORIZATION_FAILED.*may not READ group not-granted"):
        queue.subscribe(jobs, lambda e, d: None, group="not-granted")
    open_queue = kafka_queue_from_env(env, allow_any_topic=True)
    with pytest.raises(
        DeliveryFailedError, match=f"Topic authorization failed .the service may not WRITE {jobs}"
    ):
        open_queue.publish(jobs, {"x": 1})
    queue.close()
    open_queue.close()


def test_a_long_handler_keeps_its_partition(servers: Servers) -> None:
    topic, group = _name("slow"), _name("slow-group")
    servers.topics(topic)
    # The shortest intervals the broker allows, so a 9 s handler would lose the partition without keepalive.
    overrides = {"session.timeout.ms": 6000, "max.poll.interval.ms": 6000, "heartbeat.interval.ms": 1000}
    kenv = parse_kafka_env(servers.plaintext_env())
    queue = KafkaMessageQueue(confluent_config(kenv), "svc", consumer_overrides=overrides)
    queue.publish(topic, {"n": 1}, id="slow-1")
    queue.publish(topic, {"n": 2}, id="slow-2")
    calls: list[str] = []

    def handler(e: Envelope, d: Delivery) -> None:
        calls.append(e.id)
        if e.id == "slow-1":
            time.sleep(9)

    sub = queue.subscribe(topic, handler, group=group, from_beginning=True)
    _wait_for(lambda: len(calls) >= 2, timeout=30)
    time.sleep(1.5)
    assert sub.healthy(), sub.problem()
    queue.close()
    assert calls == ["slow-1", "slow-2"]  # no rebalance, no redelivery
    assert _committed(servers.bootstrap, group, topic) == 2


def test_health_endpoint_and_stuck_handler(servers: Servers) -> None:
    import urllib.error
    import urllib.request

    topic = _name("health")
    servers.topics(topic)
    queue = KafkaMessageQueue(
        {"bootstrap.servers": servers.bootstrap}, "svc", settings=ConsumerSettings(stuck_after_s=1.0)
    )
    release = threading.Event()
    sub = queue.subscribe(topic, lambda e, d: release.wait(20), group=_name("g"), from_beginning=True)
    health = HealthServer([sub], port=0, host="127.0.0.1")
    url = f"http://127.0.0.1:{health.port}/healthz"
    assert urllib.request.urlopen(url).status == 200
    queue.publish(topic, {"n": 1})
    _wait_for(lambda: not sub.healthy(), timeout=20, what="the stuck handler to show")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url)
    assert err.value.code == 503 and "has been running for" in err.value.read().decode()
    release.set()
    _wait_for(sub.healthy, what="healthy again")
    queue.close()
    assert not sub.healthy() and "stopped" in (sub.problem() or "")
    health.close()


def test_stop_mid_batch_acknowledges_exactly_what_was_handled(servers: Servers) -> None:
    topic, group = _name("midbatch"), _name("midbatch-group")
    servers.topics(topic)
    queue = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "svc")
    for i in range(10):
        queue.publish(topic, {"n": i}, id=f"m{i}", wait=False)
    queue.flush()
    handled: list[str] = []
    in_fourth = threading.Event()

    def handler(e: Envelope, d: Delivery) -> None:
        if e.id == "m3":
            in_fourth.set()
            time.sleep(1)  # the stop arrives while this one runs; the other six of the batch wait
        handled.append(e.id)

    sub = queue.subscribe(topic, handler, group=group, from_beginning=True)
    assert in_fourth.wait(30)
    sub.stop(25)
    assert handled == ["m0", "m1", "m2", "m3"]  # the one in hand finished, the rest not started
    assert _committed(servers.bootstrap, group, topic) == 4
    rest: list[str] = []
    again = queue.subscribe(topic, lambda e, d: rest.append(e.id), group=group, from_beginning=True)
    _wait_for(lambda: len(rest) >= 6)
    again.stop()
    queue.close()
    assert rest == [f"m{i}" for i in range(4, 10)]  # nothing lost, nothing twice


def test_a_handler_outliving_the_grace_period_is_left_unacknowledged(servers: Servers) -> None:
    topic, group = _name("abandon"), _name("abandon-group")
    servers.topics(topic)
    queue = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "svc")
    queue.publish(topic, {"n": 0}, id="quick")
    queue.publish(topic, {"n": 1}, id="stuck")
    started = threading.Event()

    def handler(e: Envelope, d: Delivery) -> None:
        if e.id == "stuck":
            started.set()
            time.sleep(15)

    sub = queue.subscribe(topic, handler, group=group, from_beginning=True)
    assert started.wait(30)
    t = time.monotonic()
    sub.stop(2)
    assert time.monotonic() - t < 8 and sub.stopped()
    assert _committed(servers.bootstrap, group, topic) == 1  # "stuck" comes again
    queue.close()


def test_a_member_joining_mid_stream_takes_partitions_without_repeats(servers: Servers) -> None:
    topic, group = _name("rebalance"), _name("rebalance-group")
    servers.topics(topic, partitions=4)
    backend = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "backend-api")
    ids = [backend.publish(topic, {"n": i}, key=f"k{i}", wait=False) for i in range(400)]
    backend.flush()
    backend.close()
    lock = threading.Lock()
    handled: Counter[str] = Counter()
    by_member: Counter[str] = Counter()

    def handler(member: str) -> Any:
        def handle(e: Envelope, d: Delivery) -> None:
            time.sleep(0.01)
            with lock:
                handled[e.id] += 1
                by_member[member] += 1

        return handle

    a = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "svc")
    a.subscribe(topic, handler("a"), group=group, from_beginning=True)
    _wait_for(lambda: sum(handled.values()) >= 60, what="a to get going")
    b = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "svc")
    b.subscribe(topic, handler("b"), group=group, from_beginning=True)  # joined: a rebalance mid-batch
    _wait_for(lambda: len(handled) == len(ids), timeout=120, what="every message")
    a.close()
    b.close()
    # The rest of a revoked batch is skipped and what was handled is committed; only a message in
    # hand at the revocation may come again (at most one per partition, 4 here).
    repeated = [i for i, n in handled.items() if n > 1]
    assert len(repeated) <= 4 and max(handled.values()) <= 2, (repeated, by_member)
