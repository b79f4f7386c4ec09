"""MessageQueue on SQS (boto3), the Python side of client/sqsQueue.ts: phases 1-2 of the migration,
when the ML service still reads SQS behind the same interface it will use on Kafka.

The body is the structured-mode JSON envelope. A message is deleted after its handler returned;
a failing one is left for SQS to deliver again after the visibility timeout (the queue's redrive
policy moves poison messages to its dead-letter queue). FIFO queues: the key is the MessageGroupId
and the message id the MessageDeduplicationId; a failed message holds back the rest of its group
in that receive, so order within a group holds."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

from .envelope import EnvelopeError, create_envelope, decode_envelope, encode_envelope
from .queue import Delivery, Handler, OnError, QueueClosedError, default_on_error, log


class SqsMessageQueue:
    transport = "sqs"

    def __init__(
        self,
        client: Any,
        queues: Mapping[str, str],
        source: str,
        *,
        wait_time_seconds: int = 20,
        stuck_after_s: float = 300.0,
    ) -> None:
        """``client`` is a boto3 SQS client (region, credentials, endpoint are the caller's);
        ``queues`` maps each topic to its queue URL (a URL ending in ``.fifo`` is a FIFO queue)."""
        self._client = client
        self._queues = dict(queues)
        self.source = source
        self._wait = wait_time_seconds
        self._stuck_after_s = stuck_after_s
        self._subscriptions: set[SqsSubscription] = set()
        self._closed = False

    def queue_url(self, topic: str) -> str:
        url = self._queues.get(topic)
        if not url:
            known = ", ".join(self._queues) or "none"
            raise KeyError(f"no SQS queue URL configured for topic {topic} (configured: {known})")
        return url

    def publish(
        self,
        topic: str,
        message: Any,
        *,
        key: str | None = None,
        id: str | None = None,
        type: str | None = None,
    ) -> str:
        if self._closed:
            raise QueueClosedError(f"cannot publish to {topic}: the SQS queue is closed")
        url = self.queue_url(topic)
        if url.endswith(".fifo") and key is None:
            raise ValueError(
                f"publishing to FIFO queue {url} (topic {topic}) needs a key: it becomes the MessageGroupId"
            )
        envelope = create_envelope(topic, message, self.source, key=key, id=id, type=type)
        params: dict[str, Any] = {"QueueUrl": url, "MessageBody": encode_envelope(envelope, topic).decode()}
        if url.endswith(".fifo"):
            params |= {"MessageGroupId": key, "MessageDeduplicationId": envelope.id}
        self._client.send_message(**params)
        return envelope.id

    def subscribe(
        self,
        topic: str,
        handler: Handler,
        *,
        group: str | None = None,
        from_beginning: bool = False,
        on_error: OnError | None = None,
    ) -> SqsSubscription:
        """Receives from the topic's queue on a thread of its own. ``group`` and ``from_beginning`` are
        Kafka's: one SQS queue is one group, and it always delivers what it holds."""
        if self._closed:
            raise QueueClosedError(f"cannot subscribe to {topic}: the SQS queue is closed")
        sub = SqsSubscription(self, topic, self.queue_url(topic), handler, on_error or default_on_error)
        self._subscriptions.add(sub)
        return sub

    def close(self, timeout: float = 25.0) -> None:
        self._closed = True
        deadline = time.monotonic() + timeout
        for sub in list(self._subscriptions):
            sub.stop(max(0.0, deadline - time.monotonic()))


class SqsSubscription:
    def __init__(
        self, queue: SqsMessageQueue, topic: str, url: str, handler: Handler, on_error: OnError
    ) -> None:
        self.topic = topic
        self._queue = queue
        self._url = url
        self._handler = handler
        self._on_error = on_error
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._idle = threading.Event()  # set while no handler runs
        self._idle.set()
        self._message_started: float | None = None
        self._tick = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"sqs-consumer-{topic}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 25.0) -> None:
        """Returns once the message in hand is handled (and deleted). A receive still waiting (long
        poll) is not waited for: what it brings is handed back to the queue unhandled."""
        self._stopping.set()
        self._idle.wait(timeout)
        self._queue._subscriptions.discard(self)
        self._stopped.set()

    def stopped(self) -> bool:
        return self._stopped.is_set()

    def healthy(self) -> bool:
        return self.problem() is None

    def problem(self) -> str | None:
        if self._stopped.is_set() or not self._thread.is_alive():
            return f"consumer of {self.topic} (sqs) stopped"
        now = time.monotonic()
        started = self._message_started
        if started is not None and now - started > self._queue._stuck_after_s:
            return f"a handler of {self.topic} (sqs) has been running for {now - started:.0f} s"
        if started is None and now - self._tick > self._queue._wait + 60:
            return f"consumer of {self.topic} (sqs) has not received for {now - self._tick:.0f} s"
        return None

    def _run(self) -> None:
        client = self._queue._client
        backoff = 0.1
        while not self._stopping.is_set():
            try:
                out = client.receive_message(
                    QueueUrl=self._url,
                    MaxNumberOfMessages=10,
                    WaitTimeSeconds=self._queue._wait,
                    MessageSystemAttributeNames=["MessageGroupId"],
                )
                backoff = 0.1
            except Exception as err:
                self._on_error(err, Delivery("sqs", self.topic, f"receive from {self._url}"))
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            finally:
                self._tick = time.monotonic()
            messages = out.get("Messages", [])
            if self._stopping.is_set():
                self._release(messages)
                return
            failed_groups: set[str] = set()
            for i, m in enumerate(messages):
                if self._stopping.is_set():
                    self._release(messages[i:])
                    return
                group = m.get("Attributes", {}).get("MessageGroupId")
                if group is not None and group in failed_groups:
                    continue
                delivery = Delivery("sqs", self.topic, m.get("MessageId", "unknown"), group)
                self._idle.clear()
                self._message_started = time.monotonic()
                try:
                    envelope = decode_envelope(m.get("Body"))
                    if delivery.key is None and envelope.partitionkey is not None:
                        delivery = Delivery("sqs", self.topic, delivery.position, envelope.partitionkey)
                    self._handler(envelope, delivery)
                    client.delete_message(QueueUrl=self._url, ReceiptHandle=m["ReceiptHandle"])
                except (EnvelopeError, Exception) as err:
                    # Not deleted: SQS delivers it again, and the redrive policy moves poison messages to a DLQ.
                    if group is not None:
                        failed_groups.add(group)
                    self._on_error(err, delivery)
                finally:
                    self._message_started = None
                    self._idle.set()

    def _release(self, messages: list[dict[str, Any]]) -> None:
        """Hands received but unhandled messages back at once instead of after the visibility timeout."""
        if not messages:
            return
        try:
            self._queue._client.change_message_visibility_batch(
                QueueUrl=self._url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                    for i, m in enumerate(messages)
                ],
            )
        except Exception as err:  # they come back after the visibility timeout anyway
            log.warning("handing back %d SQS messages failed: %s", len(messages), err)
