"""examples/ml_worker.py, the seeds' ML consumer, run as a process against the real broker with the
env and ACLs the program gives it: it does the work, and a SIGTERM in the middle of a batch loses
nothing and repeats nothing (it finishes the job in hand, commits, leaves the group)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from typing import Any

from confluent_kafka import Consumer, TopicPartition

from conftest import ROOT, Servers
from kafka_platform import KafkaMessageQueue

WORKER = ROOT / "examples" / "ml_worker.py"


def _results(bootstrap: str, topic: str, at_least: int | None = None) -> list[dict[str, Any]]:
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "observer", "enable.auto.commit": False})
    c.assign([TopicPartition(topic, p, 0) for p in range(3)])
    out: list[dict[str, Any]] = []
    idle = time.monotonic()
    while time.monotonic() - idle < 1.5 and (at_least is None or len(out) < at_least):
        m = c.poll(0.2)
        if m is not None and m.error() is None:
            out.append(json.loads(m.value() or b"null"))
            idle = time.monotonic()
    c.close()
    return out


def _start(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KAFKA_")},
        **env,
        "HEALTH_PORT": str(port),
    }
    return subprocess.Popen([sys.executable, str(WORKER)], env=full, stderr=subprocess.PIPE, text=True)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_ml_worker_example_and_sigterm_mid_batch(servers: Servers) -> None:
    suffix = uuid.uuid4().hex[:6]
    jobs, results = f"ml.jobs-{suffix}", f"ml.results-{suffix}"
    servers.topics(jobs, results, partitions=3)
    env = servers.service(f"ml-worker-{suffix}", produces=[results], consumes=[(jobs, f"ml-worker-{suffix}")])
    env |= {"ML_JOBS_TOPIC": jobs, "ML_RESULTS_TOPIC": results}
    backend = KafkaMessageQueue({"bootstrap.servers": servers.bootstrap}, "backend-api")
    ids = [
        backend.publish(jobs, {"features": [i, 1, 2, 3]}, key=f"user-{i % 7}", wait=False)
        for i in range(4000)
    ]
    backend.flush()
    backend.close()

    port = _free_port()
    worker = _start(env, port)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                assert r.status == 200
                break
        except OSError:
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            assert time.monotonic() < deadline, "no health endpoint"
            time.sleep(0.2)
    # Let it get into the stream, then stop it the way Kubernetes does.
    while len(_results(servers.bootstrap, results, at_least=50)) < 50:
        assert time.monotonic() < deadline
    worker.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    _, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert time.monotonic() - signalled < 30  # within Kubernetes' default grace period
    first = len(_results(servers.bootstrap, results))
    assert first < len(ids), "stopped mid-stream"

    worker = _start(env, _free_port())
    deadline = time.monotonic() + 120
    while len(got := _results(servers.bootstrap, results)) < len(ids):
        assert time.monotonic() < deadline, f"only {len(got)} of {len(ids)} results"
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=30)

    counts = Counter(r["data"]["job"] for r in got)
    assert set(counts) == set(ids)  # nothing lost
    assert [j for j, n in counts.items() if n > 1] == []  # a clean stop repeats nothing
    sample = next(r["data"] for r in got if r["id"] == ids[10])
    assert sample["score"] == round(0.4 * 10 + 0.3 + 0.4 + 0.3, 6)
