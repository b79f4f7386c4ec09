import { Envelope } from './envelope';
import { Delivery, Handler } from './messageQueue';

export interface DeduplicatorOptions {
  /** Ids remembered at most; the least recently seen are forgotten first. Default 100,000. */
  maxEntries?: number;
  /**
   * How long an id is remembered. Default 1 hour: longer than a dual-write retry backlog or an SQS
   * visibility timeout is likely to last. Duplicates arriving later are processed again.
   */
  ttlMs?: number;
  /** Clock; injectable for tests. */
  now?: () => number;
}

/**
 * Remembers processed message ids in memory (bounded LRU with TTL). Per process: replicas of a
 * service each have their own, which is enough for redeliveries to the same consumer and dual-write
 * resends within one partition/queue; cross-replica exactly-once needs a store written in the same
 * transaction as the business change (inbox table).
 */
export class Deduplicator {
  private readonly seenAt = new Map<string, number>();
  private readonly inProgress = new Map<string, Promise<void>>();
  private readonly max: number;
  private readonly ttl: number;
  private readonly now: () => number;
  /** Duplicates skipped so far. */
  skipped = 0;

  constructor(opts: DeduplicatorOptions = {}) {
    this.max = opts.maxEntries ?? 100_000;
    this.ttl = opts.ttlMs ?? 60 * 60 * 1000;
    this.now = opts.now ?? Date.now;
  }

  /** True when `id` was marked within the TTL. Refreshes its recency. */
  has(id: string): boolean {
    const at = this.seenAt.get(id);
    if (at === undefined) return false;
    if (this.now() - at > this.ttl) {
      this.seenAt.delete(id);
      return false;
    }
    this.seenAt.delete(id);
    this.seenAt.set(id, at);
    return true;
  }

  mark(id: string): void {
    this.seenAt.delete(id);
    this.seenAt.set(id, this.now());
    this.evict();
  }

  get size(): number {
    return this.seenAt.size;
  }

  private evict(): void {
    const cutoff = this.now() - this.ttl;
    for (const [id, at] of this.seenAt) {
      if (this.seenAt.size <= this.max && at >= cutoff) break;
      this.seenAt.delete(id);
    }
  }

  /**
   * Wraps a handler so each message id is handled once: an id is marked only after the handler
   * succeeds (a failed attempt can be retried), and a duplicate arriving while the first is still
   * being handled waits for it and is then skipped if it succeeded.
   */
  wrap<T>(handler: Handler<T>): Handler<T> {
    return async (envelope: Envelope<T>, delivery: Delivery) => {
      const running = this.inProgress.get(envelope.id);
      if (running) await running.catch(() => undefined);
      if (this.has(envelope.id)) {
        this.skipped++;
        return;
      }
      const attempt = handler(envelope, delivery).then(() => this.mark(envelope.id));
      this.inProgress.set(envelope.id, attempt);
      try {
        await attempt;
      } finally {
        if (this.inProgress.get(envelope.id) === attempt) this.inProgress.delete(envelope.id);
      }
    };
  }
}
