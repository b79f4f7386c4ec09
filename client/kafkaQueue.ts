import {
  Consumer,
  Kafka,
  KafkaConfig,
  Message,
  Partitioners,
  Producer,
  RetryOptions,
  TopicMessages,
} from 'kafkajs';
import { Batcher } from './batcher';
import { Compression, compressionType, registerCompressionCodecs } from './compression';
import { Env, groupFor, kafkaConfigFor, KafkaConfigOptions, KafkaEnv, parseKafkaEnv } from './config';
import {
  CLOUDEVENTS_JSON,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  Envelope,
  PublishOptions,
} from './envelope';
import {
  defaultOnError,
  Delivery,
  EnvelopeQueue,
  Handler,
  QueueClosedError,
  SubscribeOptions,
  Subscription,
} from './messageQueue';

export interface KafkaQueueOptions {
  /** kafkajs client config; {@link kafkaConfigFromEnv} builds it from the platform's env. */
  kafka: KafkaConfig;
  /** CloudEvents `source` of published messages: the service name. */
  source: string;
  /** Consumer group per topic when subscribe() is given none (from KAFKA_CONSUMER_GROUP(S)). */
  defaultGroup?: (topic: string) => string | undefined;
  /**
   * Producer retries. Default: kafkajs' default for the idempotent producer (retry forever), so a
   * publish waits out a broker restart instead of failing. Set a bound to fail fast instead.
   */
  retry?: RetryOptions;
  /** Most messages per produce request. Default 1000. */
  maxBatchMessages?: number;
  /**
   * Most bytes per produce request. Default 1 MiB, the broker's default message.max.bytes, which
   * applies per partition batch; a batch bound for one partition must stay under it.
   */
  maxBatchBytes?: number;
  /** Produce requests in flight at once. Default 1 (idempotent sends are serialised per broker anyway). */
  maxInFlightBatches?: number;
  /**
   * Adds `content-type: application/cloudevents+json` to every record, the CloudEvents Kafka binding's
   * marker for structured mode, so consumers using a CloudEvents SDK recognise the records. Default
   * false: the body is the same structured-mode event either way (this library's consumers read it
   * without the header), and kafkajs allocates a separate 512-byte buffer per header per record,
   * which measurably slows publishing (see docs/client.md, Benchmark).
   */
  contentTypeHeader?: boolean;
  /** Wait this long for a consumer to join its group before subscribe() fails. Default 60 s. */
  joinTimeoutMs?: number;
  /**
   * Compression of produced batches, as Kafka's `compression.type`. Default `none`, like the Java
   * producer. Consuming needs no setting: every codec is read.
   */
  compression?: Compression;
}

/** Structured-mode CloudEvents marker; one shared object, kafkajs only reads it. */
const HEADERS = Object.freeze({ 'content-type': CLOUDEVENTS_JSON });

interface Outgoing {
  topic: string;
  message: Message;
}

/**
 * MessageQueue on Kafka: an idempotent producer with acks=all, the key as the record key (one key
 * stays on one partition, in order), publishes batched per tick; consumers commit after the handler.
 */
