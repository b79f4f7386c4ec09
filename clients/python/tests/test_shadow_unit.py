"""ShadowComparison's rules, as client/shadow.ts has them: first outcome compared, redeliveries
ignored, failures and timeouts reported, bounded memory, strict equality."""

from __future__ import annotations

from typing import Any

from kafka_platform import Delivery, Difference, Envelope, ShadowComparison, strict_equal

D = Delivery("kafka", "t", "0:0")


def _env(id: str, data: Any = None) -> Envelope:
    return Envelope(id=id, type="t", source="s", data=data)


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _comparison(**kw: Any) -> tuple[ShadowComparison[Any], list[dict[str, Any]], Clock]:
    found: list[dict[str, Any]] = []
    clock = Clock()

    def on(d: Difference[Any]) -> None:
        found.append(d.to_dict())

    return ShadowComparison(on, now=clock, **kw), found, clock


def test_match_mismatch_and_redelivery() -> None:
    c, found, _ = _comparison()
    results = {"a": 1, "b": 2}
    old = c.old(lambda e, d: results[e.id])
    new = c.new(lambda e, d: {"a": 1, "b": 3}[e.id])
    old(_env("a"), D)
    new(_env("a"), D)
    new(_env("b"), D)
    old(_env("b"), D)
    old(_env("b"), D)  # a redelivery after settling starts a new wait, as in TS
    assert found == [{"kind": "mismatch", "id": "b", "old": 2, "new": 3}]
    assert c.report() == {
        "matched": 1,
        "mismatched": 1,
        "missingInNew": 0,
        "missingInOld": 0,
        "newFailed": 0,
        "waiting": 1,
    }


def test_failures_timeouts_and_the_bound() -> None:
    c, found, clock = _comparison(timeout_s=10, max_waiting=2)

    def boom(e: Envelope, d: Delivery) -> int:
        raise ValueError("model crashed")

    c.new(boom)(_env("x"), D)
    c.old(lambda e, d: 1)(_env("only-old"), D)
    clock.t = 5
    c.new(lambda e, d: 2)(_env("only-new"), D)
    clock.t = 11
    c.sweep()
    assert found == [
        {"kind": "new-failed", "id": "x", "error": "model crashed"},
        {"kind": "missing-in-new", "id": "only-old", "old": 1},
    ]
    c.new(lambda e, d: 3)(_env("n2"), D)
    c.new(lambda e, d: 4)(_env("n3"), D)  # a third waiting id pushes out the oldest
    assert found[-1] == {"kind": "missing-in-old", "id": "only-new", "new": 2}
    assert c.report()["waiting"] == 2


def test_compute_gets_a_copy() -> None:
    c, _, _ = _comparison()
    env = _env("a", {"xs": [1]})

    def mutate(e: Envelope, d: Delivery) -> int:
        e.data["xs"].append(2)
        return 1

    c.new(mutate)(env, D)
    assert env.data == {"xs": [1]}


def test_strict_equality_of_json_values() -> None:
    assert strict_equal({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert (
        not strict_equal(True, 1)
        and not strict_equal("1", 1)
        and not strict_equal({"a": 1}, {"a": 1, "b": None})
    )
    assert not strict_equal([1], (1,)) and strict_equal(None, None)
