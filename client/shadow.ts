import { isDeepStrictEqual } from 'node:util';
import { Envelope } from './envelope';
import { Delivery, Handler } from './messageQueue';

/** One way the new system's outcome differed from the old one for a message id. */
export type Difference<R> =
  | { kind: 'mismatch'; id: string; old: R; new: R }
  | { kind: 'missing-in-new'; id: string; old: R }
  | { kind: 'missing-in-old'; id: string; new: R }
  | { kind: 'new-failed'; id: string; error: string };

export interface ShadowReport {
  matched: number;
  mismatched: number;
  missingInNew: number;
  missingInOld: number;
  newFailed: number;
  /** Ids seen on one side only, still within the timeout. */
  waiting: number;
}

export interface ShadowOptions<R> {
  /** Called for every difference as it is found. */
  onDifference: (difference: Difference<R>) => void;
  /** How long one side waits for the other before the message counts as missing. Default 60 s. */
  timeoutMs?: number;
  /** Outcome equality. Default: deep strict equality. */
  equal?: (oldResult: R, newResult: R) => boolean;
  /** Ids held while waiting for the other side; beyond it the oldest count as missing. Default 100,000. */
  maxWaiting?: number;
  /** Clock; injectable for tests. */
  now?: () => number;
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: string };

interface Entry<R> {
  firstSeenAt: number;
  old?: R;
  hasOld: boolean;
  new?: Outcome<R>;
}

/**
 * Phase 3 of the migration: the live consumer keeps reading the old system and doing the work; a
 * shadow consumer reads the same messages from the new system and only computes what it would do.
 * This compares the two outcomes per message id and reports differences.
 *
 * Side effects are the caller's part: the shadow `compute` must return its outcome instead of
 * writing it. This class helps by giving compute a frozen copy of the envelope, never rethrowing
 * its errors (a shadow failure must not block or redeliver anything), and by acknowledging every
 * shadow message, so the shadow consumer group keeps pace and affects nothing.
 */
export class ShadowComparison<R> {
  private readonly entries = new Map<string, Entry<R>>();
  private readonly counts: Omit<ShadowReport, 'waiting'> = {
    matched: 0,
    mismatched: 0,
    missingInNew: 0,
    missingInOld: 0,
    newFailed: 0,
  };
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;

  constructor(private readonly opts: ShadowOptions<R>) {
    this.now = opts.now ?? Date.now;
  }

  /** Starts sweeping for timed-out ids periodically (the timer does not keep the process alive). */
  start(): this {
    const every = Math.max(100, (this.opts.timeoutMs ?? 60_000) / 4);
    this.timer ??= setInterval(() => this.sweep(), every).unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Wraps the live handler on the old system; it returns the outcome it committed. */
  old<T>(handler: (envelope: Envelope<T>, delivery: Delivery) => Promise<R>): Handler<T> {
    return async (envelope, delivery) => {
      const result = await handler(envelope, delivery);
      const entry = this.entry(envelope.id);
      if (entry.hasOld) return; // a redelivery; the first outcome is the one compared
      entry.old = result;
      entry.hasOld = true;
      this.settle(envelope.id, entry);
    };
  }

  /** Wraps the side-effect-free computation on the new system. */
  new<T>(compute: (envelope: Envelope<T>, delivery: Delivery) => Promise<R> | R): Handler<T> {
    return async (envelope, delivery) => {
      const entry = this.entry(envelope.id);
      if (entry.new) return;
      try {
        entry.new = { ok: true, value: await compute(deepFreeze(structuredClone(envelope)), delivery) };
      } catch (err) {
        entry.new = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      this.settle(envelope.id, entry);
    };
  }

  private entry(id: string): Entry<R> {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { firstSeenAt: this.now(), hasOld: false };
      this.entries.set(id, entry);
      if (this.entries.size > (this.opts.maxWaiting ?? 100_000)) {
        const [oldestId, oldest] = this.entries.entries().next().value as [string, Entry<R>];
        this.expire(oldestId, oldest);
      }
    }
    return entry;
  }

  private settle(id: string, entry: Entry<R>): void {
    if (entry.new && !entry.new.ok) {
      this.entries.delete(id);
      this.counts.newFailed++;
      this.opts.onDifference({ kind: 'new-failed', id, error: entry.new.error });
      return;
    }
    if (!entry.hasOld || !entry.new) return;
    this.entries.delete(id);
    const oldResult = entry.old as R;
    const newResult = entry.new.value;
    const equal = this.opts.equal ?? isDeepStrictEqual;
    if (equal(oldResult, newResult)) {
      this.counts.matched++;
    } else {
      this.counts.mismatched++;
      this.opts.onDifference({ kind: 'mismatch', id, old: oldResult, new: newResult });
    }
  }

  /** Reports ids that waited longer than the timeout for the other side. */
  sweep(): void {
    const cutoff = this.now() - (this.opts.timeoutMs ?? 60_000);
    for (const [id, entry] of this.entries) {
      if (entry.firstSeenAt > cutoff) break; // insertion order = first-seen order
      this.expire(id, entry);
    }
  }

  private expire(id: string, entry: Entry<R>): void {
    this.entries.delete(id);
    if (entry.hasOld) {
      this.counts.missingInNew++;
      this.opts.onDifference({ kind: 'missing-in-new', id, old: entry.old as R });
    } else if (entry.new?.ok) {
      this.counts.missingInOld++;
      this.opts.onDifference({ kind: 'missing-in-old', id, new: entry.new.value });
    }
  }

  report(): ShadowReport {
    return { ...this.counts, waiting: this.entries.size };
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
