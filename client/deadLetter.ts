/**
 * Dead-letter records keep the original key, value and headers and add these headers (the
 * platform's convention, shared with the Python client): where the record came from, which group
 * gave up on it, after how many attempts, and why.
 */
export const DLQ_HEADERS = {
  topic: 'kp-dlq-original-topic',
  partition: 'kp-dlq-original-partition',
  offset: 'kp-dlq-original-offset',
  group: 'kp-dlq-group',
  attempts: 'kp-dlq-attempts',
  error: 'kp-dlq-error',
} as const;

/** Longest kp-dlq-error value, in UTF-8 bytes. */
export const DLQ_ERROR_BYTES = 1024;

/** Default attempts before a message is dead-lettered, and the backoff between them. */
export const DEFAULT_RETRY = { attempts: 5, initialMs: 1000, maxMs: 30_000 } as const;

export interface DeadLetterOrigin {
  topic: string;
  /** Kafka partition and offset of the original record (absent for a dual-write secondary). */
  partition?: number;
  offset?: string;
  /** The consumer group that gave up (absent for a dual-write secondary). */
  group?: string;
  attempts: number;
  error: unknown;
}

/** The error message cut to at most DLQ_ERROR_BYTES bytes of UTF-8, never in the middle of a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back to the start of a character
  return bytes.subarray(0, end).toString();
}

export function deadLetterHeaders(origin: DeadLetterOrigin): Record<string, string> {
  const message = origin.error instanceof Error ? origin.error.message : String(origin.error);
  return {
    [DLQ_HEADERS.topic]: origin.topic,
    ...(origin.partition !== undefined ? { [DLQ_HEADERS.partition]: String(origin.partition) } : {}),
    ...(origin.offset !== undefined ? { [DLQ_HEADERS.offset]: origin.offset } : {}),
    ...(origin.group !== undefined ? { [DLQ_HEADERS.group]: origin.group } : {}),
    [DLQ_HEADERS.attempts]: String(origin.attempts),
    [DLQ_HEADERS.error]: truncateUtf8(message, DLQ_ERROR_BYTES),
  };
}
