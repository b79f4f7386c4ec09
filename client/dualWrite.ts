import { createEnvelope, Envelope, PublishOptions } from './envelope';
import {
  EnvelopeQueue,
  Handler,
  MessageQueue,
  QueueClosedError,
  SubscribeOptions,
  Subscription,
} from './messageQueue';
import { deadLetterHeaders } from './deadLetter';
import { Spool, SpoolOptions, SpoolRecovery } from './spool';

/** A message on its way to the secondary system. */
export interface SecondaryMessage {
  topic: string;
  envelope: Envelope;
  key?: string;
  /** Failed attempts so far. */
  attempts: number;
  /** Its place in the spool, when there is one. */
  seq?: number;
  /** Read back from the spool of a process that crashed before the primary confirmed it: sent to the primary first. */
  unconfirmed?: boolean;
}

/** Why messages left the retry queue without a confirmed delivery to the secondary. */
export type DropReason = 'overflow' | 'shutdown';

export interface DualWriteMetrics {
  /** Publishes the primary acknowledged (each one is then owed to the secondary). */
  published: number;
  /** Publishes the primary refused; these failed the caller and were not sent to the secondary. */
  primaryFailures: number;
  /** Messages the secondary acknowledged. */
  secondaryDelivered: number;
  /** Failed secondary attempts (a message failing three times counts three). */
  secondaryFailures: number;
  /** Messages handed to onDropped. */
  secondaryDropped: number;
  /** Messages sent to their dead-letter topic on the secondary after maxAttempts failures. */
  secondaryDeadLettered: number;
  /** Messages waiting for the secondary right now, including those being sent. */
  secondaryPending: number;
  /** Messages a previous process owed the secondary, found in the spool at start. */
  replayed: number;
  /** Bytes of damaged spool records found at start (reported through onSpoolDamage). */
  spoolDamagedBytes: number;
}

export interface DualWriteOptions {
  /** The system of record (phase 2: SQS; phase 4 rollback window: Kafka). Its failure fails publish(). */
  primary: EnvelopeQueue;
  /** The system being filled in the background. Its failures never fail publish(). */
  secondary: EnvelopeQueue;
  /** CloudEvents `source` of published messages: the service name. */
  source: string;
  /**
   * Keeps what is owed to the secondary on disk, so it survives a crash (kill -9) and is sent
   * after the restart. Recommended for the migration; see {@link SpoolOptions}. Without it, what
   * is owed lives in memory (bounded by maxPending) and a crash loses it.
   */
  spool?: SpoolOptions;
  /**
   * In-memory mode (no spool): called with every message that leaves the retry queue without a
   * confirmed secondary delivery, on overflow and at close() for what did not drain in time.
   * Required there, so nothing is dropped silently: write them to a log, an outbox or a replay job.
   * With a spool nothing is dropped (a full spool refuses publishes; close() keeps the rest on disk).
   */
  onDropped?: (messages: SecondaryMessage[], reason: DropReason) => void;
  /** Called on every failed secondary attempt (for alerting); metrics count them too. */
  onSecondaryError?: (err: unknown, message: SecondaryMessage) => void;
  /** In-memory mode: most messages owed to the secondary. Default 10,000. */
  maxPending?: number;
  /**
   * In-memory mode: what gives way when maxPending is reached: `drop-oldest` (default) keeps the newest messages,
   * `drop-newest` keeps the oldest. Either way the dropped ones go to onDropped.
   */
  overflow?: 'drop-oldest' | 'drop-newest';
  /** Messages sent to the secondary at once. Default 500. */
  batchSize?: number;
  /**
   * Retry backoff of a failed message: starts at initialMs (default 1 s), doubles up to maxMs
   * (default 30 s). Other messages keep flowing meanwhile; when every message of a round fails
   * (the secondary is down) the whole pump waits as long.
   */
  backoff?: { initialMs?: number; maxMs?: number };
  /**
   * Failed sends of one message to the secondary, in rounds where others succeeded, before it goes
   * to its dead-letter topic. Default 5. Rounds where everything failed (an outage) do not count.
   */
  maxAttempts?: number;
  /**
   * Dead-letter topic per topic on the secondary (e.g. parseKafkaEnv(env).deadLetterTopics). A
   * message whose attempts ran out is written there with the kp-dlq-* headers (docs/client.md);
   * a topic without one keeps its message retried every backoff.maxMs, without holding up the rest.
   */
  deadLetterTopics?: Readonly<Record<string, string>>;
  /** Called with what the spool found damaged at start (default: logged to stderr). */
  onSpoolDamage?: (recovery: SpoolRecovery) => void;
}

