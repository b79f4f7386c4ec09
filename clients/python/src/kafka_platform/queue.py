"""What every transport shares: deliveries, handlers, subscriptions, retry policy and the topic
allow-list (the Python side of client/messageQueue.ts)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, Protocol

from .envelope import Envelope

log = logging.getLogger("kafka_platform")


class Delivery(NamedTuple):
    """What a handler learns about a delivery besides the envelope (immutable; one per message)."""

    transport: Literal["kafka", "sqs"]
    topic: str
    #: Transport position, for logs: ``partition:offset`` on Kafka, the message id on SQS.
    position: str
    #: The ordering key (Kafka record key / SQS MessageGroupId), when there is one.
    key: str | None = None
    #: 1 on the first try, counting up on retries within this process.
    attempt: int = 1


#: Processes one message. Returning acknowledges it (Kafka stores the offset for commit, SQS deletes
#: the message); raising leaves it to be tried again (at-least-once on both transports).
Handler = Callable[[Envelope, Delivery], Any]
OnError = Callable[[BaseException, Delivery], None]


def default_on_error(err: BaseException, delivery: Delivery) -> None:
    log.error("message %s on %s (%s) failed: %s", delivery.position, delivery.topic, delivery.transport, err)


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts per message before it goes to the dead-letter topic, with exponential backoff between
    them. Defaults as the TypeScript library: 5 attempts, 1 s doubling to at most 30 s."""

    max_attempts: int = 5
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 30.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")
        if self.initial_backoff_s < 0 or self.max_backoff_s < self.initial_backoff_s:
            raise ValueError("backoff must satisfy 0 <= initial_backoff_s <= max_backoff_s")

    def backoff_s(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (1-based)."""
        return float(min(self.initial_backoff_s * 2 ** (attempt - 1), self.max_backoff_s))


class Subscription(Protocol):
    def stop(self, timeout: float | None = None) -> None:
        """Stops receiving; returns once the in-flight message is done and acknowledgements are written."""

    def healthy(self) -> bool:
        """For a liveness probe: the loop runs and no handler is stuck."""

    def problem(self) -> str | None:
        """Why healthy() is false, if it is."""

    def stopped(self) -> bool:
        """True once the subscription receives nothing more."""


class MessageQueue(Protocol):
    def publish(
        self,
        topic: str,
        message: Any,
        *,
        key: str | None = None,
        id: str | None = None,
        type: str | None = None,
    ) -> str: ...

    def subscribe(
        self,
        topic: str,
        handler: Handler,
        *,
        group: str | None = None,
        from_beginning: bool = False,
        on_error: OnError | None = None,
    ) -> Subscription: ...

    def close(self, timeout: float = 25.0) -> None: ...


class TopicNotAllowedError(ValueError):
    pass


class QueueClosedError(RuntimeError):
    pass


def check_topic(topic: str, allowed: Sequence[str] | None, variable: str, verb: str) -> None:
    """Refuses a topic the platform granted the service no access to (opt out with allow_any_topic=True)."""
    if allowed is None or topic in allowed:
        return
    listed = ", ".join(allowed) or "none"
    raise TopicNotAllowedError(
        f"cannot {verb} topic {topic!r}: it is not in {variable} ({listed}), so the platform granted this "
        f"service no access to it; add it to the service in topics/catalog.yaml and deploy, "
        f"or pass allow_any_topic=True"
    )
