/**
 * Coalesces individual publishes into batched sends, the way the Java producer's linger does: items
 * added in the same tick, or while earlier sends are in flight, go out together. Each add resolves
 * or rejects with its own item's outcome.
 */
export interface BatcherOptions {
  /** Most items per send (SQS: 10 per SendMessageBatch). */
  maxItems: number;
  /** Most bytes per send (Kafka: keep under the broker's message.max.bytes). */
  maxBytes: number;
  /** Sends allowed in flight at once. */
  maxConcurrent: number;
}

/** Sends a batch; returns per-item errors (undefined = ok) or throws to fail the whole batch. */
export type SendBatch<T> = (items: T[]) => Promise<readonly (Error | undefined)[] | void>;

interface Pending<T> {
  item: T;
  size: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Batcher<T> {
  private pending: Pending<T>[] = [];
  private inFlight = new Set<Promise<void>>();
  private scheduled = false;

  constructor(
    private readonly send: SendBatch<T>,
    private readonly opts: BatcherOptions,
  ) {}

  add(item: T, size: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, size, resolve, reject });
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
    try {
      const errors = await this.send(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        const err = errors?.[i];
        if (err) p.reject(err);
        else p.resolve();
      });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const p of batch) p.reject(error);
    }
  }
}
