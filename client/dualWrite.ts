import { createEnvelope, Envelope, PublishOptions } from './envelope';
import {
  EnvelopeQueue,
  Handler,
  MessageQueue,
  QueueClosedError,
  SubscribeOptions,
  Subscription,
} from './messageQueue';
import { Spool, SpoolOptions } from './spool';

/** A message on its way to the secondary system. */
export interface SecondaryMessage {
  topic: string;
  envelope: Envelope;
  key?: string;
  /** Failed attempts so far. */
  attempts: number;
  /** Its place in the spool, when there is one. */
  seq?: number;
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
  /** Messages waiting for the secondary right now, including those being sent. */
  secondaryPending: number;
  /** Messages a previous process owed the secondary, read back from the spool at start. */
  replayed: number;
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
  /** Retry backoff after a failed round: starts at initialMs (default 100), doubles up to maxMs (default 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
}

/**
 * Dual-write for the migration (seed 004, phase 2). Contract:
 * - publish() writes the primary first and resolves once the primary acknowledged; it rejects only
 *   when the primary fails, and then nothing goes to the secondary.
 * - Each acknowledged message is then owed to the secondary with the very same envelope (id, time):
 *   sent in the background, in publish order, retried with exponential backoff until the secondary
 *   acknowledges it. Delivery there is at-least-once (a lost acknowledgement means a resend with the
 *   same id; consumers deduplicate by id, see dedup.ts).
 * - With a spool, each acknowledged message is on disk (fsync'd) before publish() resolves, and is
 *   delivered after a crash and restart. A full spool fails publish() before the primary is written.
 * - Without one, the retry queue is in memory and bounded (maxPending). A message leaves it
 *   unconfirmed only through onDropped (overflow, or close() after drainTimeoutMs), and
 *   metrics.secondaryDropped counts it.
 * - subscribe() reads from the primary: the old system stays the source of truth until cutover.
 */
export class DualWriteMessageQueue implements MessageQueue {
  private readonly waiting: SecondaryMessage[] = [];
  private inFlight: SecondaryMessage[] = [];
  /** Publishes between the primary write and being owed; close() waits for them so their messages are owed too. */
  private readonly primaryInFlight = new Set<Promise<void>>();
  /** Set by close() once it gave up on the rest; the pump stops and counts nothing more. */
  private abandoned = false;
  private pumping = false;
  private closed = false;
  private backoffMs: number;
  private wake?: () => void;
  private drainedWaiters: (() => void)[] = [];
  private readonly counters: Omit<DualWriteMetrics, 'secondaryPending'> = {
    published: 0,
    primaryFailures: 0,
    secondaryDelivered: 0,
    secondaryFailures: 0,
    secondaryDropped: 0,
    replayed: 0,
  };
  private spool?: Spool;
  /** Resolves once the spool is open and its owed messages are queued (at once without a spool). */
  private readonly ready: Promise<void>;

  constructor(private readonly opts: DualWriteOptions) {
    this.backoffMs = opts.backoff?.initialMs ?? 100;
    if (!opts.spool && !opts.onDropped) {
      throw new Error(
        'DualWriteMessageQueue needs spool: { dir } (what is owed to the secondary survives a crash) ' +
          'or onDropped (in memory: a crash loses it, and overflow and shutdown hand it to onDropped)',
      );
    }
    this.ready = opts.spool ? this.replay(opts.spool) : Promise.resolve();
    this.ready.catch(() => undefined); // reported by publish() and open()
  }

  /** The spool's fsync counters (undefined without a spool). */
  get spoolStats(): { fsyncs: number; messagesSynced: number } | undefined {
    return this.spool ? { ...this.spool.stats } : undefined;
  }

  /** Opens the queue and waits until the spool is read back; reports a spool that cannot be opened. */
  static async open(opts: DualWriteOptions): Promise<DualWriteMessageQueue> {
    const queue = new DualWriteMessageQueue(opts);
    await queue.ready;
    return queue;
  }

  private async replay(options: SpoolOptions): Promise<void> {
    const { spool, owed } = await Spool.open(options);
    this.spool = spool;
    this.counters.replayed = owed.length;
    this.waiting.unshift(...owed.map((m) => ({ ...m, attempts: 0 })));
    void this.pump();
  }

  get metrics(): DualWriteMetrics {
    return { ...this.counters, secondaryPending: this.pending };
  }

  private get pending(): number {
    return this.waiting.length + this.inFlight.length;
  }

