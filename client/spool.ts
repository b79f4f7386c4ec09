import { closeSync, constants, fsyncSync, openSync } from 'node:fs';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { encodeEnvelopeOnce, Envelope } from './envelope';
import { Owed, OwedIndex } from './owedIndex';
import { SpoolLock } from './spoolLock';
import {
  ACK,
  DamagedSpan,
  encodeRecord,
  encodeStringRecord,
  MAX_BODY,
  MESSAGE,
  PRIMARY,
  HEADER,
  isCurrentRecord,
  isLegacySpool,
  legacyOwed,
  readSeqs,
  scanRecords,
  seqsRecord,
} from './spoolRecords';

/**
 * The dual-write spool: what is owed to the secondary system, on disk, so a crashed process
 * (kill -9, OOM kill, node failure with a persistent volume) delivers it after its restart.
 *
 * One append-only file of records (format in spoolRecords.ts): messages, the primary's
 * confirmations and the secondary's acknowledgements. A message is written and fsync'd before it
 * goes to the primary (many appends share one fsync: group commit), so whatever the primary took
 * is on disk; a message whose confirmation is missing after a crash is sent to the primary again
 * (same id: consumers deduplicate). Confirmations and acknowledgements ride along unsynced (losing
 * one means a resend, which dedup by id absorbs).
 *
 * Only an index (21 bytes per owed message) is kept in memory; bodies are read back a batch at a
 * time, so a million owed messages open in bounded memory. A short write (a full disk, a file-size
 * limit) is cut off again and fails only the appends it carried; a damaged record in the middle is
 * reported and skipped, the records after it kept.
 */
export interface SpoolOptions {
  /**
   * Directory for the spool file and its lock. It must outlive the process: on Kubernetes a
   * persistent volume (an emptyDir survives a container restart, not a rescheduled pod). One
   * process per directory; a second one is refused while the first holds the lock.
   */
  dir: string;
  /**
   * Most bytes of messages owed to the secondary. When reached, publish() fails with
   * SpoolFullError before anything is written to the primary. Default 64 MiB.
   */
  maxBytes?: number;
  /** Rewrite the file when it is larger than this and more than half acknowledged. Default 64 MiB. */
  compactBytes?: number;
  /**
   * A lock from another host or PID namespace (another container on a shared volume) counts as held
   * until not renewed for this long; the holder renews it every third of it. Default 10 s.
   */
  lockLeaseMs?: number;
  /**
   * How long open waits for a lock held elsewhere to go stale (a restarted container waits out its
   * predecessor's lease) before failing. Default lockLeaseMs + 2 s.
   */
  lockWaitMs?: number;
  /** Called with what a failed compaction or truncation left (the file stays valid; retried later). */
  onError?: (err: unknown) => void;
  /** @internal First sequence number of an empty spool (tests start near 2^32 to prove no wrap). */
  firstSeq?: number;
}

/** A message owed to the secondary, as read back. */
export interface SpooledMessage {
  seq: number;
  topic: string;
  envelope: Envelope;
  key?: string;
  /** Spooled by a process that crashed before the primary confirmed it: send it to the primary too. */
  unconfirmed: boolean;
}

/** What open found in the file. */
export interface SpoolRecovery {
  /** Messages owed to the secondary. */
  messages: number;
  /** Of those, messages the primary never confirmed (sent to the primary again). */
  unconfirmed: number;
  /** Damaged spans in the middle of the file (the records after them are kept). */
  damaged: DamagedSpan[];
  /** Bytes of a torn last record (a crash in the middle of a write), cut off. */
  tornTail: number;
  /** Where the damaged file was kept for inspection, when there were damaged spans. */
  damagedCopy?: string;
}

export class SpoolFullError extends Error {
  override name = 'SpoolFullError';
}

const FILE = 'spool.log';
/** Appended messages kept in memory for the pump (about 15 MB of 1 KiB messages). */
const RECENT = 10_000;

/**
 * Writes carrying messages are durable when write() returns (O_DSYNC: the same guarantee as a
 * write followed by fdatasync, https://man7.org/linux/man-pages/man2/open.2.html), which saves the
 * fdatasync's own round trip through the thread pool. Where the platform has no O_DSYNC (Windows),
 * each write is followed by fdatasync instead.
 */
