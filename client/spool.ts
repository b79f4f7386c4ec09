import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { Envelope } from './envelope';

/**
 * The dual-write spool: what is owed to the secondary system, on disk, so a crashed process
 * (kill -9, OOM kill, node failure with a persistent volume) delivers it after its restart.
 *
 * One append-only file of records `[u32 length][u32 crc32][u8 kind][u32 seq][body]`: a message
 * (kind 1, body JSON `{ t: topic, k?: key, e: envelope }`) or an acknowledgement (kind 2, body the
 * acknowledged seqs as u32s).
 * Messages are fsync'd before append() resolves, many appends sharing one fsync (group commit);
 * acknowledgements ride along unsynced (losing one means a resend, which dedup by id absorbs).
 * A torn last record (crash mid-write) fails its checksum and is cut off at open. The file is
 * truncated once everything is acknowledged, and rewritten with only the owed messages when it
 * grows past `compactBytes` while mostly acknowledged.
 */
export interface SpoolOptions {
  /**
   * Directory for the spool file and its lock. It must outlive the process: on Kubernetes a
   * persistent volume (an emptyDir survives a container restart, not a rescheduled pod). One
   * process per directory; a second one is refused while the first is alive.
   */
  dir: string;
  /**
   * Most bytes of messages owed to the secondary. When reached, publish() fails with
   * SpoolFullError before anything is written to the primary. Default 64 MiB.
   */
  maxBytes?: number;
  /** Rewrite the file when it is larger than this and more than half acknowledged. Default 64 MiB. */
  compactBytes?: number;
}

/** A message owed to the secondary, as stored. */
export interface SpooledMessage {
  seq: number;
  topic: string;
  envelope: Envelope;
  key?: string;
}

export class SpoolFullError extends Error {
  override name = 'SpoolFullError';
}

const FILE = 'spool.log';
const LOCK = 'spool.lock';
const HEADER = 13;
const MESSAGE = 1;
const ACK = 2;

interface MessageRecord {
  kind: typeof MESSAGE;
  seq: number;
  body: Buffer;
}
type SpoolRecord = MessageRecord | { kind: typeof ACK; seqs: number[] };

function encodeRecord(kind: number, seq: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt8(kind, 8);
  out.writeUInt32LE(seq, 9);
  body.copy(out, HEADER);
  out.writeUInt32LE(crc32(out.subarray(8)), 4);
  return out;
}

function messageBody(topic: string, envelope: Envelope, key: string | undefined): Buffer {
  return Buffer.from(JSON.stringify({ t: topic, ...(key !== undefined ? { k: key } : {}), e: envelope }));
}

function ackRecord(seqs: readonly number[]): Buffer {
  const body = Buffer.allocUnsafe(seqs.length * 4);
  seqs.forEach((seq, i) => body.writeUInt32LE(seq, i * 4));
  return encodeRecord(ACK, 0, body);
}

