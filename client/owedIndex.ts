/**
 * Where each message owed to the secondary sits in the spool file, in spool order: 21 bytes per
 * message in typed arrays instead of the messages themselves, so a spool owing a million messages
 * opens in bounded memory (the bodies stay on disk and are read a batch at a time).
 */
export const Owed = {
  Done: 0,
  /** Spooled; the primary has not confirmed it (after a crash it is sent to the primary again). */
  Unconfirmed: 1,
  /** The primary acknowledged it; owed to the secondary only. */
  Confirmed: 2,
  /** Spooled by this process and being written to the primary now: the secondary waits for it. */
  InPrimary: 3,
} as const;
export type Owed = (typeof Owed)[keyof typeof Owed];

export class OwedIndex {
  private seqs = new Float64Array(1024);
  private offsets = new Float64Array(1024);
  private sizes = new Uint32Array(1024);
  private states = new Uint8Array(1024);
  private head = 0;
  private tail = 0;
  /** Messages still owed, and their record bytes. */
  count = 0;
  bytes = 0;

  /** Adds a message; seqs must increase. */
  push(seq: number, offset: number, size: number, state: Owed): void {
    if (this.tail === this.seqs.length) this.grow();
    this.seqs[this.tail] = seq;
    this.offsets[this.tail] = offset;
    this.sizes[this.tail] = size;
    this.states[this.tail] = state;
    this.tail++;
    this.count++;
    this.bytes += size;
  }

  private find(seq: number): number {
    let lo = this.head;
    let hi = this.tail - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.seqs[mid]!;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  state(seq: number): Owed {
    const i = this.find(seq);
    return i < 0 ? Owed.Done : (this.states[i] as Owed);
  }

  /** Owed messages the primary has not confirmed. */
  unconfirmed(): number {
    let n = 0;
    for (let i = this.head; i < this.tail; i++) if (this.states[i] === Owed.Unconfirmed) n++;
    return n;
  }

  /** Marks a message done; returns whether it was owed. */
  remove(seq: number): boolean {
    const i = this.find(seq);
    if (i < 0 || this.states[i] === Owed.Done) return false;
    this.states[i] = Owed.Done;
    this.count--;
    this.bytes -= this.sizes[i]!;
    while (this.head < this.tail && this.states[this.head] === Owed.Done) this.head++;
    if (this.head === this.tail) this.head = this.tail = 0;
    return true;
  }

  confirm(seq: number): boolean {
    const i = this.find(seq);
    if (i < 0 || (this.states[i] !== Owed.Unconfirmed && this.states[i] !== Owed.InPrimary)) return false;
    this.states[i] = Owed.Confirmed;
    return true;
  }

  /** Owed messages with seq > after, in order: at most maxCount, and maxBytes (at least one). */
  *after(
    after: number,
    maxCount: number,
    maxBytes: number,
  ): Generator<{
    seq: number;
    offset: number;
    size: number;
    state: Owed;
  }> {
    let i = this.head;
    if (after >= 0) {
      // First index with seq > after.
      let lo = this.head;
      let hi = this.tail;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.seqs[mid]! <= after) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    let n = 0;
    let bytes = 0;
    for (; i < this.tail && n < maxCount; i++) {
      if (this.states[i] === Owed.Done) continue;
      if (n > 0 && bytes + this.sizes[i]! > maxBytes) return;
      n++;
      bytes += this.sizes[i]!;
      yield {
        seq: this.seqs[i]!,
        offset: this.offsets[i]!,
        size: this.sizes[i]!,
        state: this.states[i] as Owed,
      };
    }
  }

  /** Every owed message in order, e.g. to rewrite the file; `moved` gives each its new offset. */
  *entries(): Generator<{ index: number; seq: number; offset: number; size: number; state: Owed }> {
    for (let i = this.head; i < this.tail; i++) {
      if (this.states[i] === Owed.Done) continue;
      yield {
        index: i,
        seq: this.seqs[i]!,
        offset: this.offsets[i]!,
        size: this.sizes[i]!,
        state: this.states[i] as Owed,
      };
    }
  }

  /** Sets new file offsets after a rewrite (index from entries()). */
  move(index: number, offset: number): void {
    this.offsets[index] = offset;
  }

  private grow(): void {
    // Drop done messages (a stuck one at the head must not keep the done ones after it), then grow.
    const size = this.count * 2 > this.seqs.length ? this.seqs.length * 2 : this.seqs.length;
    const seqs = new Float64Array(size);
    const offsets = new Float64Array(size);
    const sizes = new Uint32Array(size);
    const states = new Uint8Array(size);
    let n = 0;
    for (let i = this.head; i < this.tail; i++) {
      if (this.states[i] === Owed.Done) continue;
      seqs[n] = this.seqs[i]!;
      offsets[n] = this.offsets[i]!;
      sizes[n] = this.sizes[i]!;
      states[n] = this.states[i]!;
      n++;
    }
    this.seqs = seqs;
    this.offsets = offsets;
    this.sizes = sizes;
    this.states = states;
    this.head = 0;
    this.tail = n;
  }
}
