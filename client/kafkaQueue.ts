import {
  Consumer,
  IHeaders,
  Kafka,
  KafkaConfig,
  KafkaJSError,
  KafkaMessage,
  Message,
  Partitioners,
  Producer,
  RetryOptions,
  TopicMessages,
} from 'kafkajs';
import { Batcher } from './batcher';
import { Compression, compressionType, registerCompressionCodecs } from './compression';
import { ENV } from './contract';
import { Env, groupFor, kafkaConfigFor, KafkaConfigOptions, KafkaEnv, parseKafkaEnv } from './config';
import { deadLetterHeaders, DEFAULT_RETRY } from './deadLetter';
import {
  CLOUDEVENTS_JSON,
  createEnvelope,
  decodeRecord,
  encodeBinary,
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
  SubscriptionHealth,
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
  /**
   * Most bytes of publishes waiting for the broker (queued and in flight); a publish beyond it
   * fails at once with ProducerBufferFullError, so a broker outage under load cannot take the
   * process's memory. Default 32 MiB (the Java producer's buffer.memory).
   */
  maxBufferBytes?: number;
  /**
   * A publish the broker has not acknowledged within this long fails with DeliveryTimeoutError
   * (it may still arrive: publish again with the same id, consumers deduplicate). Default 120 s
   * (the Java producer's delivery.timeout.ms).
   */
  deliveryTimeoutMs?: number;
  /** Produce requests in flight at once. Default 1 (idempotent sends are serialised per broker anyway). */
  maxInFlightBatches?: number;
  /**
   * Adds `content-type: application/cloudevents+json` to every structured-mode record, the
   * CloudEvents Kafka binding's marker for structured mode: without it CloudEvents SDK consumers
   * (Java, Go) read the record as binary mode and fail. Default true. False only for consumers
   * known to be this library (kafkajs allocates a buffer per header per record).
   */
  contentTypeHeader?: boolean;
  /**
   * How events are laid out on the wire (CloudEvents Kafka protocol binding): `structured` (the
   * default: the whole event, JSON, is the value) or `binary` (attributes in `ce_*` headers, the
   * data alone is the value), for consumers that expect the Java SDK's default. Consumers of this
   * library read both either way.
   */
  cloudEventsMode?: 'structured' | 'binary';
  /**
   * The topics this service may use (kafkaQueueFromEnv: KAFKA_PRODUCES, with the dead-letter topics,
   * and KAFKA_CONSUMES). Others are refused at once, naming the topic and the variable, the same on
   * every backend (a local broker would allow them, MSK's ACLs would not). Unset: no check.
   */
  contract?: { produces: readonly string[]; consumes: readonly string[] };
  /** Turns the contract check off (e.g. a tool that reads any topic). Default false. */
  allowTopicsOutsideContract?: boolean;
  /** Dead-letter topic per consumed topic when subscribe() names none (from KAFKA_DEAD_LETTER_TOPICS). */
  deadLetterTopic?: (topic: string) => string | undefined;
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

function structuredMessage(
  value: string,
  headers: Readonly<Record<string, string>> | undefined,
  contentType: boolean,
): Message {
  if (headers) return { value, headers: { ...HEADERS, ...headers } };
  return contentType ? { value, headers: HEADERS } : { value };
}

function binaryMessage(
  envelope: Envelope,
  topic: string,
  headers: Readonly<Record<string, string>> | undefined,
): Message {
  const binary = encodeBinary(envelope, topic);
  return { value: binary.value, headers: headers ? { ...binary.headers, ...headers } : binary.headers };
}

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
  /** Topics seen on the cluster: a publish to another one is checked once before it is sent. */
  private readonly knownTopics = new Set<string>();
  private readonly mayProduce?: ReadonlySet<string>;
  private readonly mayConsume?: ReadonlySet<string>;

  constructor(private readonly opts: KafkaQueueOptions) {
    registerCompressionCodecs();
    if (opts.contract && !opts.allowTopicsOutsideContract) {
      this.mayProduce = new Set(opts.contract.produces);
      this.mayConsume = new Set(opts.contract.consumes);
    }
    this.client = new Kafka(opts.kafka);
    this.producer = this.newProducer();
    this.batcher = new Batcher((items) => this.sendBatch(items), {
      maxItems: opts.maxBatchMessages ?? 1000,
      maxBytes: opts.maxBatchBytes ?? 1024 * 1024,
      maxConcurrent: opts.maxInFlightBatches ?? 1,
      maxPendingBytes: opts.maxBufferBytes ?? 32 * 1024 * 1024,
      timeoutMs: opts.deliveryTimeoutMs ?? 120_000,
      fullError: ({ topic }, bytes) =>
        new ProducerBufferFullError(
          `cannot publish to topic ${JSON.stringify(topic)}: ${bytes} bytes are waiting for the broker ` +
            `(maxBufferBytes ${opts.maxBufferBytes ?? 32 * 1024 * 1024}); the cluster is unreachable or slower ` +
            'than the publish rate: retry later, or raise maxBufferBytes',
        ),
      timeoutError: ({ topic }) =>
        new DeliveryTimeoutError(
          `publish to topic ${JSON.stringify(topic)} was not acknowledged by the broker within deliveryTimeoutMs ` +
            `(${opts.deliveryTimeoutMs ?? 120_000} ms); it may still arrive: publish again with the same id to be sure`,
        ),
    });
  }

  private newProducer(): Producer {
    return this.client.producer({
      // Java-compatible murmur2 (kafkajs' default since 2.0), named so kafkajs does not warn about the change.
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs' default is false (https://kafka.js.org/docs/producing#options): without it a retried
      // send can write a batch twice or out of order. The Java client's default is true since 3.0.
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
    // Resolves with the id itself (no .then per message); the envelope can be collected once encoded.
    return this.enqueue(topic, envelope, opts.key, undefined, envelope.id);
  }

  publishEnvelope(
    topic: string,
    envelope: Envelope,
    key?: string,
    headers?: Readonly<Record<string, string>>,
  ): Promise<void> {
    return this.enqueue(topic, envelope, key, headers, undefined);
  }

  private enqueue<V>(
    topic: string,
    envelope: Envelope,
    key: string | undefined,
    headers: Readonly<Record<string, string>> | undefined,
    result: V,
  ): Promise<V> {
    if (this.closed) {
      return Promise.reject(new QueueClosedError(`cannot publish to ${topic}: the Kafka queue is closed`));
    }
    if (this.mayProduce && !this.mayProduce.has(topic)) {
      return Promise.reject(outsideContract('publish to', topic, ENV.produces, this.mayProduce));
    }
    let message: Message;
    try {
      message =
        this.opts.cloudEventsMode === 'binary'
          ? binaryMessage(envelope, topic, headers)
          : structuredMessage(
              encodeEnvelope(envelope, topic),
              headers,
              this.opts.contentTypeHeader !== false,
            );
    } catch (err) {
      return Promise.reject(err);
    }
    if (key !== undefined) message.key = key;
    const value = message.value as string | Buffer;
    const bytes =
      (typeof value === 'string' ? Buffer.byteLength(value) : value.length) +
      (key === undefined ? 0 : Buffer.byteLength(key));
    return this.batcher.add({ topic, message }, bytes + 64, result);
  }

  private async sendBatch(items: Outgoing[]): Promise<(Error | undefined)[] | void> {
    await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of items) {
      const list = byTopic.get(topic);
      if (list) list.push(message);
      else byTopic.set(topic, [message]);
    }
    // A topic not seen yet is looked up once: a missing one fails at once, naming it, instead of
    // after the producer's retries and a page of kafkajs errors.
    const unseen = [...byTopic.keys()].filter((t) => !this.knownTopics.has(t));
    if (unseen.length > 0) {
      const missing = await this.missingTopics(unseen);
      if (missing.length > 0) {
        for (const t of missing) byTopic.delete(t);
        if (byTopic.size > 0) await this.send(byTopic);
        return items.map((item) =>
          missing.includes(item.topic)
            ? unknownTopicError(item.topic, this.opts.kafka, undefined)
            : undefined,
        );
      }
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

  /**
   * Which of these topics the cluster says do not exist (one metadata request each). Other answers
   * (e.g. not authorized) are left to the send, which reports them.
   */
  private async missingTopics(topics: string[]): Promise<string[]> {
    const admin = this.client.admin({ retry: { retries: 0 } }); // a missing topic is an answer, not a retry
    await admin.connect();
    try {
      const missing: string[] = [];
      for (const topic of topics) {
        try {
          await admin.fetchTopicMetadata({ topics: [topic] });
          this.knownTopics.add(topic);
        } catch (err) {
          if (isUnknownTopic(err)) missing.push(topic);
        }
      }
      return missing;
    } finally {
      await admin.disconnect();
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
    if (this.mayConsume && !this.mayConsume.has(topic)) {
      throw outsideContract('subscribe to', topic, ENV.consumes, this.mayConsume);
    }
    const groupId = opts.group ?? this.opts.defaultGroup?.(topic);
    if (!groupId) {
      throw new Error(
        `subscribe(${topic}) needs a consumer group: pass { group } or set KAFKA_CONSUMER_GROUP(S)`,
      );
    }
    const onError = opts.onError ?? defaultOnError;
    const consumer = this.client.consumer({
      groupId,
      ...(opts.sessionTimeoutMs !== undefined ? { sessionTimeout: opts.sessionTimeoutMs } : {}),
      ...(opts.heartbeatIntervalMs !== undefined ? { heartbeatInterval: opts.heartbeatIntervalMs } : {}),
      ...(opts.maxBytesPerPartition !== undefined ? { maxBytesPerPartition: opts.maxBytesPerPartition } : {}),
      allowAutoTopicCreation: false,
    });
    const deadLetter =
      opts.deadLetterTopic === false
        ? undefined
        : (opts.deadLetterTopic ?? this.opts.deadLetterTopic?.(topic));
    const maxAttempts = opts.maxAttempts ?? DEFAULT_RETRY.attempts;
    const initialMs = opts.backoff?.initialMs ?? DEFAULT_RETRY.initialMs;
    const maxMs = opts.backoff?.maxMs ?? DEFAULT_RETRY.maxMs;
    const health: SubscriptionHealth = { state: 'running', healthy: true, handled: 0, deadLettered: 0 };
    const noteError = (err: unknown) => {
      health.lastError = {
        message: err instanceof Error ? err.message : String(err),
        at: new Date().toISOString(),
      };
    };
    let stopping = false;
    const crashed: Delivery = { transport: 'kafka', topic, position: `consumer group ${groupId}` };
    const joined = watchConsumer(consumer, this.opts.joinTimeoutMs ?? 60_000, { topic, groupId }, (err) => {
      noteError(err);
      if (!err.restarting) Object.assign(health, { state: 'crashed', healthy: false });
      onError(err, crashed);
    });
    joined.catch(() => undefined);
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? false });
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw subscribeError(err, topic, groupId);
    }
    const started = consumer.run({
      partitionsConsumedConcurrently: opts.concurrency ?? 1,
      eachMessage: async ({ topic: t, partition, message, heartbeat }) => {
        const delivery: Delivery = {
          transport: 'kafka',
          topic: t,
          position: `${partition}:${message.offset}`,
          ...(message.key ? { key: message.key.toString() } : {}),
          heartbeat,
        };
        let envelope: Envelope<T>;
        try {
          envelope = decodeRecord(message.value, message.headers) as Envelope<T>;
        } catch (err) {
          // Not an event: no retry can fix it. Dead-letter it when there is a topic for that, else report and move on.
          onError(err, delivery);
          noteError(err);
          if (deadLetter)
            await this.deadLetter(deadLetter, {
              topic: t,
              partition,
              message,
              groupId,
              attempts: 1,
              error: err,
            });
          if (deadLetter) health.deadLettered++;
          return;
        }
        for (let attempt = 1; ; attempt++) {
          try {
            await handler(envelope, { ...delivery, attempt });
            health.handled++;
            if (health.state === 'retrying') health.state = 'running';
            return;
          } catch (err) {
            // Every error is the handler's, TypeError included: retried here, never handed to kafkajs
            // (which stops a consumer for good on errors it does not know).
            onError(err, { ...delivery, attempt });
            noteError(err);
            if (deadLetter && attempt >= maxAttempts) {
              await this.deadLetter(deadLetter, {
                topic: t,
                partition,
                message,
                groupId,
                attempts: attempt,
                error: err,
              });
              health.deadLettered++;
              return;
            }
            if (attempt >= maxAttempts) health.state = 'retrying';
            if (stopping) throw retriable(err); // stop(): leave it uncommitted, delivered again after
            await sleepWithHeartbeat(
              Math.min(initialMs * 2 ** (attempt - 1), maxMs),
              heartbeat,
              () => stopping,
            );
            if (stopping) throw retriable(err);
          }
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
        stopping = true;
        this.subscriptions.delete(subscription);
        await consumer.disconnect();
        Object.assign(health, { state: 'stopped', healthy: false });
      },
      health: () => ({ ...health }),
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Writes a record the consumer gave up on to its dead-letter topic: same key, value and headers, plus kp-dlq-*. */
  private async deadLetter(
    target: string,
    r: {
      topic: string;
      partition: number;
      message: KafkaMessage;
      groupId: string;
      attempts: number;
      error: unknown;
    },
  ): Promise<void> {
    const headers: IHeaders = { ...r.message.headers };
    Object.assign(
      headers,
      deadLetterHeaders({
        topic: r.topic,
        partition: r.partition,
        offset: r.message.offset,
        group: r.groupId,
        attempts: r.attempts,
        error: r.error,
      }),
    );
    await this.connect();
    await this.producer.send({
      topic: target,
      acks: -1,
      messages: [{ key: r.message.key, value: r.message.value, headers }],
    });
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

export class ProducerBufferFullError extends Error {
  override name = 'ProducerBufferFullError';
}

export class DeliveryTimeoutError extends Error {
  override name = 'DeliveryTimeoutError';
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
    deadLetterTopic: queue.deadLetterTopic ?? ((topic) => kenv.deadLetterTopics[topic]),
    contract: queue.contract ?? {
      produces: [...kenv.produces, ...Object.values(kenv.deadLetterTopics)],
      consumes: kenv.consumes,
    },
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

/** An error kafkajs retries (it seeks back, the message comes again) instead of stopping the consumer. */
function retriable(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new KafkaJSError(`handler failed: ${message}`, { retriable: true });
}

/** Waits ms, sending heartbeats meanwhile so the group keeps the consumer; ends early on stop. */
async function sleepWithHeartbeat(
  ms: number,
  heartbeat: () => Promise<void>,
  stopping: () => boolean,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && !stopping()) {
    await new Promise((r) => setTimeout(r, Math.min(1000, end - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}

/** subscribe() to a topic that does not exist, or that the principal may not read, names the topic. */
function subscribeError(err: unknown, topic: string, groupId: string): Error {
  const reason = err instanceof Error ? err.message : String(err);
  const missing =
    causes(err).some((e) => e.type === 'UNKNOWN_TOPIC_OR_PARTITION') ||
    /does not host this topic-partition|not found|unknown topic/i.test(reason);
  return new Error(
    missing
      ? `cannot subscribe to topic ${JSON.stringify(topic)} (group ${groupId}): it does not exist; declare it in the platform's topic catalog (topics/catalog.yaml) and deploy, or check the name`
      : `cannot subscribe to topic ${JSON.stringify(topic)} (group ${groupId}): ${reason}`,
    { cause: err },
  );
}

function outsideContract(what: string, topic: string, variable: string, allowed: ReadonlySet<string>): Error {
  const list = allowed.size > 0 ? [...allowed].join(', ') : 'none';
  return new Error(
    `cannot ${what} topic ${JSON.stringify(topic)}: it is not in ${variable} (${list}). Add it to this ` +
      "service's entry in the platform's topic catalog and deploy, or pass allowTopicsOutsideContract: true",
  );
}
