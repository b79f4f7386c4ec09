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
}

export interface Subscription {
  /** Stops receiving; resolves once in-flight handlers are done and their acks are written. */
  stop(): Promise<void>;
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
