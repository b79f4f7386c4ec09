"""Phase 3 of the migration, as client/shadow.ts defines it: the live consumer keeps reading the old
system (SQS) and doing the work; a shadow consumer reads the same messages from the new system
(Kafka) and only computes what it would do. ShadowComparison compares the two outcomes per message
id and reports each difference (``mismatch``, ``missing-in-new``, ``missing-in-old``, ``new-failed``)
to ``on_difference`` and counts them in report() under the TypeScript names.

The shadow ``compute`` gets a copy of the envelope's data and must return its outcome instead of
writing it; its errors are never raised (a shadow failure must not block or redeliver anything),
and every shadow message is acknowledged, so the shadow group keeps pace and affects nothing.
Thread-safe: the live and shadow subscriptions call in from their own threads."""

from __future__ import annotations

import copy
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from .envelope import Envelope
from .queue import Delivery, Handler, log

R = TypeVar("R")

DifferenceKind = Literal["mismatch", "missing-in-new", "missing-in-old", "new-failed"]


@dataclass(frozen=True)
class Difference(Generic[R]):
    """One way the new system's outcome differed from the old one for a message id."""

    kind: DifferenceKind
    id: str
    old: R | None = None
    new: R | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The TypeScript Difference object: only the fields its kind has."""
        out: dict[str, Any] = {"kind": self.kind, "id": self.id}
        if self.kind in ("mismatch", "missing-in-new"):
            out["old"] = self.old
        if self.kind in ("mismatch", "missing-in-old"):
            out["new"] = self.new
        if self.kind == "new-failed":
            out["error"] = self.error
        return out


def log_difference(difference: Difference[Any]) -> None:
    """A default ``on_difference``: one JSON log line per difference (``shadow difference {...}``)."""
    log.warning("shadow difference %s", json.dumps(difference.to_dict(), default=str, ensure_ascii=False))


def strict_equal(a: Any, b: Any) -> bool:
    """Deep equality as node's isDeepStrictEqual sees JSON values: True is not 1, 1 is 1.0 (one
    number type in JavaScript), dicts by keys and values, lists in order."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(strict_equal(x, y) for x, y in zip(a, b, strict=True))
        )
    return type(a) is type(b) and bool(a == b)


def _copy(envelope: Envelope) -> Envelope:
    """The envelope is immutable; its data and extensions are copied so compute cannot touch the live side's."""
    return envelope._replace(
        data=copy.deepcopy(envelope.data),
        extensions=copy.deepcopy(dict(envelope.extensions)) if envelope.extensions else envelope.extensions,
    )


class _Entry(Generic[R]):
    __slots__ = ("first_seen", "has_old", "new_error", "new_value", "old", "state_new")

    def __init__(self, first_seen: float) -> None:
        self.first_seen = first_seen
        self.has_old = False
        self.old: R | None = None
        self.state_new: Literal["none", "ok", "failed"] = "none"
        self.new_value: R | None = None
        self.new_error = ""


