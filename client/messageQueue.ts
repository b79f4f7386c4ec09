import { Envelope, PublishOptions } from './envelope';

/** What a handler learns about a delivery besides the envelope. */
export interface Delivery {
  /** Which system delivered it. */
  transport: 'kafka' | 'sqs';
  topic: string;
  /** The ordering key (Kafka record key / SQS MessageGroupId), when there is one. */
  key?: string;
  /** Transport position, for logs: `partition:offset` on Kafka, the receipt's message id on SQS. */
  position: string;
  /** Which attempt this is (1 the first time; retries of a failing handler count up). */
  attempt?: number;
  /**
   * Kafka: tells the group coordinator the consumer is alive. A handler that runs longer than the
   * session timeout (default 30 s) calls it now and then, or the consumer is evicted and the
   * message redelivered elsewhere. Rate-limited by kafkajs to heartbeatIntervalMs; cheap to call often.
   */
  heartbeat?: () => Promise<void>;
}

/**
 * Processes one message. Resolving acknowledges it (Kafka commits the offset, SQS deletes the
 * message); throwing leaves it to be delivered again (at-least-once on both transports).
 */
export type Handler<T = unknown> = (envelope: Envelope<T>, delivery: Delivery) => Promise<void>;

export interface SubscribeOptions {
  /** Consumer group. Kafka: required (or from KAFKA_CONSUMER_GROUP(S)); SQS: one queue is one group, ignored. */
  group?: string;
  /** Kafka only: start from the earliest offset when the group has none. Default false (latest). */
  fromBeginning?: boolean;
  /** Called when a handler throws or a body is not an envelope; default logs to stderr. */
  onError?: (err: unknown, delivery: Delivery) => void;
  /**
   * Kafka: attempts of a failing handler on one message before it goes to the dead-letter topic.
   * Default 5. Between attempts the consumer waits (backoff) and keeps its group membership.
   */
  maxAttempts?: number;
  /** Kafka: wait between attempts: initialMs (default 1 s) doubling up to maxMs (default 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /**
   * Kafka: where a message goes after maxAttempts (with kp-dlq-* headers, docs/client.md). Default:
   * the catalog's `deadLetter` for this topic (KAFKA_DEAD_LETTER_TOPICS). `false`, or no dead-letter
   * topic: the message is retried every backoff.maxMs until the handler succeeds (the partition
   * waits, as with SQS without a redrive policy); health() reports it.
   */
  deadLetterTopic?: string | false;
  /** Kafka: the group's session timeout (default 30 s): how long a silent consumer stays a member. */
  sessionTimeoutMs?: number;
  /** Kafka: heartbeat interval (default 3 s); keep it well under the session timeout. */
  heartbeatIntervalMs?: number;
  /** Kafka: partitions whose messages are handled at once (default 1: one message at a time). */
  concurrency?: number;
  /** Kafka: most bytes fetched per partition per request (default 1 MiB): the batch size. */
  maxBytesPerPartition?: number;
}

/** What a liveness probe needs to know about a subscription. */
export interface SubscriptionHealth {
  /**
   * `running`; `retrying` (a handler keeps failing on one message; still alive); `crashed`
   * (stopped by an error it does not recover from: restart the process or subscribe again);
   * `stopped` (stop() was called).
   */
  state: 'running' | 'retrying' | 'crashed' | 'stopped';
  /** false once crashed: what a liveness probe should fail on. */
  healthy: boolean;
  /** The last error (handler or consumer), with when it happened. */
  lastError?: { message: string; at: string };
  /** Messages handled, and dead-lettered, since subscribe(). */
  handled: number;
  deadLettered: number;
}

export interface Subscription {
  /** Stops receiving; resolves once in-flight handlers are done and their acks are written. */
  stop(): Promise<void>;
  /** How the subscription is doing (Kafka; SQS reports running/stopped). */
  health(): SubscriptionHealth;
}

/**
 * The one interface services publish and consume through (seed 004, phase 1). Implementations:
 * Kafka, SQS and dual-write; a service swaps them by configuration, not code.
 */
export interface MessageQueue {
  /** Publishes and resolves with the message id once the system of record has acknowledged it. */
  publish<T>(topic: string, message: T, opts?: PublishOptions): Promise<string>;
  subscribe<T>(topic: string, handler: Handler<T>, opts?: SubscribeOptions): Promise<Subscription>;
  /** Flushes pending publishes, stops subscriptions and disconnects. Further publishes are refused. */
  close(): Promise<void>;
}

/**
 * A queue that can send a ready-made envelope. Dual-write needs it to put the very same envelope
 * (id, time) on both systems.
 */
export interface EnvelopeQueue extends MessageQueue {
  readonly transport: 'kafka' | 'sqs';
  /** Headers go on the record (Kafka) or as message attributes (SQS); dead letters carry kp-dlq-*. */
  publishEnvelope(
    topic: string,
    envelope: Envelope,
    key?: string,
    headers?: Readonly<Record<string, string>>,
  ): Promise<void>;
}

export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
}

export function defaultOnError(err: unknown, delivery: Delivery): void {
  const reason = err instanceof Error ? err.message : String(err);
  console.error(
    `message ${delivery.position} on ${delivery.topic} (${delivery.transport}) failed: ${reason}`,
  );
}
