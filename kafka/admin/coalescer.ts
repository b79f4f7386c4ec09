/**
 * Turns many concurrent single-item requests into few batch calls. Pulumi calls a dynamic
 * provider once per resource, up to `--parallel` at a time; requests that arrive while a batch is
 * in flight form the next batch, so a run of 1,000 topics costs a few hundred admin requests
 * instead of several per topic, and no artificial delay is added when only one request waits.
 */
export class Coalescer<K, V> {
  private queue: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;

  /**
   * @param run carries out one batch; returns a result or an Error per key (keys it leaves out
   *   get an error). A thrown error fails the whole batch.
   * @param lane serialises this coalescer's batches with those of others sharing the lane (one
   *   cluster's operations run one at a time).
   */
  constructor(
    private readonly run: (keys: K[]) => Promise<Map<K, V | Error>>,
    private readonly lane: Lane,
    private readonly maxBatch = 500,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the other calls of this tick join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.lane.exclusive(() => this.run(batch.map((b) => b.key)));
          for (const { key, resolve, reject } of batch) {
            const result = results.get(key);
            if (result instanceof Error) reject(result);
            else if (result === undefined && !results.has(key))
              reject(new Error('no result for a batched request'));
            else resolve(result as V);
          }
        } catch (err) {
          for (const { reject } of batch) reject(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** A mutex: one cluster's admin operations run one at a time, never interleaved. */
export class Lane {
  private tail: Promise<unknown> = Promise.resolve();

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