class ShadowComparison(Generic[R]):
    def __init__(
        self,
        on_difference: Callable[[Difference[R]], None] = log_difference,
        *,
        timeout_s: float = 60.0,
        equal: Callable[[R, R], bool] = strict_equal,
        max_waiting: int = 100_000,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        """``timeout_s``: how long one side waits for the other before the message counts as missing;
        ``max_waiting``: ids held while waiting, beyond it the oldest count as missing."""
        self._on_difference = on_difference
        self._timeout_s = timeout_s
        self._equal = equal
        self._max_waiting = max_waiting
        self._now = now
        self._entries: OrderedDict[str, _Entry[R]] = OrderedDict()
        self._counts = {"matched": 0, "mismatched": 0, "missingInNew": 0, "missingInOld": 0, "newFailed": 0}
        self._lock = threading.Lock()
        self._timer_stop = threading.Event()
        self._timer: threading.Thread | None = None

    def start(self) -> ShadowComparison[R]:
        """Sweeps for timed-out ids periodically on a daemon thread."""
        if self._timer is None:
            every = max(0.1, self._timeout_s / 4)

            def loop() -> None:
                while not self._timer_stop.wait(every):
                    self.sweep()

            self._timer = threading.Thread(target=loop, name="shadow-sweep", daemon=True)
            self._timer.start()
        return self

    def stop(self) -> None:
        self._timer_stop.set()

    def old(self, handler: Callable[[Envelope, Delivery], R]) -> Handler:
        """Wraps the live handler on the old system; it returns the outcome it committed."""

        def wrapped(envelope: Envelope, delivery: Delivery) -> None:
            result = handler(envelope, delivery)
            found: list[Difference[R]] = []
            with self._lock:
                entry = self._entry(envelope.id, found)
                if not entry.has_old:  # else a redelivery: the first outcome is the one compared
                    entry.old, entry.has_old = result, True
                    self._settle(envelope.id, entry, found)
            self._report(found)

        return wrapped

    def new(self, compute: Callable[[Envelope, Delivery], R]) -> Handler:
        """Wraps the side-effect-free computation on the new system."""

        def wrapped(envelope: Envelope, delivery: Delivery) -> None:
            with self._lock:
                if (e := self._entries.get(envelope.id)) is not None and e.state_new != "none":
                    return
            try:
                value: R | None = compute(_copy(envelope), delivery)
                error = None
            except Exception as err:
                value, error = None, str(err)
            found: list[Difference[R]] = []
            with self._lock:
                entry = self._entry(envelope.id, found)
                if entry.state_new != "none":
                    return
                if error is None:
                    entry.state_new, entry.new_value = "ok", value
                else:
                    entry.state_new, entry.new_error = "failed", error
                self._settle(envelope.id, entry, found)
            self._report(found)

        return wrapped

    def _entry(self, id: str, found: list[Difference[R]]) -> _Entry[R]:
        entry = self._entries.get(id)
        if entry is None:
            entry = _Entry(self._now())
            self._entries[id] = entry
            if len(self._entries) > self._max_waiting:
                oldest_id, oldest = next(iter(self._entries.items()))
                self._expire(oldest_id, oldest, found)
        return entry

    def _settle(self, id: str, entry: _Entry[R], found: list[Difference[R]]) -> None:
        if entry.state_new == "failed":
            del self._entries[id]
            self._counts["newFailed"] += 1
            found.append(Difference("new-failed", id, error=entry.new_error))
            return
        if not entry.has_old or entry.state_new != "ok":
            return
        del self._entries[id]
        old, new = entry.old, entry.new_value
        if self._equal(old, new):  # type: ignore[arg-type]
            self._counts["matched"] += 1
        else:
            self._counts["mismatched"] += 1
            found.append(Difference("mismatch", id, old=old, new=new))

    def sweep(self) -> None:
        """Reports ids that waited longer than the timeout for the other side."""
        found: list[Difference[R]] = []
        with self._lock:
            cutoff = self._now() - self._timeout_s
            for id, entry in list(self._entries.items()):
                if entry.first_seen > cutoff:
                    break  # insertion order = first-seen order
                self._expire(id, entry, found)
        self._report(found)

    def _expire(self, id: str, entry: _Entry[R], found: list[Difference[R]]) -> None:
        del self._entries[id]
        if entry.has_old:
            self._counts["missingInNew"] += 1
            found.append(Difference("missing-in-new", id, old=entry.old))
        elif entry.state_new == "ok":
            self._counts["missingInOld"] += 1
            found.append(Difference("missing-in-old", id, new=entry.new_value))

    def _report(self, found: list[Difference[R]]) -> None:
        for d in found:  # outside the lock: a slow callback must not hold up the consumers
            self._on_difference(d)

    def report(self) -> dict[str, int]:
        """The counters as client/shadow.ts' ShadowReport: matched, mismatched, missingInNew,
        missingInOld, newFailed, and waiting (ids seen on one side only, still within the timeout)."""
        with self._lock:
            return {**self._counts, "waiting": len(self._entries)}

    def prometheus(self, prefix: str = "kafka_platform_shadow") -> str:
        """report() in the Prometheus text format, for a /metrics endpoint."""
        names = {
            "matched": "matched",
            "mismatched": "mismatched",
            "missingInNew": "missing_in_new",
            "missingInOld": "missing_in_old",
            "newFailed": "new_failed",
        }
        r = self.report()
        lines = []
        for key, name in names.items():
            lines += [f"# TYPE {prefix}_{name}_total counter", f"{prefix}_{name}_total {r[key]}"]
        lines += [f"# TYPE {prefix}_waiting gauge", f"{prefix}_waiting {r['waiting']}"]
        return "\n".join(lines) + "\n"
