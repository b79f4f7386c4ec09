// Observers for the client integration tests: read what really landed on the broker / queue,
// independently of the library under test.
import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope, Envelope } from '../../client/envelope';

export interface StoredRecord {
  partition: number;
  offset: string;
  key?: string;
  headers: Record<string, string>;
  envelope: Envelope;
}

/** Every record of `topic` up to the current high watermarks, read over the PLAINTEXT listener. */
export async function readAll(bootstrap: string, topic: string): Promise<StoredRecord[]> {
  const kafka = new Kafka({ clientId: 'test-observer', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(p.partition, BigInt(p.high));
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  const records: StoredRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `observer-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) >= ends.get(partition)!) return;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        records.push({
          partition,
          offset: message.offset,
          ...(message.key ? { key: message.key.toString() } : {}),
          headers,
          envelope: decodeEnvelope(message.value),
        });
        if (BigInt(message.offset) + 1n >= ends.get(partition)!) remaining.delete(partition);
        if (remaining.size === 0) done();
      },
    });
    await withTimeout(finished, 60_000, `reading ${topic} to its end`);
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** Drains a queue: receives and deletes until it stays empty. */
export async function drainQueue(
  client: SQSClient,
  url: string,
): Promise<{ envelope: Envelope; groupId?: string }[]> {
  const out: { envelope: Envelope; groupId?: string }[] = [];
  let empty = 0;
  while (empty < 2) {
    const res = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    const messages = res.Messages ?? [];
    if (messages.length === 0) {
      empty++;
      continue;
    }
    empty = 0;
    for (const m of messages) {
      const groupId = m.Attributes?.MessageGroupId;
      out.push({ envelope: decodeEnvelope(m.Body), ...(groupId ? { groupId } : {}) });
    }
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
  return out;
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How many times each value occurs. */
export function counts(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}
