"""Shared fixtures: the repository root and a way to run the TypeScript side (node + tsx)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
TSX = [str(ROOT / "node_modules/.bin/tsx")]


def run_ts(script: str, stdin: Any = None, env: dict[str, str] | None = None, timeout: float = 120) -> Any:
    """Runs clients/python/tests/ts/<script> with tsx; JSON in on stdin, JSON out on stdout."""
    proc = subprocess.run(
        [*TSX, str(Path(__file__).parent / "ts" / script)],
        input=json.dumps(stdin) if stdin is not None else "",
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise AssertionError(f"{script} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout) if proc.stdout.strip() else None


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


class Servers:
    """The broker and ElasticMQ started by ts/servers.ts, with its commands."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [*TSX, str(Path(__file__).parent / "ts" / "servers.ts")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("ts/servers.ts exited before the servers were up")
        info = json.loads(line)
        self.bootstrap: str = info["bootstrap"]
        self.sqs_endpoint: str = info["sqsEndpoint"]
        self.region: str = info["region"]

    def call(self, **cmd: Any) -> Any:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(cmd) + "\n")
        self._proc.stdin.flush()
        reply = json.loads(self._proc.stdout.readline())
        if "error" in reply:
            raise RuntimeError(f"{cmd['op']}: {reply['error']}")
        return reply["ok"]

    def topics(self, *names: str, partitions: int = 1) -> None:
        self.call(op="topics", topics=list(names), partitions=partitions)

    def queue(self, name: str, **attributes: str) -> str:
        url: str = self.call(op="queue", name=name, attributes=attributes)["url"]
        return url

    def service(self, name: str, produces: list[str], consumes: list[tuple[str, str]]) -> dict[str, str]:
        """A SCRAM user with the ACLs the program grants such a catalog service, and the env it writes."""
        env: dict[str, str] = self.call(
            op="service",
            service={
                "name": name,
                "produces": produces,
                "consumes": [{"topic": t, "group": g} for t, g in consumes],
            },
        )["env"]
        return env

    def plaintext_env(self, **extra: str) -> dict[str, str]:
        return {"KAFKA_BROKER_URL": self.bootstrap, **extra}

    def stop(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        try:
            self._proc.wait(60)
        except subprocess.TimeoutExpired:
            self._proc.kill()


@pytest.fixture(scope="session")
def servers() -> Any:
    s = Servers()
    yield s
    s.stop()


def sqs_client(servers: Servers) -> Any:
    import boto3

    return boto3.client(
        "sqs",
        endpoint_url=servers.sqs_endpoint,
        region_name=servers.region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def node_env(env: dict[str, str]) -> dict[str, str]:
    """The env for a TypeScript helper: the process's PATH etc. plus the platform's variables."""
    import os

    keep = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "AWS_"))}
    return {**keep, **env}
