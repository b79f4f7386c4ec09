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
