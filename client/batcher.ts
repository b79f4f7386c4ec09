/**
 * Coalesces individual publishes into batched sends, the way the Java producer's linger does: items
 * added in the same tick, or while earlier sends are in flight, go out together. Each add resolves
 * or rejects with its own item's outcome.
 */
export interface BatcherOptions<T = unknown> {
  /** Most items per send (SQS: 10 per SendMessageBatch). */
  maxItems: number;
  /** Most bytes per send (Kafka: keep under the broker's message.max.bytes). */
  maxBytes: number;
  /** Sends allowed in flight at once. */
  maxConcurrent: number;
  /**
   * Most bytes waiting or in flight; add() beyond it is refused at once with fullError (Java's
   * buffer.memory, without the blocking): memory stays bounded when the other side is down.
   */
  maxPendingBytes?: number;
  /** An item not sent within this long is rejected with timeoutError (Java's delivery.timeout.ms). */
  timeoutMs?: number;
  fullError?: (item: T, pendingBytes: number) => Error;
  timeoutError?: (item: T) => Error;
}

/** Sends a batch; returns per-item errors (undefined = ok) or throws to fail the whole batch. */
export type SendBatch<T> = (items: T[]) => Promise<readonly (Error | undefined)[] | void>;

interface Pending<T> {
  item: T;
  size: number;
  /** What add()'s promise resolves with (publish: the message id, saving a .then per message). */
  value: unknown;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  /** When it was added, for the delivery timeout. */
  at: number;
  settled?: boolean;
}

export class Batcher<T> {
  private pending: Pending<T>[] = [];
  private inFlight = new Set<Promise<void>>();
  private readonly sending = new Set<Pending<T>[]>();
  private scheduled = false;
  /** Bytes of items not settled yet. */
  private bytes = 0;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly send: SendBatch<T>,
    private readonly opts: BatcherOptions<T>,
  ) {}

  add<V = void>(item: T, size: number, value?: V): Promise<V> {
    const max = this.opts.maxPendingBytes;
    if (max !== undefined && this.bytes > 0 && this.bytes + size > max) {
      const err = this.opts.fullError?.(item, this.bytes) ?? new Error(`buffer full (${this.bytes} bytes)`);
      return Promise.reject(err);
    }
    this.bytes += size;
    if (this.opts.timeoutMs !== undefined && !this.sweeper) {
      this.sweeper = setInterval(() => this.expire(), Math.min(1000, this.opts.timeoutMs));
      this.sweeper.unref();
    }
    return new Promise<V>((resolve, reject) => {
      this.pending.push({
        item,
        size,
        value,
        resolve: resolve as (value: unknown) => void,
        reject,
        at: Date.now(),
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  /** Resolves when everything added so far has been sent (or failed). */
  async flush(): Promise<void> {
    this.drain();
    while (this.pending.length > 0 || this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      this.drain();
    }
  }

  private drain(): void {
    while (this.pending.length > 0 && this.inFlight.size < this.opts.maxConcurrent) {
      const batch = this.take();
      const done: Promise<void> = this.sendOne(batch).finally(() => {
        this.inFlight.delete(done);
        this.drain();
      });
      this.inFlight.add(done);
    }
  }

  private take(): Pending<T>[] {
    let bytes = 0;
    let n = 0;
    while (n < this.pending.length && n < this.opts.maxItems) {
      const size = this.pending[n]!.size;
      if (n > 0 && bytes + size > this.opts.maxBytes) break;
      bytes += size;
      n++;
    }
    return this.pending.splice(0, n);
  }

  private async sendOne(batch: Pending<T>[]): Promise<void> {
    this.sending.add(batch);
    try {
      const errors = await this.send(batch.map((p) => p.item));
      batch.forEach((p, i) => this.settle(p, errors?.[i]));
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const p of batch) this.settle(p, error);
    } finally {
      this.sending.delete(batch);
    }
  }

  private settle(p: Pending<T>, err: Error | undefined): void {
    if (p.settled) return;
    p.settled = true;
    this.bytes -= p.size;
    if (err) p.reject(err);
    else p.resolve(p.value);
  }

  /** Rejects items older than timeoutMs, waiting or in flight (a late answer is then ignored). */
  private expire(): void {
    const limit = Date.now() - this.opts.timeoutMs!;
    const timeout = (p: Pending<T>) =>
      this.settle(
        p,
        this.opts.timeoutError?.(p.item) ?? new Error(`not sent within ${this.opts.timeoutMs} ms`),
      );
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.at < limit) timeout(this.pending[n++]!);
    if (n > 0) this.pending.splice(0, n);
    for (const batch of this.sending) for (const p of batch) if (p.at < limit) timeout(p);
    if (this.bytes === 0 && this.pending.length === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
