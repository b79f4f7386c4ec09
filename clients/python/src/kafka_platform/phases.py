"""The migration phases for a consumer (seed 004), as client/phases.ts names them. The mode says
which system is the system of record; a consumer reads that one:

- ``sqs`` (phase 1) and ``sqs+kafka`` (phases 2-3: dual-write, SQS still the record): read SQS.
  In phase 3 the new version runs a shadow Kafka consumer beside it (see shadow_subscribe).
- ``kafka+sqs`` (phase 4, rollback window) and ``kafka``: read Kafka.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Literal, TypeVar

from .envelope import Envelope
from .queue import Delivery, MessageQueue, Subscription
from .shadow import ShadowComparison

QueueMode = Literal["sqs", "sqs+kafka", "kafka+sqs", "kafka"]
QUEUE_MODES: tuple[QueueMode, ...] = ("sqs", "sqs+kafka", "kafka+sqs", "kafka")
#: The env variable a service can use to pick its mode; not written by the platform program.
QUEUE_MODE_ENV = "MESSAGE_QUEUE_MODE"

R = TypeVar("R")


def parse_queue_mode(raw: str | None = None) -> QueueMode:
    """The mode from ``raw`` (default: MESSAGE_QUEUE_MODE), ``sqs`` when unset; the same message as TS."""
    if raw is None:
        raw = os.environ.get(QUEUE_MODE_ENV)
    value = (raw or "").strip() or "sqs"
    for mode in QUEUE_MODES:
        if value == mode:
            return mode
    shown = "undefined" if raw is None else json.dumps(raw, ensure_ascii=False)
    raise ValueError(f"{QUEUE_MODE_ENV}: {shown} is not one of {', '.join(QUEUE_MODES)}")


def consumer_queue_for_mode(
    mode: QueueMode, *, sqs: Callable[[], MessageQueue], kafka: Callable[[], MessageQueue]
) -> MessageQueue:
    """The queue a consumer reads in ``mode``; built lazily, so ``kafka`` mode needs no SQS client."""
    return sqs() if mode in ("sqs", "sqs+kafka") else kafka()


def shadow_subscribe(
    topic: str,
    *,
    live: MessageQueue,
    live_handler: Callable[[Envelope, Delivery], R],
    shadow: MessageQueue,
    shadow_compute: Callable[[Envelope, Delivery], R],
    comparison: ShadowComparison[R],
    shadow_group: str | None = None,
    shadow_from_beginning: bool = False,
) -> tuple[Subscription, Subscription]:
    """Phase 3: the live handler on the old system does the work; the shadow computation on the new
    system only returns its outcome; ``comparison`` matches them by message id."""
    comparison.start()
    live_sub = live.subscribe(topic, comparison.old(live_handler))
    shadow_sub = shadow.subscribe(
        topic, comparison.new(shadow_compute), group=shadow_group, from_beginning=shadow_from_beginning
    )
    return live_sub, shadow_sub
