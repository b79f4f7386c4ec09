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
  /** When the message was created (RFC 3339). Always set by this library; optional in CloudEvents, so events from other producers may lack it. */
  time: string;
  /** `application/json` from this library; others may add parameters (`; charset=utf-8`) or send other types. */
  datacontenttype: string;
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

/** JSON of envelopes encoded with encodeEnvelopeOnce (dual-write writes one envelope to the spool, the primary and the secondary). */
const encodedOnce = new WeakMap<Envelope, string>();

/** The JSON body; a value JSON cannot hold fails with an error naming the topic and where it is. */
export function encodeEnvelope(envelope: Envelope, topic: string): string {
  const known = encodedOnce.get(envelope);
  if (known !== undefined) return known;
  try {
    return JSON.stringify(envelope);
  } catch (err) {
    const where = unencodable(envelope.data, 'data', new Set());
    const what = where ?? (err as Error).message;
    throw new EnvelopeError(`cannot publish to topic ${JSON.stringify(topic)}: ${what}`, { cause: err });
  }
}

/**
 * encodeEnvelope, remembered for this envelope object: later encodeEnvelope calls for it return
 * the same string instead of serialising the data again. Only for envelopes no one changes after.
 */
export function encodeEnvelopeOnce(envelope: Envelope, topic: string): string {
  const json = encodeEnvelope(envelope, topic);
  encodedOnce.set(envelope, json);
  return json;
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

/** The attributes a binary-mode record carries as its value and `content-type` rather than as `ce_*` headers. */
const NOT_HEADERS = new Set(['data', 'data_base64', 'datacontenttype']);

/**
 * An event as a binary-mode Kafka record (CloudEvents Kafka protocol binding, section 3.2:
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md#32-binary-content-mode):
 * every attribute in a `ce_<name>` header, datacontenttype as `content-type`, the data as the
 * value (JSON data as its JSON text, bytes as they are).
 */
export function encodeBinary(
  envelope: Envelope,
  topic: string,
): { value: string | Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(envelope)) {
    if (NOT_HEADERS.has(name) || v === undefined || v === null) continue;
    headers[`ce_${name}`] = typeof v === 'string' ? v : String(v);
  }
  headers['content-type'] = envelope.datacontenttype ?? 'application/json';
  const data: unknown = envelope.data;
  if (Buffer.isBuffer(data)) return { value: data, headers };
  try {
    return { value: JSON.stringify(data === undefined ? null : data), headers };
  } catch (err) {
    const where = unencodable(data, 'data', new Set());
    throw new EnvelopeError(
      `cannot publish to topic ${JSON.stringify(topic)}: ${where ?? (err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

const REQUIRED = ['id', 'type', 'source'] as const;

/** Whether a content type is JSON (`application/json`, `text/json`, `+json` suffixes), parameters ignored. */
function isJson(contentType: string): boolean {
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  return media === 'application/json' || media === 'text/json' || media.endsWith('+json');
}

/** Parses and checks a structured-mode event body; names the missing or wrong attribute. */
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
  if (e.datacontenttype !== undefined && typeof e.datacontenttype !== 'string') {
    throw new EnvelopeError(`datacontenttype must be a string, got ${JSON.stringify(e.datacontenttype)}`);
  }
  if (e.data === undefined && typeof e.data_base64 === 'string') {
    e.data = Buffer.from(e.data_base64, 'base64');
    delete e.data_base64;
  }
  e.datacontenttype ??= 'application/json';
  return e as unknown as Envelope;
}

type Headers = Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined;

function header(headers: Headers, name: string): string | undefined {
  const v = headers?.[name];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? undefined : one.toString();
}

/**
 * A Kafka record as a CloudEvent, in either mode of the CloudEvents Kafka protocol binding
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md):
 * structured (`content-type: application/cloudevents+json`, the event is the value; also records
 * without a content-type whose value is an event, as this library wrote before) or binary
 * (attributes in `ce_*` headers, the value is the data, `content-type` its datacontenttype).
 */
export function decodeRecord(value: Buffer | null, headers: Headers): Envelope {
  const contentType = header(headers, 'content-type');
  const binary = header(headers, 'ce_specversion');
  if (contentType?.toLowerCase().startsWith('application/cloudevents') || binary === undefined) {
    return decodeEnvelope(value);
  }
  if (binary !== '1.0')
    throw new EnvelopeError(`ce_specversion must be "1.0", got ${JSON.stringify(binary)}`);
  const event: Record<string, unknown> = { specversion: '1.0' };
  for (const [name, v] of Object.entries(headers ?? {})) {
    if (!name.startsWith('ce_') || v === undefined) continue;
    event[name.slice(3)] = (Array.isArray(v) ? v[0]! : v).toString();
  }
  for (const attr of REQUIRED) {
    if (typeof event[attr] !== 'string' || event[attr] === '') {
      throw new EnvelopeError(
        `header ce_${attr} must be a non-empty string, got ${JSON.stringify(event[attr])}`,
      );
    }
  }
  event.datacontenttype = contentType ?? 'application/json';
  if (value === null) event.data = null;
  else if (isJson(event.datacontenttype as string)) {
    try {
      event.data = JSON.parse(value.toString());
    } catch (err) {
      throw new EnvelopeError(`binary-mode data is not JSON: ${(err as Error).message}`);
    }
  } else event.data = value;
  return event as unknown as Envelope;
}