/** Every intact record; a torn tail (crash mid-write) fails its checksum and ends the list. */
function decodeRecords(data: Buffer): SpoolRecord[] {
  const records: SpoolRecord[] = [];
  let at = 0;
  while (at + HEADER <= data.length) {
    const end = at + HEADER + data.readUInt32LE(at);
    if (end > data.length || crc32(data.subarray(at + 8, end)) !== data.readUInt32LE(at + 4)) break;
    const kind = data.readUInt8(at + 8);
    const body = data.subarray(at + HEADER, end);
    if (kind === MESSAGE) records.push({ kind, seq: data.readUInt32LE(at + 9), body });
    else if (kind === ACK) {
      const seqs: number[] = [];
      for (let i = 0; i + 4 <= body.length; i += 4) seqs.push(body.readUInt32LE(i));
      records.push({ kind, seqs });
    }
    at = end;
  }
  return records;
}

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
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Spool {
  private nextSeq = 1;
  /** Owed messages: seq -> record size. */
  private readonly owed = new Map<number, number>();
  private owedBytes = 0;
  private reservedBytes = 0;
  private fileBytes = 0;
  private writes: Write[] = [];
  private acks: number[] = [];
  private scheduled = false;
  /** File operations run one after another on this chain. */
  private chain: Promise<void> = Promise.resolve();
  private failed?: unknown;
  /** For benchmarks and alerting: fsyncs done and messages they covered (group commit size). */
  readonly stats = { fsyncs: 0, messagesSynced: 0 };

  private constructor(
    readonly dir: string,
    private handle: FileHandle,
    private readonly maxBytes: number,
    private readonly compactBytes: number,
  ) {}

  /**
   * Opens (or creates) the spool, takes its lock and returns the messages still owed, in the
   * order they were spooled. The file is rewritten with only those.
   */
  static async open(opts: SpoolOptions): Promise<{ spool: Spool; owed: SpooledMessage[] }> {
    const dir = path.resolve(opts.dir);
    await mkdir(dir, { recursive: true });
    await lock(dir);
    const file = path.join(dir, FILE);
    const data = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    });
    const messages = new Map<number, Buffer>();
    for (const r of decodeRecords(data)) {
      if (r.kind === ACK) for (const seq of r.seqs) messages.delete(seq);
      else messages.set(r.seq, r.body);
    }
    // Start clean: only the owed messages, renumbered in order, then append from there.
    const bodies = [...messages.values()];
    const rewritten = bodies.map((body, i) => encodeRecord(MESSAGE, i + 1, body));
    const handle = await replaceFile(dir, Buffer.concat(rewritten));
    const spool = new Spool(
      dir,
      handle,
      opts.maxBytes ?? 64 * 1024 * 1024,
      opts.compactBytes ?? 64 * 1024 * 1024,
    );
    rewritten.forEach((bytes, i) => spool.owed.set(i + 1, bytes.length));
    spool.owedBytes = rewritten.reduce((sum, b) => sum + b.length, 0);
    spool.fileBytes = spool.owedBytes;
    spool.nextSeq = bodies.length + 1;
    const owed = bodies.map((body, i) => {
      const m = JSON.parse(body.toString()) as { t: string; k?: string; e: Envelope };
      return { seq: i + 1, topic: m.t, envelope: m.e, ...(m.k !== undefined ? { key: m.k } : {}) };
    });
    return { spool, owed };
  }

  /** Messages owed right now, and their bytes. */
  get pending(): { messages: number; bytes: number } {
    return { messages: this.owed.size, bytes: this.owedBytes };
  }

  /**
   * Holds room for a message about to be written to the primary, so a full spool refuses it
   * before the primary has it. Returns the encoded message, to pass to append() or release().
   */
  reserve(topic: string, envelope: Envelope, key: string | undefined): Buffer {
    if (this.failed) throw this.failed;
    const body = messageBody(topic, envelope, key);
    if (this.owedBytes + this.reservedBytes + HEADER + body.length > this.maxBytes) {
      throw new SpoolFullError(
        `cannot publish to topic ${JSON.stringify(topic)}: the dual-write spool ${this.dir} is full ` +
          `(${this.owed.size} messages, ${this.owedBytes} bytes owed to the secondary; maxBytes ${this.maxBytes}). ` +
          'The secondary has not been accepting messages: restore it, or raise spool.maxBytes',
      );
    }
    this.reservedBytes += HEADER + body.length;
    return body;
  }

  /** Gives back a reservation whose message the primary refused. */
  release(body: Buffer): void {
    this.reservedBytes -= HEADER + body.length;
  }

  /** Writes a reserved message; resolves with its sequence number once it is on disk (fsync'd). */
  append(body: Buffer): Promise<number> {
    this.release(body);
    if (this.failed) return Promise.reject(this.failed);
    const seq = this.nextSeq++;
    const bytes = encodeRecord(MESSAGE, seq, body);
    this.owed.set(seq, bytes.length);
    this.owedBytes += bytes.length;
    return new Promise<number>((resolve, reject) => {
      this.writes.push({ bytes, resolve: () => resolve(seq), reject });
      this.schedule();
    });
  }

  /** Records that the secondary acknowledged these messages. */
  ack(seqs: readonly number[]): void {
    for (const seq of seqs) {
      const size = this.owed.get(seq);
      if (size === undefined) continue;
      this.owed.delete(seq);
      this.owedBytes -= size;
      this.acks.push(seq);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Appends made in the same tick, and while the previous fsync runs, share one write and fsync.
    setImmediate(() => {
      this.scheduled = false;
      this.chain = this.chain.then(() => this.flushOnce());
    });
  }

  private async flushOnce(): Promise<void> {
    const writes = this.writes.splice(0);
    const acks = this.acks.splice(0);
    if (writes.length === 0 && acks.length === 0) return;
    try {
      if (this.failed) throw this.failed;
      const parts = writes.map((w) => w.bytes);
      if (acks.length > 0) parts.push(ackRecord(acks));
      const buffer = Buffer.concat(parts);
      await this.handle.write(buffer, 0, buffer.length, this.fileBytes);
      this.fileBytes += buffer.length;
      if (writes.length > 0) {
        await this.handle.datasync();
        this.stats.fsyncs++;
        this.stats.messagesSynced += writes.length;
      }
      for (const w of writes) w.resolve();
    } catch (err) {
      // A spool that cannot write cannot promise anything: refuse every later publish too.
      this.failed ??= new Error(`dual-write spool ${this.dir} failed: ${String(err)}`, { cause: err });
      for (const w of writes) w.reject(this.failed);
      return;
    }
    await this.compact();
  }

  private async compact(): Promise<void> {
    if (this.owed.size === 0 && this.fileBytes > 0) {
      // Drained: nothing in the file is owed any more.
      await this.handle.truncate(0);
      await this.handle.datasync();
      this.fileBytes = 0;
    } else if (this.fileBytes > this.compactBytes && this.owedBytes * 2 < this.fileBytes) {
      const records = decodeRecords(await readFile(path.join(this.dir, FILE)));
      const kept = records.filter((r): r is MessageRecord => r.kind === MESSAGE && this.owed.has(r.seq));
      const data = Buffer.concat(kept.map((r) => encodeRecord(MESSAGE, r.seq, r.body)));
      await this.handle.close();
      this.handle = await replaceFile(this.dir, data);
      this.fileBytes = data.length;
    }
  }

  /** Writes what is pending, closes the file and releases the lock. What is owed stays for the next start. */
  async close(): Promise<void> {
    this.schedule();
    await new Promise((resolve) => setImmediate(resolve));
    await this.chain;
    await this.handle.close();
    await rm(path.join(this.dir, LOCK), { force: true });
  }
}

/** Atomically replaces the spool file with `data` (temp file, fsync, rename, fsync dir); opens it for appending. */
async function replaceFile(dir: string, data: Buffer): Promise<FileHandle> {
  const file = path.join(dir, FILE);
  const temp = `${file}.tmp`;
  const tmp = await open(temp, 'w');
  try {
    await tmp.write(data);
    await tmp.datasync();
  } finally {
    await tmp.close();
  }
  await rename(temp, file);
  syncDir(dir);
  return open(file, 'r+');
}

/**
 * One process per spool: two writers would interleave records and acknowledge each other's
 * messages. A lock left by a dead process (kill -9) is taken over.
 */
async function lock(dir: string): Promise<void> {
  const file = path.join(dir, LOCK);
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `dual-write spool ${dir} is in use by process ${holder}: give each process its own spool directory`,
    );
  }
  await writeFile(file, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