  async publish<T>(topic: string, message: T, opts: PublishOptions = {}): Promise<string> {
    if (this.closed) throw new QueueClosedError(`cannot publish to ${topic}: the dual-write queue is closed`);
    const envelope = createEnvelope(topic, message, this.opts.source, opts);
    await this.ready;
    // close() waits for this whole step, so what the primary took is owed (and spooled) too.
    const step = this.writePrimaryThenOwe(topic, envelope, opts.key);
    this.primaryInFlight.add(step);
    try {
      await step;
    } finally {
      this.primaryInFlight.delete(step);
    }
    return envelope.id;
  }

  private async writePrimaryThenOwe(
    topic: string,
    envelope: Envelope,
    key: string | undefined,
  ): Promise<void> {
    // Room in the spool is taken before the primary write: a full spool must refuse, not drop.
    const reserved = this.spool?.reserve(topic, envelope, key);
    try {
      await this.opts.primary.publishEnvelope(topic, envelope, key);
    } catch (err) {
      this.counters.primaryFailures++;
      if (reserved) this.spool?.release(reserved);
      throw err;
    }
    // Acknowledged to the caller only once it is owed durably: a crash after this loses nothing.
    const seq = reserved ? await this.spool!.append(reserved) : undefined;
    this.counters.published++;
    this.enqueue({
      topic,
      envelope,
      ...(key !== undefined ? { key } : {}),
      attempts: 0,
      ...(seq !== undefined ? { seq } : {}),
    });
  }

  subscribe<T>(topic: string, handler: Handler<T>, opts?: SubscribeOptions): Promise<Subscription> {
    return this.opts.primary.subscribe(topic, handler, opts);
  }

  private enqueue(message: SecondaryMessage): void {
    if (!this.spool && this.pending >= (this.opts.maxPending ?? 10_000)) {
      const oldest = this.opts.overflow !== 'drop-newest' && this.waiting.length > 0;
      const dropped = oldest ? this.waiting.shift()! : message;
      this.drop([dropped], 'overflow');
      if (!oldest) return;
    }
    this.waiting.push(message);
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

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0 && !this.abandoned) {
        const batch = this.waiting.splice(0, this.opts.batchSize ?? 500);
        this.inFlight = batch;
        const results = await Promise.allSettled(
          batch.map((m) => this.opts.secondary.publishEnvelope(m.topic, m.envelope, m.key)),
        );
        this.inFlight = [];
        if (this.abandoned) break; // close() already handed this batch to onDropped
        const failed: SecondaryMessage[] = [];
        const delivered: number[] = [];
        results.forEach((r, i) => {
          const m = batch[i]!;
          if (r.status === 'fulfilled') {
            this.counters.secondaryDelivered++;
            if (m.seq !== undefined) delivered.push(m.seq);
            return;
          }
          m.attempts++;
          this.counters.secondaryFailures++;
          this.opts.onSecondaryError?.(r.reason, m);
          failed.push(m);
        });
        this.spool?.ack(delivered);
        // Failed ones go back to the front, in order, ahead of anything published meanwhile.
        this.waiting.unshift(...failed);
        if (!this.spool) this.trimAfterRetry();
        if (failed.length > 0) {
          await this.sleep(this.backoffMs * (0.5 + Math.random() / 2));
          this.backoffMs = Math.min(this.backoffMs * 2, this.opts.backoff?.maxMs ?? 30_000);
        } else {
          this.backoffMs = this.opts.backoff?.initialMs ?? 100;
        }
      }
    } finally {
      this.pumping = false;
      if (this.pending === 0) for (const w of this.drainedWaiters.splice(0)) w();
    }
  }

  /** Re-queued failures may push the queue over its bound; apply the overflow policy again. */
  private trimAfterRetry(): void {
    const max = this.opts.maxPending ?? 10_000;
    const excess = this.waiting.length - max;
    if (excess <= 0) return;
    const dropped =
      this.opts.overflow === 'drop-newest' ? this.waiting.splice(max) : this.waiting.splice(0, excess);
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
    });
  }

  /**
   * Stops publishing, waits up to drainTimeoutMs (default 30 s) for the secondary to catch up, then
   * closes both queues, giving the secondary what is left of the timeout. What is still owed then
   * stays in the spool for the next start; without a spool it goes to onDropped('shutdown'),
   * including messages whose send was still in flight, which may yet arrive (the consumer's dedup
   * makes that harmless).
   */
  async close(drainTimeoutMs = 30_000): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + drainTimeoutMs;
    await Promise.allSettled([...this.primaryInFlight]);
    this.wake?.(); // retry now rather than after a long backoff
    if (!(await this.flush(drainTimeoutMs).catch(() => false))) {
      this.abandoned = true;
      this.wake?.();
      const left = [...this.inFlight, ...this.waiting.splice(0)];
      this.inFlight = [];
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