const DSYNC: number | undefined = constants.O_DSYNC;
/** Confirmations and acknowledgements alone wait this long for a message write to ride along with. */
const LAZY_MS = 50;

async function openSpoolFile(file: string, create: boolean): Promise<FileHandle> {
  const flags = constants.O_RDWR | (create ? constants.O_CREAT | constants.O_EXCL : 0) | (DSYNC ?? 0);
  return open(file, flags, 0o644);
}

/** Write errors that leave the file as it was beyond the cut (no room): the spool goes on after cutting. */
const NO_ROOM = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);

/** fsync of a directory, so a rename or a new file survives a crash of the machine. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Write {
  bytes: Buffer;
  seq: number;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

export class Spool {
  private nextSeq: number;
  private readonly index = new OwedIndex();
  /** Appends accepted and not yet written: their bytes count against maxBytes. */
  private queuedBytes = 0;
  private fileBytes = 0;
  private writes: Write[] = [];
  private acks: number[] = [];
  private confirms: number[] = [];
  private scheduled = false;
  private lazy?: NodeJS.Timeout;
  /** File operations run one after another on this chain; it never stays rejected. */
  private chain: Promise<void> = Promise.resolve();
  private failed?: Error;
  /**
   * Messages appended by this process, kept so the pump sends them without reading and parsing
   * them back (bounded: older ones are read from the file).
   */
  private readonly recent = new Map<number, { topic: string; envelope: Envelope; key?: string }>();
  /** For benchmarks and alerting: fsyncs done, messages they covered, failed compactions. */
  readonly stats = { fsyncs: 0, messagesSynced: 0, compactionFailures: 0, writeFailures: 0 };

  private constructor(
    readonly dir: string,
    private handle: FileHandle,
    private readonly lock: SpoolLock,
    private readonly maxBytes: number,
    private readonly compactBytes: number,
    private readonly onError: (err: unknown) => void,
    firstSeq: number,
  ) {
    this.nextSeq = firstSeq;
  }

  /** Opens (or creates) the spool, takes its lock and indexes what is still owed. */
  static async open(opts: SpoolOptions): Promise<{ spool: Spool; recovery: SpoolRecovery }> {
    const dir = path.resolve(opts.dir);
    await mkdir(dir, { recursive: true });
    const leaseMs = opts.lockLeaseMs ?? 10_000;
    const lock = await SpoolLock.acquire(dir, { leaseMs, waitMs: opts.lockWaitMs ?? leaseMs + 2000 });
    try {
      return await Spool.load(dir, lock, opts);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  private static async load(
    dir: string,
    lock: SpoolLock,
    opts: SpoolOptions,
  ): Promise<{ spool: Spool; recovery: SpoolRecovery }> {
    const file = path.join(dir, FILE);
    const handle = await openSpoolFile(file, false).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      const created = await openSpoolFile(file, true);
      syncDir(dir);
      return created;
    });
    const spool = new Spool(
      dir,
      handle,
      lock,
      opts.maxBytes ?? 64 * 1024 * 1024,
      opts.compactBytes ?? 64 * 1024 * 1024,
      opts.onError ?? ((err) => console.error(String(err))),
      opts.firstSeq ?? 1,
    );
    let size = (await handle.stat()).size;
    if (size > 0 && (await isLegacy(handle, size))) {
      // A 0.1.0 spool (32-bit sequence numbers): convert it in place, keeping what it owes.
      const { readFile } = await import('node:fs/promises');
      const bodies = legacyOwed(await readFile(file));
      const records = bodies.map((body, i) => encodeRecord(MESSAGE, i + 1, body));
      if (records.length > 0)
        records.push(
          seqsRecord(
            PRIMARY,
            bodies.map((_, i) => i + 1),
          ),
        );
      const data = Buffer.concat(records);
      await writeFully(handle, data, 0);
      await handle.truncate(data.length);
      await handle.datasync();
      size = data.length;
    }
    let lastSeq = 0;
    const scan = await scanRecords(handle, size, (r) => {
      if (r.kind === MESSAGE) {
        spool.index.push(r.seq, r.offset, r.size, Owed.Unconfirmed);
        lastSeq = Math.max(lastSeq, r.seq);
      } else if (r.kind === ACK) for (const seq of readSeqs(r.body)) spool.index.remove(seq);
      else if (r.kind === PRIMARY) for (const seq of readSeqs(r.body)) spool.index.confirm(seq);
    });
    if (lastSeq > 0) spool.nextSeq = lastSeq + 1;
    spool.fileBytes = scan.end;
    const recovery: SpoolRecovery = {
      messages: spool.index.count,
      unconfirmed: spool.index.unconfirmed(),
      damaged: scan.damaged,
      tornTail: scan.tornTail,
    };
    if (scan.damaged.length > 0) {
      // Keep the damaged file for inspection; continue on a clean copy of what is owed.
      recovery.damagedCopy = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await spool.rewrite(recovery.damagedCopy);
    } else if (scan.tornTail > 0) {
      await handle.truncate(scan.end);
      await handle.datasync();
    }
    return { spool, recovery };
  }

  /** Messages owed right now, and their bytes. */
  get pending(): { messages: number; bytes: number } {
    return { messages: this.index.count, bytes: this.index.bytes };
  }

  /**
   * Writes a message before it goes to the primary; resolves with its sequence number once it is
   * on disk (fsync'd). Rejects with SpoolFullError when maxBytes are owed, and with the write's
   * error (e.g. ENOSPC) when it could not be written: either way nothing was acknowledged, and the
   * caller must not write the primary. Then call confirmed() or refused() with the primary's answer.
   */
  append(topic: string, envelope: Envelope, key: string | undefined): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    // One string, encoded straight into the record: no intermediate Buffer per message.
    // The envelope is serialised once; the primary and the secondary reuse that string (dual-write).
    let json: string;
    try {
      json = encodeEnvelopeOnce(envelope, topic);
    } catch (err) {
      return Promise.reject(err);
    }
    const body = `{"t":${JSON.stringify(topic)}${key !== undefined ? `,"k":${JSON.stringify(key)}` : ''},"e":${json}}`;
    const bytes = encodeStringRecord(MESSAGE, this.nextSeq, body);
    if (bytes.length - HEADER > MAX_BODY) {
      return Promise.reject(
        new Error(
          `cannot publish to topic ${JSON.stringify(topic)}: the message is ${bytes.length - HEADER} bytes, ` +
            `more than the dual-write spool holds per message (${MAX_BODY})`,
        ),
      );
    }
    if (this.index.bytes + this.queuedBytes + bytes.length > this.maxBytes) {
      return Promise.reject(
        new SpoolFullError(
          `cannot publish to topic ${JSON.stringify(topic)}: the dual-write spool ${this.dir} is full ` +
            `(${this.index.count} messages, ${this.index.bytes} bytes owed to the secondary; maxBytes ${this.maxBytes}). ` +
            'The secondary has not been accepting messages: restore it, or raise spool.maxBytes',
        ),
      );
    }
    const seq = this.nextSeq++;
    this.queuedBytes += bytes.length;
    this.recent.set(seq, { topic, envelope, ...(key !== undefined ? { key } : {}) });
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!);
    return new Promise<number>((resolve, reject) => {
      this.writes.push({ bytes, seq, resolve, reject });
      this.schedule();
    });
  }

  /** The primary acknowledged these appended messages: they are owed to the secondary. */
  confirmed(seqs: readonly number[]): void {
    for (const seq of seqs) if (this.index.confirm(seq)) this.confirms.push(seq);
    this.schedule();
  }

  /** The primary refused these appended messages: nothing is owed. */
  refused(seqs: readonly number[]): void {
    this.ack(seqs);
  }

  /** Records that the secondary acknowledged these messages (or they were dead-lettered). */
  ack(seqs: readonly number[]): void {
    for (const seq of seqs) {
      this.recent.delete(seq);
      if (this.index.remove(seq)) this.acks.push(seq);
    }
    this.schedule();
  }

  /**
   * Owed messages after seq `after` (-1: from the start), in spool order, at most maxCount. Stops
   * before a message this process is still writing to the primary, so the secondary gets messages
   * in spool order.
   */
  read(after: number, maxCount: number, maxBytes = 4 * 1024 * 1024): Promise<SpooledMessage[]> {
    const run = this.chain.then(async () => {
      const wanted: { seq: number; offset: number; size: number; state: number }[] = [];
      for (const e of this.index.after(after, maxCount, maxBytes)) {
        if (e.state === Owed.InPrimary) break;
        wanted.push(e);
      }
      const out: SpooledMessage[] = [];
      if (wanted.length === 0) return out;
      const cached = wanted.map((e) => this.recent.get(e.seq));
      if (cached.every((m) => m !== undefined)) {
        return cached.map((m, i) => ({
          seq: wanted[i]!.seq,
          ...m!,
          unconfirmed: wanted[i]!.state === Owed.Unconfirmed,
        }));
      }
      const first = wanted[0]!.offset;
      const last = wanted[wanted.length - 1]!;
      const span = Buffer.allocUnsafe(last.offset + last.size - first);
      await readFully(this.handle, span, first);
      for (const e of wanted) {
        const body = span.subarray(e.offset - first + 17, e.offset - first + e.size);
        const m = JSON.parse(body.toString()) as { t: string; k?: string; e: Envelope };
        out.push({
          seq: e.seq,
          topic: m.t,
          envelope: m.e,
          ...(m.k !== undefined ? { key: m.k } : {}),
          unconfirmed: e.state === Owed.Unconfirmed,
        });
      }
      return out;
    });
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Group commit: appends made until the current microtasks are done, and those made while the
   * previous write is on its way to disk, share one write. Confirmations and acknowledgements
   * alone (nothing promised hangs on them) wait up to LAZY_MS for a message write to ride along.
   */
  private schedule(): void {
    if (this.writes.length > 0) this.flushSoon();
    else if (this.acks.length + this.confirms.length > 0) {
      this.lazy ??= setTimeout(() => {
        this.lazy = undefined;
        this.flushSoon();
      }, LAZY_MS).unref();
    }
  }

  private flushSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.chain = this.chain.then(() => this.flushOnce()).catch((err: unknown) => this.onError(err));
    });
  }

  private async flushOnce(): Promise<void> {
    const writes = this.writes.splice(0);
    const acks = this.acks.splice(0);
    const confirms = this.confirms.splice(0);
    if (writes.length === 0 && acks.length === 0 && confirms.length === 0) return;
    for (const w of writes) this.queuedBytes -= w.bytes.length;
    const parts = writes.map((w) => w.bytes);
    if (confirms.length > 0) parts.push(seqsRecord(PRIMARY, confirms));
    if (acks.length > 0) parts.push(seqsRecord(ACK, acks));
    const buffer = Buffer.concat(parts);
    const start = this.fileBytes;
    if (this.lazy) {
      clearTimeout(this.lazy);
      this.lazy = undefined;
    }
    // The lock is checked alongside the write (not after it): one trip through the thread pool less.
    const lockCheck =
      writes.length > 0
        ? this.lock.verify().then(
            () => undefined,
            (err: unknown) => err,
          )
        : undefined;
    try {
      if (this.failed) throw this.failed;
      await writeFully(this.handle, buffer, start);
    } catch (err) {
      this.stats.writeFailures++;
      await lockCheck;
      // Cut the partial write off again, so later records never sit behind a hole.
      const cut = await this.handle.truncate(start).then(
        () => undefined,
        (e: unknown) => e,
      );
      const error = this.failed ?? spoolError(this.dir, 'could not write', err);
      if (cut !== undefined) this.failed ??= spoolError(this.dir, 'could not cut off a failed write', cut);
      // With O_DSYNC an I/O error is a failed sync too: the kernel may have dropped dirty pages.
      const code = (err as NodeJS.ErrnoException).code;
      if (DSYNC !== undefined && code !== undefined && !NO_ROOM.has(code)) this.failed ??= error;
      for (const w of writes) {
        this.recent.delete(w.seq);
        w.reject(error);
      }
      // Lost confirmations/acks only mean resends; keep them owed in memory.
      return;
    }
    try {
      if (writes.length > 0) {
        if (DSYNC === undefined) await this.handle.datasync();
        const lockLost = await lockCheck;
        if (lockLost !== undefined) throw lockLost;
        this.stats.fsyncs++;
        this.stats.messagesSynced += writes.length;
      }
    } catch (err) {
      // After a failed fsync the kernel may have dropped the dirty pages: nothing more can be promised.
      this.failed ??= spoolError(this.dir, 'failed', err);
      this.fileBytes = start + buffer.length;
      for (const w of writes) w.reject(this.failed);
      return;
    }
    this.fileBytes = start + buffer.length;
    let offset = start;
    for (const w of writes) {
      this.index.push(w.seq, offset, w.bytes.length, Owed.InPrimary);
      offset += w.bytes.length;
      w.resolve(w.seq);
    }
    await this.compact().catch((err: unknown) => {
      this.stats.compactionFailures++;
      this.onError(spoolError(this.dir, 'compaction failed (the file stays valid; retried later)', err));
    });
  }

  private async compact(): Promise<void> {
    if (this.index.count === 0 && this.fileBytes > 0 && this.writes.length === 0) {
      // Drained: nothing in the file is owed any more.
      await this.handle.truncate(0);
      await this.handle.datasync();
      this.fileBytes = 0;
    } else if (this.fileBytes > this.compactBytes && this.index.bytes * 2 < this.fileBytes) {
      await this.rewrite();
    }
  }

  /**
   * Replaces the file with only the owed messages and their confirmations (temp file, fsync,
   * rename, fsync dir), streamed in bounded memory; `keep` renames the old file there instead of
   * dropping it.
   */
  private async rewrite(keep?: string): Promise<void> {
    const file = path.join(this.dir, FILE);
    const temp = `${file}.tmp`;
    const tmp = await open(temp, 'w');
    const moves: [number, number][] = [];
    const confirmedSeqs: number[] = [];
    let written = 0;
    try {
      let chunk: Buffer[] = [];
      let chunkBytes = 0;
      const out = async () => {
        const data = Buffer.concat(chunk);
        await writeFully(tmp, data, written - data.length);
        chunk = [];
        chunkBytes = 0;
      };
      for (const e of this.index.entries()) {
        const record = Buffer.allocUnsafe(e.size);
        await readFully(this.handle, record, e.offset);
        moves.push([e.index, written]);
        if (e.state === Owed.Confirmed) confirmedSeqs.push(e.seq);
        chunk.push(record);
        chunkBytes += e.size;
        written += e.size;
        if (chunkBytes >= 1024 * 1024) await out();
      }
      if (confirmedSeqs.length > 0) {
        const record = seqsRecord(PRIMARY, confirmedSeqs);
        chunk.push(record);
        written += record.length;
      }
      await out();
      await tmp.datasync();
    } finally {
      await tmp.close();
    }
    await this.lock.verify();
    if (keep) await rename(file, keep);
    await rename(temp, file);
    syncDir(this.dir);
    const old = this.handle;
    this.handle = await openSpoolFile(file, false);
    await old.close();
    for (const [index, offset] of moves) this.index.move(index, offset);
    this.fileBytes = written;
  }

  /** Writes what is pending, closes the file and releases the lock. What is owed stays for the next start. */
  async close(): Promise<void> {
    clearTimeout(this.lazy);
    this.lazy = undefined;
    this.chain = this.chain.then(() => this.flushOnce()).catch((err: unknown) => this.onError(err));
    await this.chain;
    await this.handle.close();
    await this.lock.release();
  }

  /** @internal For tests: the open file, to inject failures. */
  get fileHandle(): FileHandle {
    return this.handle;
  }
}

/** Whether the file starts with a 0.1.0 record rather than a current one. */
async function isLegacy(handle: FileHandle, size: number): Promise<boolean> {
  const first = Buffer.allocUnsafe(Math.min(size, HEADER));
  await readFully(handle, first, 0);
  const length = first.length >= 4 ? Math.min(first.readUInt32LE(0), MAX_BODY) : 0;
  const head = Buffer.allocUnsafe(Math.min(size, HEADER + length));
  await readFully(handle, head, 0);
  return !isCurrentRecord(head) && isLegacySpool(head);
}

function spoolError(dir: string, what: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(`dual-write spool ${dir} ${what}: ${reason}`, { cause });
}

/** handle.write may write fewer bytes than asked (a file-size limit, a full disk): write the rest. */
async function writeFully(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    if (bytesWritten === 0) throw new Error(`wrote 0 of ${data.length - done} bytes at ${position + done}`);
    done += bytesWritten;
  }
}

async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0)
      throw new Error(`spool file ends at ${position + done}, expected ${into.length - done} more bytes`);
    done += bytesRead;
  }
}
