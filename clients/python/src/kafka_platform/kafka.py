"""MessageQueue on Kafka with the TypeScript library's semantics (client/kafkaQueue.ts):

- at-least-once: an offset is stored for commit only after the handler returned (librdkafka's
  ``enable.auto.offset.store=false`` pattern), committed in the background, on revocation and on stop;
- a failing message is tried ``RetryPolicy.max_attempts`` times with exponential backoff, then goes to
  the dead-letter topic the catalog names (KAFKA_DEAD_LETTER_TOPICS) with the original key, value and
  headers plus ``kp-dlq-*`` headers; without one it keeps being retried (nothing acknowledged is lost);
- long handlers keep their partitions: handlers run on a worker thread while the consumer thread
  keeps polling (with the partitions paused), so ``max.poll.interval.ms`` never runs out;
- stop() finishes the message in hand, commits and leaves the group: well within Kubernetes'
  default 30 s grace period (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition

from .config import Env, KafkaEnv, confluent_config, parse_kafka_env
from .contract import ENV
from .envelope import (
    Envelope,
    EnvelopeError,
    binary_record,
    create_envelope,
    decode_record,
    structured_record,
)
from .queue import (
    Delivery,
    Handler,
    OnError,
    QueueClosedError,
    RetryPolicy,
    check_topic,
    default_on_error,
    log,
)
from .tokens import TokenSources

#: Headers a dead-lettered record carries besides its own (convention shared with client/).
DLQ_TOPIC = "kp-dlq-original-topic"
DLQ_PARTITION = "kp-dlq-original-partition"
DLQ_OFFSET = "kp-dlq-original-offset"
DLQ_GROUP = "kp-dlq-group"
DLQ_ATTEMPTS = "kp-dlq-attempts"
DLQ_ERROR = "kp-dlq-error"
DLQ_ERROR_MAX_BYTES = 1024


def truncate_utf8(text: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of UTF-8, never cutting a character in two."""
    return text.encode()[:max_bytes].decode("utf-8", "ignore").encode()


def _where(m: Message) -> tuple[str, int, int]:
    """Topic, partition and offset of a record (never None for a record without error)."""
    topic, partition, offset = m.topic(), m.partition(), m.offset()
    assert topic is not None and partition is not None and offset is not None
    return topic, partition, offset


def _value(m: Message) -> bytes | None:
    v = m.value()
    return v.encode() if isinstance(v, str) else v


def _headers(m: Message) -> list[tuple[str, bytes | None]]:
    raw = m.headers() or []
    pairs = raw.items() if isinstance(raw, dict) else raw
    return [(k, v.encode() if isinstance(v, str) else v) for k, v in pairs]


def _publish_failure(topic: str, err: KafkaError) -> str:
    hint = {
        KafkaError.TOPIC_AUTHORIZATION_FAILED: f" (the service may not WRITE {topic}; {ENV.produces} lists what it may)",
        KafkaError.UNKNOWN_TOPIC_OR_PART: " (declare it in the platform's topic catalog, topics/catalog.yaml, and deploy)",
    }.get(err.code(), "")
    return f"publishing to {topic} failed: {err.str()}{hint}"


#: Records fetched together, and the revocation count of each of their partitions at fetch time.
Batch = tuple[list[Message], dict[tuple[str, int], int]]


class DeliveryFailedError(RuntimeError):
    pass


class SubscribeError(RuntimeError):
    pass


@dataclass(frozen=True)
class ConsumerSettings:
    """How a subscription consumes; the defaults suit a worker like the ML service."""

    #: Records handed to the worker thread at once (confluent_kafka Consumer.consume num_messages).
    batch_size: int = 500
    #: Pause the partitions and keep polling once a batch has run this long.
    keepalive_after_s: float = 1.0
    #: A handler running longer than this makes the subscription unhealthy (liveness probe fails).
    stuck_after_s: float = 300.0
    #: How long subscribe() waits for the group join.
    join_timeout_s: float = 60.0