/**
 * Dual-write for the migration (seed 004, phase 2). Contract:
 * - With a spool, publish() first writes the message to the spool (fsync'd; a full or failing
 *   spool rejects here, before the primary has anything), then to the primary, and resolves once
 *   the primary acknowledged. A crash between the two leaves it in the spool, and the next start
 *   sends it to the primary (again: same id) and then to the secondary.
 * - Without a spool, publish() writes the primary and the message is then owed in memory (bounded
 *   by maxPending); a crash loses what is owed. A message leaves the queue unconfirmed only through
 *   onDropped (overflow, or close() after drainTimeoutMs), and metrics.secondaryDropped counts it.
 * - publish() rejects when the primary fails (nothing is then sent to the secondary) and, with a
 *   spool, when the spool cannot hold or write the message (SpoolFullError, a full disk).
 * - Each acknowledged message is owed to the secondary with the very same envelope (id, time):
 *   sent in the background in publish order, retried with backoff; a message failing while others
 *   succeed is retried on its own (later ones overtake it), and after maxAttempts goes to its
 *   dead-letter topic. Delivery there is at-least-once (consumers deduplicate by id, dedup.ts).
 * - subscribe() reads from the primary: the old system stays the source of truth until cutover.
 */
export class DualWriteMessageQueue implements MessageQueue {
  /** In-memory mode: messages owed, oldest first. With a spool they are read from it instead. */
  private readonly waiting: SecondaryMessage[] = [];
  private inFlight: SecondaryMessage[] = [];
  /** Messages that failed while others succeeded, each with when to try it again. */
  private retry: { message: SecondaryMessage; due: number }[] = [];
  /** Spool mode: the last seq read from the spool. */
  private cursor = -1;
  /** Publishes between the primary write and being owed; close() waits for them so their messages are owed too. */
  private readonly primaryInFlight = new Set<Promise<void>>();
  /** Set by close() once it gave up on the rest; the pump stops and counts nothing more. */
  private abandoned = false;
  private pumping = false;
  /** Work arrived while the pump was running: it looks again before stopping. */
  private dirty = false;
  private closed = false;
  private outageBackoffMs: number;
  private wake?: () => void;
  private drainedWaiters: (() => void)[] = [];
  private readonly counters: Omit<DualWriteMetrics, 'secondaryPending'> = {
    published: 0,
    primaryFailures: 0,
    secondaryDelivered: 0,
    secondaryFailures: 0,
    secondaryDropped: 0,
    secondaryDeadLettered: 0,
    replayed: 0,
    spoolDamagedBytes: 0,
  };
  private spool?: Spool;
  /** Resolves once the spool is open (at once without a spool). */
  private readonly ready: Promise<void>;

  constructor(private readonly opts: DualWriteOptions) {
    this.outageBackoffMs = this.initialBackoff;
    if (!opts.spool && !opts.onDropped) {
      throw new Error(
        'DualWriteMessageQueue needs spool: { dir } (what is owed to the secondary survives a crash) ' +
          'or onDropped (in memory: a crash loses it, and overflow and shutdown hand it to onDropped)',
      );
    }
    this.ready = opts.spool ? this.openSpool(opts.spool) : Promise.resolve();
    this.ready.catch(() => undefined); // reported by publish() and open()
  }

  private get initialBackoff(): number {
    return this.opts.backoff?.initialMs ?? 1000;
  }

  private get maxBackoff(): number {
    return this.opts.backoff?.maxMs ?? 30_000;
  }

  /** The spool's fsync counters (undefined without a spool). */
  get spoolStats(): Spool['stats'] | undefined {
    return this.spool ? { ...this.spool.stats } : undefined;
  }

  /** Opens the queue and waits until the spool is read back; reports a spool that cannot be opened. */
  static async open(opts: DualWriteOptions): Promise<DualWriteMessageQueue> {
    const queue = new DualWriteMessageQueue(opts);
    await queue.ready;
    return queue;
  }

  private async openSpool(options: SpoolOptions): Promise<void> {
    const { spool, recovery } = await Spool.open(options);
    this.spool = spool;
    this.counters.replayed = recovery.messages;
    const damaged = recovery.damaged.reduce((sum, d) => sum + d.bytes, 0);
    this.counters.spoolDamagedBytes = damaged;
    if (damaged > 0) {
      const report =
        this.opts.onSpoolDamage ??
        ((r: SpoolRecovery) =>
          console.error(
            `dual-write spool ${spool.dir}: ${damaged} damaged bytes skipped at ` +
              r.damaged.map((d) => `${d.offset}+${d.bytes}`).join(', ') +
              `; ${r.messages} owed messages recovered; the damaged file is kept as ${r.damagedCopy}`,
          ));
      report(recovery);
    }
    void this.pump();
  }

  get metrics(): DualWriteMetrics {
    return { ...this.counters, secondaryPending: this.pending };
  }