export class KafkaMessageQueue implements EnvelopeQueue {
  readonly transport = 'kafka' as const;
  private readonly client: Kafka;
  private producer: Producer;
  private connected?: Promise<void>;
  private readonly batcher: Batcher<Outgoing>;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly opts: KafkaQueueOptions) {
    registerCompressionCodecs();
    this.client = new Kafka(opts.kafka);
    this.producer = this.newProducer();
    this.batcher = new Batcher((items) => this.sendBatch(items), {
      maxItems: opts.maxBatchMessages ?? 1000,
      maxBytes: opts.maxBatchBytes ?? 1024 * 1024,
      maxConcurrent: opts.maxInFlightBatches ?? 1,
    });
  }

  private newProducer(): Producer {
    return this.client.producer({
      // Java-compatible murmur2 (kafkajs' default since 2.0), named so kafkajs does not warn about the change.
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 5,
      // The catalog decides which topics exist; a typo must not create one with broker defaults.
      allowAutoTopicCreation: false,
      ...(this.opts.retry ? { retry: this.opts.retry } : {}),
    });
  }

  /** Connects the producer; publish() does it on first use. */
  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    return this.connected;
  }

  publish<T>(topic: string, message: T, opts: PublishOptions = {}): Promise<string> {
    // Not async on purpose: this is the hot path, and each extra promise per message shows in the benchmark.
    let envelope: Envelope<T>;
    try {
      envelope = createEnvelope(topic, message, this.opts.source, opts);
    } catch (err) {
      return Promise.reject(err);
    }
    const id = envelope.id; // capture only the id: the envelope (and its data) can be collected once encoded
    return this.publishEnvelope(topic, envelope, opts.key).then(() => id);
  }

  publishEnvelope(
    topic: string,
    envelope: Envelope,
    key?: string,
    headers?: Readonly<Record<string, string>>,
  ): Promise<void> {
    if (this.closed) {
      return Promise.reject(new QueueClosedError(`cannot publish to ${topic}: the Kafka queue is closed`));
    }
    let value: string;
    try {
      value = encodeEnvelope(envelope, topic);
    } catch (err) {
      return Promise.reject(err);
    }
    const message: Message = headers
      ? { value, headers: { ...HEADERS, ...headers } }
      : this.opts.contentTypeHeader === false
        ? { value }
        : { value, headers: HEADERS };
    if (key !== undefined) message.key = key;
    const bytes = Buffer.byteLength(value) + (key === undefined ? 0 : Buffer.byteLength(key));
    return this.batcher.add({ topic, message }, bytes + 64);
  }

  private async sendBatch(items: Outgoing[]): Promise<(Error | undefined)[] | void> {
    await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of items) {
      const list = byTopic.get(topic);
      if (list) list.push(message);
      else byTopic.set(topic, [message]);
    }
    try {
      await this.send(byTopic);
    } catch (err) {
      if (!isUnknownTopic(err)) throw err;
      if (byTopic.size === 1) throw unknownTopicError([...byTopic.keys()][0]!, this.opts.kafka, err);
      // kafkajs does not say which topic is missing: ask the cluster, fail only the missing ones'
      // messages and send the rest again.
      const existing = new Set(await this.listTopics());
      const missing = [...byTopic.keys()].filter((t) => !existing.has(t));
      for (const t of missing) byTopic.delete(t);
      if (byTopic.size > 0) await this.send(byTopic);
      return items.map((item) =>
        missing.includes(item.topic) ? unknownTopicError(item.topic, this.opts.kafka, err) : undefined,
      );
    }
  }

  private async listTopics(): Promise<string[]> {
    const admin = this.client.admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }

  private async send(byTopic: Map<string, Message[]>): Promise<void> {
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    const producer = this.producer;
    try {
      await producer.sendBatch({
        topicMessages,
        acks: -1,
        compression: compressionType(this.opts.compression ?? 'none'),
      });
    } catch (err) {
      if (isProducerStateLost(err)) this.replaceProducer(producer);
      throw err;
    }
  }

  /**
   * kafkajs keeps an idempotent producer's sequence numbers after a failed send; once the broker
   * has lost or moved past them (e.g. a send that timed out around a broker restart) every later
   * send fails with OUT_OF_ORDER_SEQUENCE_NUMBER forever. A new producer gets a new producer id and
   * starts its sequences again; the failed batch is reported failed, so callers resend it.
   */
  private replaceProducer(broken: Producer): void {
    if (this.producer !== broken || this.closed) return;
    this.producer = this.newProducer();
    this.connected = undefined;
    void broken.disconnect().catch(() => undefined);
  }

  async subscribe<T>(topic: string, handler: Handler<T>, opts: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new QueueClosedError(`cannot subscribe to ${topic}: the Kafka queue is closed`);
    const groupId = opts.group ?? this.opts.defaultGroup?.(topic);
    if (!groupId) {
      throw new Error(
        `subscribe(${topic}) needs a consumer group: pass { group } or set KAFKA_CONSUMER_GROUP(S)`,
      );
    }
    const onError = opts.onError ?? defaultOnError;
    const consumer = this.client.consumer({ groupId });
    const crashed: Delivery = { transport: 'kafka', topic, position: `consumer group ${groupId}` };
    const joined = watchConsumer(consumer, this.opts.joinTimeoutMs ?? 60_000, { topic, groupId }, (err) =>
      onError(err, crashed),
    );
    joined.catch(() => undefined);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? false });
    const started = consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        const delivery: Delivery = {
          transport: 'kafka',
          topic: t,
          position: `${partition}:${message.offset}`,
          ...(message.key ? { key: message.key.toString() } : {}),
        };
        let envelope: Envelope<T>;
        try {
          envelope = decodeEnvelope(message.value) as Envelope<T>;
        } catch (err) {
          // Not an envelope: no retry can fix it, so report and move on instead of blocking the partition.
          onError(err, delivery);
          return;
        }
        try {
          await handler(envelope, delivery);
        } catch (err) {
          onError(err, delivery);
          throw err; // kafkajs seeks back: the message is delivered again (at-least-once)
        }
      },
    });
    try {
      await started;
      await joined;
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw explainJoinError(err, groupId, topic);
    }
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await consumer.disconnect();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Sends everything published so far; resolves when the broker has acknowledged it. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.batcher.flush();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.connected) await this.producer.disconnect();
  }
}

