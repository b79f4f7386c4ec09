"""npm run bench:python: consume throughput of kafka_platform's Kafka consumer against raw
confluent-kafka with the same settings, and against the TypeScript library's consumer, on one
topic of a real broker (tests/harness/kafka.ts). Rates run from the first message to the last, so
the group join is not counted. Usage: consume.py [messages] [runs]."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from confluent_kafka import Consumer, Producer

from conftest import ROOT, TSX, Servers
from kafka_platform import Delivery, Envelope, KafkaMessageQueue, create_envelope
from kafka_platform.envelope import structured_record

#: What the package sets on its consumers; the raw baseline gets the same.
SETTINGS = {"enable.auto.commit": True, "enable.auto.offset.store": False, "auto.offset.reset": "earliest"}


def fill(bootstrap: str, topic: str, n: int) -> None:
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "acks": "all"})
    for i in range(n):
        env = create_envelope(
            topic,
            {"job": i, "features": [0.1, 0.2, 0.3, 0.4], "model": "v3"},
            "backend-api",
            key=f"u{i % 50}",
        )
        value, headers = structured_record(env, topic)
        while True:
            try:
                p.produce(topic, value=value, key=env.partitionkey, headers=dict(headers))
                break
            except BufferError:
                p.poll(0.05)
    p.flush(60)


def raw(bootstrap: str, topic: str, n: int, decode: bool) -> float:
    """The loop any at-least-once confluent-kafka consumer runs: consume, (decode,) store the offset."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"raw-{uuid.uuid4().hex}", **SETTINGS})
    c.subscribe([topic])
    seen, first = 0, 0.0
    while seen < n:
        for m in c.consume(500, 1.0):
            if m.error():
                continue
            if seen == 0:
                first = time.perf_counter()
            if decode:
                json.loads(m.value())  # type: ignore[arg-type]
            c.store_offsets(message=m)
            seen += 1
    elapsed = time.perf_counter() - first
    c.close()
    return elapsed


def package(bootstrap: str, topic: str, n: int) -> float:
    queue = KafkaMessageQueue({"bootstrap.servers": bootstrap}, "bench")
    state = {"seen": 0, "first": 0.0, "last": 0.0}
    done = threading.Event()

    def handler(e: Envelope, d: Delivery) -> None:
        if state["seen"] == 0:
            state["first"] = time.perf_counter()
        state["seen"] += 1
        if state["seen"] == n:
            state["last"] = time.perf_counter()
            done.set()

    queue.subscribe(topic, handler, group=f"pkg-{uuid.uuid4().hex}", from_beginning=True)
    done.wait(600)
    queue.close()
    return state["last"] - state["first"]


def typescript(bootstrap: str, topic: str, n: int) -> float:
    out = subprocess.run(
        [*TSX, "clients/python/bench/tsConsume.ts", bootstrap, topic, str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    seconds: float = json.loads(out.stdout)["seconds"]
    return seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    servers = Servers()
    try:
        topic = f"bench-{uuid.uuid4().hex[:6]}"
        servers.topics(topic)
        t = time.perf_counter()
        fill(servers.bootstrap, topic, n)
        print(f"filled {topic} with {n} envelopes in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        rates: dict[str, list[float]] = {
            "raw confluent-kafka": [],
            "raw + json.loads": [],
            "kafka_platform": [],
        }
        for _ in range(runs):  # interleaved, so load from other processes hits all alike
            rates["raw confluent-kafka"].append(n / raw(servers.bootstrap, topic, n, decode=False))
            rates["raw + json.loads"].append(n / raw(servers.bootstrap, topic, n, decode=True))
            rates["kafka_platform"].append(n / package(servers.bootstrap, topic, n))
        rates["TypeScript client (kafkajs)"] = [n / typescript(servers.bootstrap, topic, n)]
        med = {k: statistics.median(v) for k, v in rates.items()}
        result: dict[str, Any] = {
            "messages": n,
            "runs": runs,
            "msgs_per_s_median": {k: round(v) for k, v in med.items()},
            "kafka_platform_vs_raw": round(med["kafka_platform"] / med["raw confluent-kafka"], 3),
            "kafka_platform_vs_raw_json": round(med["kafka_platform"] / med["raw + json.loads"], 3),
            "kafka_platform_vs_typescript": round(
                med["kafka_platform"] / med["TypeScript client (kafkajs)"], 3
            ),
        }
        print(json.dumps(result, indent=2))
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