  private get pending(): number {
    if (this.spool) return this.spool.pending.messages;
    return this.waiting.length + this.inFlight.length + this.retry.length;
  }

  async publish<T>(topic: string, message: T, opts: PublishOptions = {}): Promise<string> {
    if (this.closed) throw new QueueClosedError(`cannot publish to ${topic}: the dual-write queue is closed`);
    const envelope = createEnvelope(topic, message, this.opts.source, opts);
    await this.ready;
    // close() waits for this whole step, so what the primary took is owed (and spooled) too.
    const step = this.spool
      ? this.spoolThenPrimary(this.spool, topic, envelope, opts.key)
      : this.primaryThenOwe(topic, envelope, opts.key);
    this.primaryInFlight.add(step);
    try {
      await step;
    } finally {
      this.primaryInFlight.delete(step);
    }
    return envelope.id;
  }

  private async spoolThenPrimary(
    spool: Spool,
    topic: string,
    envelope: Envelope,
    key: string | undefined,
  ): Promise<void> {
    // On disk before the primary has it: a crash after the primary write cannot lose it for the secondary.
    const seq = await spool.append(topic, envelope, key);
    try {
      await this.opts.primary.publishEnvelope(topic, envelope, key);
    } catch (err) {
      this.counters.primaryFailures++;
      spool.refused([seq]);
      this.kick();
      throw err;
    }
    spool.confirmed([seq]);
    this.counters.published++;
    this.kick();
  }

  private async primaryThenOwe(topic: string, envelope: Envelope, key: string | undefined): Promise<void> {
    try {
      await this.opts.primary.publishEnvelope(topic, envelope, key);
    } catch (err) {
      this.counters.primaryFailures++;
      throw err;
    }
    this.counters.published++;
    this.enqueue({ topic, envelope, ...(key !== undefined ? { key } : {}), attempts: 0 });
  }

  subscribe<T>(topic: string, handler: Handler<T>, opts?: SubscribeOptions): Promise<Subscription> {
    return this.opts.primary.subscribe(topic, handler, opts);
  }

  private enqueue(message: SecondaryMessage): void {
    if (this.pending >= (this.opts.maxPending ?? 10_000)) {
      const oldest = this.opts.overflow !== 'drop-newest' && this.waiting.length > 0;
      const dropped = oldest ? this.waiting.shift()! : message;
      this.drop([dropped], 'overflow');
      if (!oldest) return;
    }
    this.waiting.push(message);
    this.kick();
  }

  private kick(): void {
    this.dirty = true;
    void this.pump();
  }

  private drop(messages: SecondaryMessage[], reason: DropReason): void {
    if (messages.length === 0) return;
    this.counters.secondaryDropped += messages.length;
    try {
      this.opts.onDropped?.(messages, reason);
    } catch (err) {
      // A failing callback must not fail a publish the primary already acknowledged.
      const ids = messages.map((m) => m.envelope.id).join(', ');
      console.error(
        `dual-write: onDropped threw for ${messages.length} ${reason} message(s) [${ids}]: ${String(err)}`,
      );
    }
  }