/**
 * kafkajs reports a group the principal may not READ as "Failed to find group coordinator" (it
 * drops the broker's GROUP_AUTHORIZATION_FAILED); say what it usually means.
 */
function explainJoinError(err: unknown, groupId: string, topic: string): unknown {
  if (!(err instanceof Error) || err.name !== 'KafkaJSGroupCoordinatorNotFound') return err;
  return new Error(
    `cannot join consumer group ${groupId} for ${topic}: no group coordinator answered. With ACLs on, this ` +
      `means the service may not READ group ${groupId}; use a group the platform granted (KAFKA_CONSUMER_GROUP(S))`,
    { cause: err },
  );
}

/** A consumer stopped by an error kafkajs does not recover from; its subscription is over. */
export class ConsumerCrashedError extends Error {
  override name = 'ConsumerCrashedError';
  constructor(
    readonly topic: string,
    readonly groupId: string,
    readonly restarting: boolean,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `consumer of topic ${JSON.stringify(topic)} (group ${groupId}) crashed: ${reason}; ` +
        (restarting
          ? 'kafkajs restarts it'
          : 'it has stopped and receives nothing more: subscribe again once the cause is fixed'),
      { cause },
    );
  }
}

/**
 * Resolves when the consumer joins its group; rejects when it crashes before that or does not join
 * within timeoutMs. A crash after joining goes to `crashed`: kafkajs only logs it otherwise, and a
 * consumer that stopped for good (e.g. a batch it cannot decompress, an ACL revoked) would look alive.
 */
function watchConsumer(
  consumer: Consumer,
  timeoutMs: number,
  what: { topic: string; groupId: string },
  crashed: (err: ConsumerCrashedError) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let joined = false;
    const timer = setTimeout(() => {
      offJoin();
      offCrash();
      reject(
        new Error(`consumer group ${what.groupId} on ${what.topic} did not join within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    const offJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
      clearTimeout(timer);
      offJoin();
      resolve();
    });
    const offCrash = consumer.on(consumer.events.CRASH, (e) => {
      const { error, restart } = e.payload;
      if (joined) {
        crashed(new ConsumerCrashedError(what.topic, what.groupId, restart, error));
        if (!restart) offCrash();
      } else if (!restart) {
        // kafkajs retries retriable errors by itself; before joining, anything else fails subscribe().
        clearTimeout(timer);
        offJoin();
        offCrash();
        reject(error);
      }
    });
  });
}

export interface KafkaQueueFromEnvOptions
  extends KafkaConfigOptions, Partial<Omit<KafkaQueueOptions, 'kafka'>> {}

/** A Kafka MessageQueue configured entirely from the platform's env (client/contract.ts). */
export function kafkaQueueFromEnv(
  env: Env = process.env,
  opts: KafkaQueueFromEnvOptions = {},
): KafkaMessageQueue {
  const kenv: KafkaEnv = parseKafkaEnv(env);
  const { tokens, tokenCache, overrides, logger, logLevel, ...queue } = opts;
  return new KafkaMessageQueue({
    ...queue,
    kafka: kafkaConfigFor(kenv, { tokens, tokenCache, overrides, logger, logLevel }),
    source: queue.source ?? kenv.clientId ?? 'unknown-service',
    defaultGroup: queue.defaultGroup ?? ((topic) => groupFor(kenv, topic)),
  });
}

const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/** Whether a send failed because a topic does not exist (kafkajs wraps it when retries ran out). */
function isUnknownTopic(err: unknown): boolean {
  return causes(err).some((e) => e.type === 'UNKNOWN_TOPIC_OR_PARTITION');
}

function unknownTopicError(topic: string, kafka: KafkaConfig, cause: unknown): Error {
  const brokers = Array.isArray(kafka.brokers) ? kafka.brokers.join(',') : 'the configured brokers';
  return new Error(
    `topic ${JSON.stringify(topic)} does not exist on ${brokers}: declare it in the platform's topic ` +
      'catalog (topics/catalog.yaml) and deploy, or check the topic name',
    { cause },
  );
}

/** An error and its causes, outermost first. */
function causes(err: unknown): { type?: unknown }[] {
  const chain: { type?: unknown; cause?: unknown }[] = [];
  for (
    let e = err as { type?: unknown; cause?: unknown } | undefined;
    e && !chain.includes(e);
    e = e.cause as typeof e
  ) {
    chain.push(e);
  }
  return chain;
}

/** Whether a send failed because the broker no longer accepts this producer id's sequence. */
export function isProducerStateLost(err: unknown): boolean {
  return causes(err).some((e) => typeof e.type === 'string' && PRODUCER_STATE_ERRORS.has(e.type));
}
