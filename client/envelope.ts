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
  if (data === undefined || typeof data === 'function' || typeof data === 'symbol') {
    // JSON.stringify would silently drop `data`, and consumers would get an event without one.
    throw new EnvelopeError(
      `cannot publish to topic ${JSON.stringify(topic)}: the message is ${data === undefined ? 'undefined' : `a ${typeof data}`}; pass a JSON value (null is allowed)`,
    );
  }
  if (opts.id !== undefined && !/^[\x21-\x7e]{1,128}$/.test(opts.id)) {
    // SQS FIFO MessageDeduplicationId allows 128 printable ASCII characters; keep ids portable.
    throw new EnvelopeError(
      `cannot publish to topic ${JSON.stringify(topic)}: message id ${JSON.stringify(opts.id)} must be 1-128 printable ASCII characters`,
    );
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

/** The JSON body; a value JSON cannot hold fails with an error naming the topic and where it is. */
export function encodeEnvelope(envelope: Envelope, topic: string): string {
  try {
    return JSON.stringify(envelope);
  } catch (err) {
    const where = unencodable(envelope.data, 'data', new Set());
    const what = where ?? (err as Error).message;
    throw new EnvelopeError(`cannot publish to topic ${JSON.stringify(topic)}: ${what}`, { cause: err });
  }
}

/** Finds what JSON.stringify choked on (slow path, only after it failed). */
function unencodable(value: unknown, path: string, parents: Set<object>): string | undefined {
  if (typeof value === 'bigint') {
    return `${path} is a BigInt, which JSON cannot hold; send it as a string (String(value)) or a number`;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (parents.has(value)) return `${path} refers back to an enclosing object (circular structure)`;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
  parents.add(value);
  for (const [key, child] of Object.entries(value)) {
    const found = unencodable(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, parents);
    if (found) return found;
  }
  parents.delete(value);
  return undefined;
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