  /** The next round: retries that are due, then fresh messages, at most batchSize. */
  private async nextBatch(): Promise<SecondaryMessage[]> {
    const size = this.opts.batchSize ?? 500;
    const now = Date.now();
    const batch: SecondaryMessage[] = [];
    this.retry = this.retry.filter((r) => {
      if (r.due > now || batch.length >= size) return true;
      batch.push(r.message);
      return false;
    });
    // Retries waiting count against the batch: a secondary failing many messages holds fresh ones back.
    const room = size - batch.length - this.retry.length;
    if (room <= 0) return batch;
    if (this.spool) {
      const fresh = await this.spool.read(this.cursor, room);
      if (fresh.length > 0) this.cursor = fresh[fresh.length - 1]!.seq;
      for (const m of fresh) batch.push({ ...m, attempts: 0 });
    } else {
      batch.push(...this.waiting.splice(0, room));
    }
    return batch;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.abandoned) {
        this.dirty = false;
        const batch = await this.nextBatch();
        if (batch.length === 0) {
          if (this.retry.length > 0) {
            await this.sleep(Math.max(0, Math.min(...this.retry.map((r) => r.due)) - Date.now()));
            continue;
          }
          if (this.dirty) continue;
          break;
        }
        this.inFlight = batch;
        const results = await Promise.allSettled(batch.map((m) => this.sendOne(m)));
        this.inFlight = [];
        if (this.abandoned) break; // close() already handed this batch to onDropped
        const delivered: number[] = [];
        const failed: { message: SecondaryMessage; error: unknown }[] = [];
        results.forEach((r, i) => {
          const m = batch[i]!;
          if (r.status === 'fulfilled') {
            this.counters.secondaryDelivered++;
            if (m.seq !== undefined) delivered.push(m.seq);
            return;
          }
          this.counters.secondaryFailures++;
          this.opts.onSecondaryError?.(r.reason, m);
          failed.push({ message: m, error: r.reason });
        });
        this.spool?.ack(delivered);
        const outage = failed.length === batch.length;
        for (const { message, error } of failed) {
          if (!outage) message.attempts++;
          if (!outage && message.attempts >= (this.opts.maxAttempts ?? 5)) {
            if (await this.deadLetter(message, error)) continue;
          }
          const backoff = Math.min(
            this.initialBackoff * 2 ** Math.max(message.attempts - 1, 0),
            this.maxBackoff,
          );
          this.retry.push({ message, due: Date.now() + backoff * (0.5 + Math.random() / 2) });
        }
        if (!this.spool) this.trimAfterRetry();
        if (outage) {
          await this.sleep(this.outageBackoffMs * (0.5 + Math.random() / 2));
          this.outageBackoffMs = Math.min(this.outageBackoffMs * 2, this.maxBackoff);
        } else {
          this.outageBackoffMs = this.initialBackoff;
        }
      }
    } finally {
      this.pumping = false;
      if (this.pending === 0) for (const w of this.drainedWaiters.splice(0)) w();
    }
  }

  /** One message to the secondary; one a crashed process never saw confirmed goes to the primary first. */
  private async sendOne(m: SecondaryMessage): Promise<void> {
    if (m.unconfirmed) {
      await this.opts.primary.publishEnvelope(m.topic, m.envelope, m.key);
      m.unconfirmed = false;
      if (m.seq !== undefined) this.spool?.confirmed([m.seq]);
    }
    await this.opts.secondary.publishEnvelope(m.topic, m.envelope, m.key);
  }

  /** Sends a message whose attempts ran out to its dead-letter topic; false when it has none or that failed. */
  private async deadLetter(m: SecondaryMessage, error: unknown): Promise<boolean> {
    const target = this.opts.deadLetterTopics?.[m.topic];
    if (!target) return false;
    try {
      await this.opts.secondary.publishEnvelope(
        target,
        m.envelope,
        m.key,
        deadLetterHeaders({ topic: m.topic, attempts: m.attempts, error }),
      );
    } catch (err) {
      this.opts.onSecondaryError?.(err, m);
      return false;
    }
    this.counters.secondaryDeadLettered++;
    if (m.seq !== undefined) this.spool?.ack([m.seq]);
    return true;
  }

  /** Re-queued failures may push the queue over its bound; apply the overflow policy again. */
  private trimAfterRetry(): void {
    const max = this.opts.maxPending ?? 10_000;
    const excess = this.pending - max;
    if (excess <= 0) return;
    const dropped =
      this.opts.overflow === 'drop-newest'
        ? this.waiting.splice(Math.max(this.waiting.length - excess, 0))
        : this.waiting.splice(0, excess);
    this.drop(dropped, 'overflow');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /**
   * Resolves when nothing is owed to the secondary, or with false after timeoutMs. The secondary
   * being down means this waits (it does not give up on messages).
   */
  async flush(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    await this.ready; // replayed messages are owed too
    if (this.pending === 0 && !this.pumping) return true;
    return new Promise<boolean>((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => resolve(false), timeoutMs) : undefined;
      this.drainedWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.kick();
    });
  }

  /**
   * Stops publishing, waits up to drainTimeoutMs (default 20 s: leaves room in Kubernetes' 30 s
   * grace period) for the secondary to catch up, then closes both queues, giving the secondary
   * what is left of the timeout. What is still owed then stays in the spool for the next start;
   * without a spool it goes to onDropped('shutdown'), including messages whose send was still in
   * flight, which may yet arrive (the consumer's dedup makes that harmless).
   */
  async close(drainTimeoutMs = 20_000): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + drainTimeoutMs;
    await Promise.allSettled([...this.primaryInFlight]);
    for (const r of this.retry) r.due = 0; // retry now rather than after a long backoff
    this.wake?.();
    if (!(await this.flush(drainTimeoutMs).catch(() => false))) {
      this.abandoned = true;
      this.wake?.();
      const left = [...this.inFlight, ...this.retry.map((r) => r.message), ...this.waiting.splice(0)];
      this.inFlight = [];
      this.retry = [];
      if (!this.spool) this.drop(left, 'shutdown');
    }
    await this.spool?.close();
    await this.opts.primary.close();
    const left = Math.max(deadline - Date.now(), 1000);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.opts.secondary.close(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, left))),
    ]).finally(() => clearTimeout(timer));
  }
}