class KafkaMessageQueue:
    """Publishes envelopes (idempotent producer, acks=all) and consumes them with at-least-once semantics."""

    transport = "kafka"

    def __init__(
        self,
        config: Mapping[str, Any],
        source: str,
        *,
        kenv: KafkaEnv | None = None,
        allow_any_topic: bool = False,
        binary_mode: bool = False,
        settings: ConsumerSettings | None = None,
        consumer_overrides: Mapping[str, Any] | None = None,
        producer_overrides: Mapping[str, Any] | None = None,
    ) -> None:
        self._config = dict(config)
        self.source = source
        self._kenv = kenv
        self._allow_any = allow_any_topic or kenv is None
        self._binary = binary_mode
        self._settings = settings or ConsumerSettings()
        self._consumer_overrides = dict(consumer_overrides or {})
        self._producer_overrides = dict(producer_overrides or {})
        self._producer: Producer | None = None
        self._producer_lock = threading.Lock()
        self._pending_errors: list[BaseException] = []
        self._subscriptions: set[KafkaSubscription] = set()
        self._closed = False

    # -- publishing --------------------------------------------------------------------------------

    def producer(self) -> Producer:
        with self._producer_lock:
            if self._producer is None:
                self._producer = Producer(
                    {
                        **self._config,
                        "enable.idempotence": True,
                        "acks": "all",
                        "linger.ms": 5,
                        **self._producer_overrides,
                    }
                )
            return self._producer

    def publish(
        self,
        topic: str,
        message: Any,
        *,
        key: str | None = None,
        id: str | None = None,
        type: str | None = None,
        wait: bool = True,
    ) -> str:
        """Publishes and returns the message id; with ``wait`` (the default) once the broker acknowledged
        it, otherwise at once (flush() then waits and raises the first failure)."""
        envelope = create_envelope(topic, message, self.source, key=key, id=id, type=type)
        self.publish_envelope(topic, envelope, key, wait=wait)
        return envelope.id

    def publish_envelope(
        self, topic: str, envelope: Envelope, key: str | None = None, *, wait: bool = True
    ) -> None:
        if self._closed:
            raise QueueClosedError(f"cannot publish to {topic}: the Kafka queue is closed")
        if not self._allow_any:
            check_topic(topic, self._kenv.produces if self._kenv else None, ENV.produces, "publish to")
        value, headers = (binary_record if self._binary else structured_record)(envelope, topic)
        self._produce(topic, value, key.encode() if key is not None else None, headers, wait)

    def _produce(
        self,
        topic: str,
        value: bytes | None,
        key: bytes | None,
        headers: Sequence[tuple[str, bytes | None]],
        wait: bool,
    ) -> None:
        producer = self.producer()
        done = threading.Event()
        failure: list[KafkaError] = []

        def delivered(err: KafkaError | None, _msg: Message) -> None:
            if err is not None:
                failure.append(err)
                if not wait:
                    self._pending_errors.append(
                        DeliveryFailedError(f"publishing to {topic} failed: {err.str()}")
                    )
            done.set()

        while True:
            try:
                producer.produce(topic, value=value, key=key, headers=list(headers), on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.1)  # local queue full: serve deliveries, then try again
        if not wait:
            producer.poll(0)
            return
        while not done.is_set():
            producer.poll(0.1)
        if failure:
            raise DeliveryFailedError(_publish_failure(topic, failure[0]))

    def flush(self, timeout: float = 60.0) -> None:
        """Waits until everything published was acknowledged; raises the first failure since the last flush."""
        if self._producer is not None:
            left = self._producer.flush(timeout)
            if left:
                raise DeliveryFailedError(f"{left} messages not acknowledged within {timeout} s")
        if self._pending_errors:
            first = self._pending_errors[0]
            self._pending_errors.clear()
            raise first

    # -- consuming ---------------------------------------------------------------------------------

    def subscribe(
        self,
        topic: str,
        handler: Handler,
        *,
        group: str | None = None,
        from_beginning: bool = False,
        retry: RetryPolicy | None = None,
        dead_letter_topic: str | None = None,
        on_error: OnError | None = None,
    ) -> KafkaSubscription:
        """Starts consuming ``topic`` on a thread of its own; returns once the group was joined."""
        if self._closed:
            raise QueueClosedError(f"cannot subscribe to {topic}: the Kafka queue is closed")
        if not self._allow_any:
            check_topic(topic, self._kenv.consumes if self._kenv else None, ENV.consumes, "subscribe to")
        group_id = group or (self._kenv.group_for(topic) if self._kenv else None)
        if not group_id:
            raise SubscribeError(
                f"subscribe({topic}) needs a consumer group: pass group= or set KAFKA_CONSUMER_GROUP(S)"
            )
        dlt = dead_letter_topic or (self._kenv.dead_letter_for(topic) if self._kenv else None)
        consumer = Consumer(
            {
                **self._config,
                "group.id": group_id,
                "enable.auto.commit": True,
                "enable.auto.offset.store": False,
                "auto.offset.reset": "earliest" if from_beginning else "latest",
                **self._consumer_overrides,
            }
        )
        sub = KafkaSubscription(
            self,
            consumer,
            topic,
            group_id,
            handler,
            retry or RetryPolicy(),
            dlt,
            on_error or default_on_error,
            self._settings,
        )
        sub.start_and_join()
        self._subscriptions.add(sub)
        return sub

    def _forget(self, sub: KafkaSubscription) -> None:
        self._subscriptions.discard(sub)

    def close(self, timeout: float = 25.0) -> None:
        """Stops every subscription (in parallel, within ``timeout``), flushes and closes the producer."""
        self._closed = True
        stoppers = [threading.Thread(target=s.stop, args=(timeout,)) for s in list(self._subscriptions)]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        if self._producer is not None:
            self._producer.flush(max(1.0, timeout / 2))


