import type { Message as SqsMessage, SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { Batcher } from './batcher';

/**
 * The SDK's command classes, loaded on first use: the caller brings its SQSClient (a peer
 * dependency), and a service on Kafka alone never loads the SDK by importing this library.
 */
let sdkModule: Promise<typeof import('@aws-sdk/client-sqs')> | undefined;
const sdk = () => (sdkModule ??= import('@aws-sdk/client-sqs'));
import { createEnvelope, decodeEnvelope, encodeEnvelope, Envelope, PublishOptions } from './envelope';
import {
  defaultOnError,
  Delivery,
  EnvelopeQueue,
  Handler,
  QueueClosedError,
  SubscribeOptions,
  Subscription,
} from './messageQueue';

export interface SqsQueueOptions {
  /** The SQS client (region, credentials, endpoint); the caller owns its lifecycle. */
  client: SQSClient;
  /** Queue URL per topic. A URL ending in `.fifo` is a FIFO queue. */
  queues: Readonly<Record<string, string>>;
  /** CloudEvents `source` of published messages: the service name. */
  source: string;
  /** Long-poll wait per ReceiveMessage, 0-20 s. Default 20 (fewest empty receives). */
  waitTimeSeconds?: number;
  /** SendMessageBatch calls in flight per queue. Default 8. */
  maxInFlightBatches?: number;
}

interface Outgoing {
  envelope: Envelope;
  body: string;
  key?: string;
  headers?: Readonly<Record<string, string>>;
}

/** A batch may carry at most 256 KiB in total (the classic SQS limit; kept for compatible servers). */
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * MessageQueue on SQS. The body is the JSON envelope. On FIFO queues the key becomes the
 * MessageGroupId (order per key) and the message id the MessageDeduplicationId, so a retried
 * publish with the same id within SQS's 5-minute window is stored once.
 */
export class SqsMessageQueue implements EnvelopeQueue {
  readonly transport = 'sqs' as const;
  private readonly batchers = new Map<string, Batcher<Outgoing>>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly opts: SqsQueueOptions) {}

  queueUrl(topic: string): string {
    const url = this.opts.queues[topic];
    if (!url) {
      const known = Object.keys(this.opts.queues).join(', ') || 'none';
      throw new Error(`no SQS queue URL configured for topic ${topic} (configured: ${known})`);
    }
    return url;
  }

  async publish<T>(topic: string, message: T, opts: PublishOptions = {}): Promise<string> {
    const envelope = createEnvelope(topic, message, this.opts.source, opts);
    await this.publishEnvelope(topic, envelope, opts.key);
    return envelope.id;
  }

  async publishEnvelope(
    topic: string,
    envelope: Envelope,
    key?: string,
    headers?: Readonly<Record<string, string>>,
  ): Promise<void> {
    if (this.closed) throw new QueueClosedError(`cannot publish to ${topic}: the SQS queue is closed`);
    const url = this.queueUrl(topic);
    if (url.endsWith('.fifo') && key === undefined) {
      throw new Error(
        `publishing to FIFO queue ${url} (topic ${topic}) needs a key: it becomes the MessageGroupId`,
      );
    }
    const body = encodeEnvelope(envelope, topic);
    await this.batcherFor(url).add(
      { envelope, body, ...(key !== undefined ? { key } : {}), ...(headers ? { headers } : {}) },
      Buffer.byteLength(body),
    );
  }

  private batcherFor(url: string): Batcher<Outgoing> {
    let batcher = this.batchers.get(url);
    if (!batcher) {
      const fifo = url.endsWith('.fifo');
      batcher = new Batcher((items) => this.sendBatch(url, fifo, items), {
        maxItems: 10,
        maxBytes: MAX_BATCH_BYTES,
        // Two batches in flight to a FIFO queue can land in either order, and SQS orders a
        // MessageGroupId by arrival: one at a time there keeps publish order.
        maxConcurrent: fifo ? 1 : (this.opts.maxInFlightBatches ?? 8),
      });
      this.batchers.set(url, batcher);
    }
    return batcher;
  }

  private async sendBatch(url: string, fifo: boolean, items: Outgoing[]): Promise<(Error | undefined)[]> {
    const entries: SendMessageBatchRequestEntry[] = items.map((item, i) => ({
      Id: `m${i}`,
      MessageBody: item.body,
      ...(fifo ? { MessageGroupId: item.key, MessageDeduplicationId: item.envelope.id } : {}),
      ...(item.headers
        ? {
            MessageAttributes: Object.fromEntries(
              Object.entries(item.headers).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
            ),
          }
        : {}),
    }));
    const out = await this.opts.client.send(
      new (await sdk()).SendMessageBatchCommand({ QueueUrl: url, Entries: entries }),
    );
    const errors: (Error | undefined)[] = items.map(() => undefined);
    for (const f of out.Failed ?? []) {
      const i = Number(f.Id?.slice(1));
      errors[i] = new Error(
        `SQS refused message ${items[i]?.envelope.id}: ${f.Code} ${f.Message ?? ''}`.trim(),
      );
    }
    return errors;
  }

  async subscribe<T>(topic: string, handler: Handler<T>, opts: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new QueueClosedError(`cannot subscribe to ${topic}: the SQS queue is closed`);
    const url = this.queueUrl(topic);
    const onError = opts.onError ?? defaultOnError;
    const abort = new AbortController();
    const loop = this.receiveLoop(topic, url, handler as Handler, onError, abort.signal);
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        abort.abort();
        await loop;
      },
      health: () => ({
        state: abort.signal.aborted ? 'stopped' : 'running',
        healthy: !abort.signal.aborted,
        handled: 0,
        deadLettered: 0,
      }),
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  private async receiveLoop(
    topic: string,
    url: string,
    handler: Handler,
    onError: (err: unknown, d: Delivery) => void,
    signal: AbortSignal,
  ): Promise<void> {
    let backoffMs = 100;
    while (!signal.aborted) {
      let messages: SqsMessage[];
      try {
        const out = await this.opts.client.send(
          new (await sdk()).ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: this.opts.waitTimeSeconds ?? 20,
            MessageSystemAttributeNames: ['MessageGroupId'],
          }),
          { abortSignal: signal },
        );
        messages = out.Messages ?? [];
        backoffMs = 100;
      } catch (err) {
        if (signal.aborted) return;
        onError(err, { transport: 'sqs', topic, position: `receive from ${url}` });
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 10_000);
        continue;
      }
      // In order, one at a time: FIFO order holds within a group, and a failed message holds back
      // the rest of its group until SQS redelivers it after the visibility timeout.
      const failedGroups = new Set<string>();
      for (const m of messages) {
        const group = m.Attributes?.MessageGroupId;
        if (group !== undefined && failedGroups.has(group)) continue;
        const delivery: Delivery = {
          transport: 'sqs',
          topic,
          position: m.MessageId ?? 'unknown',
          ...(group !== undefined ? { key: group } : {}),
        };
        try {
          const envelope = decodeEnvelope(m.Body);
          if (delivery.key === undefined && envelope.partitionkey !== undefined)
            delivery.key = envelope.partitionkey;
          await handler(envelope, delivery);
          await this.opts.client.send(
            new (await sdk()).DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }),
          );
        } catch (err) {
          // Not deleted: SQS delivers it again, and the queue's redrive policy moves poison messages to a DLQ.
          if (group !== undefined) failedGroups.add(group);
          onError(err, delivery);
        }
      }
    }
  }

  /** Sends everything published so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.batchers.values()].map((b) => b.flush()));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
