import { randomUUID } from 'node:crypto';

/**
 * The JSON envelope every message travels in, on SQS and Kafka alike: a CloudEvents 1.0 event in
 * structured mode (the whole event is the body / record value). Structured mode is used on both
 * transports because SQS has no CloudEvents binding and allows only 10 message attributes, and one
 * format on both sides makes dual-write and shadow comparison byte-for-byte comparable.
 */
export interface Envelope<T = unknown> {
  specversion: '1.0';
  /** Unique per message; the same on every transport it is written to (dedup key). */
  id: string;
  /** What happened, e.g. `ml.jobs.requested`. Defaults to the topic. */
  type: string;
  /** Who said so: the producing service, as a URI reference. */
  source: string;
  /** When the message was created (RFC 3339). */
  time: string;
  datacontenttype: 'application/json';
  /** The ordering key, when the message has one (CloudEvents partitioning extension). */
  partitionkey?: string;
  data: T;
}

/** Content type of a structured-mode CloudEvent (Kafka `content-type` header). */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

export interface PublishOptions {
  /** Ordering key: Kafka record key; SQS FIFO MessageGroupId. Messages with one key stay in order. */
  key?: string;
  /** Message id; a fresh UUID by default. Pass your own to make retried publishes deduplicable. */
  id?: string;
  /** CloudEvents type; defaults to the topic name. */
  type?: string;
}

export function createEnvelope<T>(
  topic: string,
  data: T,
  source: string,
  opts: PublishOptions = {},
  now: Date = new Date(),
): Envelope<T> {
  if (opts.id !== undefined && !/^[\x21-\x7e]{1,128}$/.test(opts.id)) {
    // SQS FIFO MessageDeduplicationId allows 128 printable ASCII characters; keep ids portable.
    throw new EnvelopeError(`message id ${JSON.stringify(opts.id)} must be 1-128 printable ASCII characters`);
  }
  return {
    specversion: '1.0',
    id: opts.id ?? randomUUID(),
    type: opts.type ?? topic,
    source,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    ...(opts.key !== undefined ? { partitionkey: opts.key } : {}),
    data,
  };
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

const REQUIRED = ['id', 'type', 'source', 'time'] as const;

/** Parses and checks a received body; names the missing or wrong attribute. */
export function decodeEnvelope(body: string | Buffer | null | undefined): Envelope {
  if (body === null || body === undefined) throw new EnvelopeError('message has no body');
  let value: unknown;
  try {
    value = JSON.parse(body.toString());
  } catch (err) {
    throw new EnvelopeError(`message body is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EnvelopeError('message body is not a JSON object');
  }
  const e = value as Record<string, unknown>;
  if (e.specversion !== '1.0')
    throw new EnvelopeError(`specversion must be "1.0", got ${JSON.stringify(e.specversion)}`);
  for (const attr of REQUIRED) {
    if (typeof e[attr] !== 'string' || e[attr] === '') {
      throw new EnvelopeError(`attribute ${attr} must be a non-empty string, got ${JSON.stringify(e[attr])}`);
    }
  }
  if (e.datacontenttype !== 'application/json') {
    throw new EnvelopeError(
      `datacontenttype must be "application/json", got ${JSON.stringify(e.datacontenttype)}`,
    );
  }
  return e as unknown as Envelope;
}