class KafkaSubscription:
    """One topic consumed by one group member: a consumer thread polling and a worker thread handling."""

    def __init__(
        self,
        queue: KafkaMessageQueue,
        consumer: Consumer,
        topic: str,
        group: str,
        handler: Handler,
        retry: RetryPolicy,
        dead_letter_topic: str | None,
        on_error: OnError,
        settings: ConsumerSettings,
    ) -> None:
        self.topic = topic
        self.group = group
        self.dead_letter_topic = dead_letter_topic
        self._queue = queue
        self._consumer = consumer
        self._handler = handler
        self._retry = retry
        self._on_error = on_error
        self._settings = settings
        self._stopping = threading.Event()
        self._abandon = threading.Event()
        self._stopped = threading.Event()
        self._joined = threading.Event()
        self._join_error: str | None = None
        self._fatal: str | None = None
        # Revocations per partition: a batch fetched before one is stale for that partition, even if
        # the partition came back in the same rebalance (its new position is the last commit).
        self._revocations: dict[tuple[str, int], int] = {}
        self._resume_assignment = False
        self._in_message = threading.Lock()  # held while one message is handled (released during backoff)
        self._message_started: float | None = None
        self._tick = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"kafka-consumer-{topic}", daemon=True)
        self._work: Future[None] | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def start_and_join(self) -> None:
        self._consumer.subscribe(
            [self.topic], on_assign=self._on_assign, on_revoke=self._on_revoke, on_lost=self._on_lost
        )
        self._thread.start()
        deadline = time.monotonic() + self._settings.join_timeout_s
        while not self._joined.wait(0.1):
            if self._join_error is not None or time.monotonic() > deadline or not self._thread.is_alive():
                why = self._join_error or f"did not join within {self._settings.join_timeout_s:g} s"
                self.stop(5)
                raise SubscribeError(f"cannot consume {self.topic} in consumer group {self.group}: {why}")

    def stop(self, timeout: float | None = 25.0) -> None:
        """Finishes the message in hand (not the rest of its batch), commits what was handled and leaves
        the group. A handler still running after ``timeout`` is abandoned: its message is not
        acknowledged and is delivered again (at-least-once)."""
        self._stopping.set()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning(
                "a handler of %s did not finish within %s s; leaving it unacknowledged", self.topic, timeout
            )
            self._abandon.set()  # the consumer thread stops waiting for it, commits what was handled, closes
            self._thread.join(5)
        self._queue._forget(self)

    def wait(self, timeout: float | None = None) -> bool:
        """Blocks until the subscription stopped (by stop() or a fatal error)."""
        return self._stopped.wait(timeout)

    def healthy(self) -> bool:
        return self.problem() is None

    def stopped(self) -> bool:
        return self._stopped.is_set()

    def problem(self) -> str | None:
        if self._fatal is not None:
            return self._fatal
        if self._stopped.is_set():
            return f"consumer of {self.topic} stopped"
        now = time.monotonic()
        if now - self._tick > 30:
            return f"consumer of {self.topic} has not polled for {now - self._tick:.0f} s"
        started = self._message_started
        if started is not None and now - started > self._settings.stuck_after_s:
            return f"a handler of {self.topic} has been running for {now - started:.0f} s"
        return None

    # -- rebalance callbacks (run on the consumer thread, inside poll/consume) -----------------------

    def _on_assign(self, _consumer: Consumer, _partitions: list[TopicPartition]) -> None:
        # librdkafka keeps a partition's pause across a revoke and re-assign: the main loop resumes
        # the new assignment (a batch that ended mid-rebalance resumed an empty one).
        self._resume_assignment = True
        self._joined.set()

    def _revoke(self, partitions: list[TopicPartition]) -> None:
        for p in partitions:
            key = (p.topic, p.partition)
            self._revocations[key] = self._revocations.get(key, 0) + 1

    def _on_revoke(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        # Not waiting for the message in hand: while this callback runs, librdkafka blocks the
        # worker's store_offsets, so waiting here would deadlock. The rest of the batch of these
        # partitions is skipped; librdkafka commits what was stored when it unassigns
        # (enable.auto.commit); the message in hand, if its offset misses that commit, is delivered
        # again to the partition's next owner (at-least-once: at most one per revoked partition).
        self._revoke(partitions)

    def _on_lost(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._revoke(partitions)

    def _commit(self, consumer: Consumer) -> None:
        try:
            consumer.commit(asynchronous=False)
        except KafkaException as err:
            if err.args[0].code() != KafkaError._NO_OFFSET:
                log.warning("commit on %s failed: %s", self.topic, err)

    # -- consumer thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        worker = _Worker(self._handle_batch, f"kafka-handler-{self.topic}")
        try:
            while not self._stopping.is_set():
                batch = self._consumer.consume(self._settings.batch_size, 0.2)
                self._tick = time.monotonic()
                if self._resume_assignment:
                    self._resume_assignment = False
                    self._consumer.resume(self._consumer.assignment())
                if not batch:
                    continue
                records = [m for m in batch if not self._is_error(m)]
                if records:
                    owned = {_where(m)[:2]: 0 for m in records}
                    for key in owned:
                        owned[key] = self._revocations.get(key, 0)
                    self._wait_keeping_partitions(worker.submit((records, owned)))
        except Exception as err:  # a bug or a fatal client error: report it, the probe turns unhealthy
            self._fatal = f"consumer of {self.topic} crashed: {err}"
            log.exception("consumer of %s crashed", self.topic)
        finally:
            self._close()
            worker.stop()
            self._stopped.set()

    def _is_error(self, m: Message) -> bool:
        err = m.error()
        if err is None:
            return False
        code = err.code()
        if code == KafkaError._PARTITION_EOF:
            return True
        text = f"{err.name()}: {err.str()}"
        if code in (
            KafkaError.GROUP_AUTHORIZATION_FAILED,
            KafkaError.TOPIC_AUTHORIZATION_FAILED,
            KafkaError.UNKNOWN_TOPIC_OR_PART,
        ):
            hint = {
                KafkaError.GROUP_AUTHORIZATION_FAILED: f"the service may not READ group {self.group}; use a group "
                "the platform granted (KAFKA_CONSUMER_GROUP(S))",
                KafkaError.TOPIC_AUTHORIZATION_FAILED: f"the service may not READ topic {self.topic} "
                "(KAFKA_CONSUMES lists what it may)",
                KafkaError.UNKNOWN_TOPIC_OR_PART: f"topic {self.topic} does not exist: declare it in "
                "topics/catalog.yaml and deploy",
            }[code]
            if not self._joined.is_set():
                self._join_error = f"{text} ({hint})"
                self._stopping.set()
            else:
                self._on_error(
                    KafkaException(err), Delivery("kafka", self.topic, f"consumer group {self.group}")
                )
            return True
        if err.fatal():
            raise KafkaException(err)
        log.warning("consumer of %s: %s", self.topic, text)
        return True

    def _wait_keeping_partitions(self, work: Future[None]) -> None:
        started = time.monotonic()
        paused = False
        while True:
            try:
                work.result(timeout=0.05 if not paused else 0.2)
                break
            except FutureTimeout:
                if self._abandon.is_set():
                    return  # stop() gave up on the handler in hand; _run closes the consumer
            self._tick = time.monotonic()
            if not paused and time.monotonic() - started > self._settings.keepalive_after_s:
                self._consumer.pause(self._consumer.assignment())
                paused = True  # even with nothing assigned (mid-rebalance): keep polling to rejoin
            if paused:
                # Serves heartbeats' partner (max.poll.interval.ms) and rebalances; paused partitions
                # deliver nothing, and a record of a partition assigned meanwhile is put back.
                m = self._consumer.poll(0)
                if m is not None and m.error() is None:
                    self._consumer.seek(TopicPartition(*_where(m)))
        if paused:
            self._consumer.resume(self._consumer.assignment())

    def _close(self) -> None:
        if getattr(self, "_closed", False):
            return
        self._closed = True
        try:
            self._commit(self._consumer)
            self._consumer.close()  # commits stored offsets and leaves the group at once
        except RuntimeError:
            pass  # already closed

    # -- worker thread -----------------------------------------------------------------------------

    def _handle_batch(self, batch: Batch) -> None:
        records, owned = batch
        for m in records:
            if self._stopping.is_set():
                return  # SIGTERM mid-batch: the rest is not acknowledged and comes again
            key = _where(m)[:2]
            if self._revocations.get(key, 0) != owned[key]:
                continue  # revoked since the fetch: whoever owns it now starts at the last commit
            with self._in_message:
                self._message_started = time.monotonic()
                try:
                    if self._handle(m):
                        self._store(m)
                finally:
                    self._message_started = None

    def _store(self, m: Message) -> None:
        try:
            self._consumer.store_offsets(message=m)
        except (KafkaException, RuntimeError) as err:
            # The partition went away meanwhile (its new owner starts at the last commit) or the
            # consumer was closed after a stop timed out: the message comes again, at-least-once.
            log.warning("offset of %s:%s on %s not stored: %s", m.partition(), m.offset(), m.topic(), err)

    def _handle(self, m: Message) -> bool:
        """Runs the handler with retries; True when the record may be acknowledged."""
        topic, partition, offset = _where(m)
        raw_key = m.key()
        key = raw_key.decode("utf-8", "replace") if isinstance(raw_key, bytes) else raw_key
        raw_key = raw_key.encode() if isinstance(raw_key, str) else raw_key
        position = f"{partition}:{offset}"
        try:
            envelope = decode_record(_value(m), _headers(m), raw_key)
        except EnvelopeError as err:
            # No retry can fix a record that is not an envelope: dead-letter it (or report and skip, as
            # the TypeScript library does when no dead-letter topic is named).
            self._on_error(err, Delivery("kafka", topic, position, key))
            return self._dead_letter(m, 1, err) if self.dead_letter_topic else True
        attempt = 1
        while True:
            delivery = Delivery("kafka", topic, position, key, attempt)
            try:
                self._handler(envelope, delivery)
                return True
            except Exception as err:
                self._on_error(err, delivery)
                if attempt >= self._retry.max_attempts and self.dead_letter_topic:
                    return self._dead_letter(m, attempt, err)
                # Without a dead-letter topic the message is retried at the longest backoff: never dropped.
                if not self._sleep(self._retry.backoff_s(attempt)):
                    return False
                attempt += 1

    def _sleep(self, seconds: float) -> bool:
        """Backoff that a stop or a revocation cuts short; False when the message must be left alone.
        The message lock is released meanwhile, so a rebalance does not wait for the backoff."""
        self._in_message.release()
        try:
            self._stopping.wait(seconds)
        finally:
            self._in_message.acquire()
        return not self._stopping.is_set()

    def _dead_letter(self, m: Message, attempts: int, err: BaseException) -> bool:
        assert self.dead_letter_topic is not None
        topic, partition, offset = _where(m)
        headers = _headers(m)
        headers += [
            (DLQ_TOPIC, topic.encode()),
            (DLQ_PARTITION, str(partition).encode()),
            (DLQ_OFFSET, str(offset).encode()),
            (DLQ_GROUP, self.group.encode()),
            (DLQ_ATTEMPTS, str(attempts).encode()),
            (DLQ_ERROR, truncate_utf8(str(err), DLQ_ERROR_MAX_BYTES)),
        ]
        attempt = 1
        while True:
            try:
                key = m.key()
                self._queue._produce(
                    self.dead_letter_topic,
                    _value(m),
                    key.encode() if isinstance(key, str) else key,
                    headers,
                    True,
                )
                log.warning(
                    "message %s:%s on %s moved to %s after %d attempts: %s",
                    m.partition(),
                    m.offset(),
                    m.topic(),
                    self.dead_letter_topic,
                    attempts,
                    err,
                )
                return True
            except (DeliveryFailedError, KafkaException) as produce_err:
                log.error("dead-lettering to %s failed: %s", self.dead_letter_topic, produce_err)
                if not self._sleep(self._retry.backoff_s(attempt)):
                    return False
                attempt += 1


class _Worker:
    """One daemon thread running batches (a stuck handler must not keep the process from exiting)."""

    def __init__(self, fn: Any, name: str) -> None:
        self._fn = fn
        self._jobs: list[tuple[Batch, Future[None]]] = []
        self._cv = threading.Condition()
        self._done = False
        threading.Thread(target=self._loop, name=name, daemon=True).start()

    def submit(self, batch: Batch) -> Future[None]:
        future: Future[None] = Future()
        with self._cv:
            self._jobs.append((batch, future))
            self._cv.notify()
        return future

    def stop(self) -> None:
        with self._cv:
            self._done = True
            self._cv.notify()

    def _loop(self) -> None:
        while True:
            with self._cv:
                while not self._jobs and not self._done:
                    self._cv.wait()
                if not self._jobs:
                    return
                batch, future = self._jobs.pop(0)
            try:
                self._fn(batch)
                future.set_result(None)
            except BaseException as err:
                future.set_exception(err)


def kafka_queue_from_env(
    env: Env | None = None,
    *,
    source: str | None = None,
    tokens: TokenSources | None = None,
    overrides: Mapping[str, Any] | None = None,
    **opts: Any,
) -> KafkaMessageQueue:
    """A Kafka MessageQueue configured entirely from the platform's env (client/contract.ts): topics
    outside KAFKA_PRODUCES / KAFKA_CONSUMES are refused unless ``allow_any_topic=True``."""
    kenv = parse_kafka_env(env)
    return KafkaMessageQueue(
        confluent_config(kenv, tokens, overrides),
        source or kenv.client_id or "unknown-service",
        kenv=kenv,
        **opts,
    )
