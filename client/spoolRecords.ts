import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * The spool file's records: `[u32 length][u32 crc32][u8 kind][u32 seq low][u32 seq high][body]`,
 * little-endian, the checksum over everything after it. Sequence numbers are 53-bit (a JS safe
 * integer): at a million messages a second they last 285 years, so they never wrap in practice
 * (a 32-bit one wrapped after 2^32 appends).
 */
export const HEADER = 17;
/** A message owed to the secondary; body JSON `{ t: topic, k?: key, e: envelope }`. */
export const MESSAGE = 1;
/** Messages done with (the secondary acknowledged them, or the primary refused them); body: seqs. */
export const ACK = 2;
/** Messages the primary acknowledged (the rest are sent to the primary again after a crash); body: seqs. */
export const PRIMARY = 3;
/**
 * Largest record body: larger lengths are read as corruption (this bounds the resync scan). Above
 * any transport's message limit (SQS 256 KiB, Kafka's default message.max.bytes 1 MiB).
 */
export const MAX_BODY = 16 * 1024 * 1024;
const TWO32 = 2 ** 32;

export function encodeRecord(kind: number, seq: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt8(kind, 8);
  out.writeUInt32LE(seq % TWO32, 9);
  out.writeUInt32LE(Math.floor(seq / TWO32), 13);
  body.copy(out, HEADER);
  out.writeUInt32LE(crc32(out.subarray(8)), 4);
  return out;
}

/** encodeRecord for a body given as a string: encoded straight into the record (no intermediate copy). */
export function encodeStringRecord(kind: number, seq: number, body: string): Buffer {
  const length = Buffer.byteLength(body);
  const out = Buffer.allocUnsafe(HEADER + length);
  out.writeUInt32LE(length, 0);
  out.writeUInt8(kind, 8);
  out.writeUInt32LE(seq % TWO32, 9);
  out.writeUInt32LE(Math.floor(seq / TWO32), 13);
  out.write(body, HEADER, 'utf8');
  out.writeUInt32LE(crc32(out.subarray(8)), 4);
  return out;
}

export function seqsRecord(kind: typeof ACK | typeof PRIMARY, seqs: readonly number[]): Buffer {
  const body = Buffer.allocUnsafe(seqs.length * 8);
  seqs.forEach((seq, i) => {
    body.writeUInt32LE(seq % TWO32, i * 8);
    body.writeUInt32LE(Math.floor(seq / TWO32), i * 8 + 4);
  });
  return encodeRecord(kind, 0, body);
}

export function readSeqs(body: Buffer): number[] {
  const seqs: number[] = [];
  for (let i = 0; i + 8 <= body.length; i += 8) {
    seqs.push(body.readUInt32LE(i) + body.readUInt32LE(i + 4) * TWO32);
  }
  return seqs;
}

export interface ScannedRecord {
  kind: number;
  seq: number;
  /** Where the record starts in the file. */
  offset: number;
  /** Header and body bytes. */
  size: number;
  body: Buffer;
}

/** Bytes of the file that are no record: reported, never silently skipped. */
export interface DamagedSpan {
  offset: number;
  bytes: number;
}

export interface ScanResult {
  /** End of the last intact record: the file is cut here (anything after is a torn tail). */
  end: number;
  /** Damaged spans followed by intact records (those records are kept). */
  damaged: DamagedSpan[];
  /** Bytes after the last intact record (a crash in the middle of a write), cut off. */
  tornTail: number;
}

const CHUNK = 1024 * 1024;

/** A sliding read window over a file, so a spool of any size is scanned in bounded memory. */
class Window {
  private buf = Buffer.alloc(0);
  private start = 0;
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** The bytes [pos, pos + n), or undefined past the end of the file. */
  async get(pos: number, n: number): Promise<Buffer | undefined> {
    if (pos + n > this.size) return undefined;
    if (pos < this.start || pos + n > this.start + this.buf.length) {
      const length = Math.min(Math.max(n, CHUNK), this.size - pos);
      const buf = Buffer.allocUnsafe(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await this.handle.read(buf, read, length - read, pos + read);
        if (bytesRead === 0) throw new Error(`spool file shrank while being read at ${pos + read}`);
        read += bytesRead;
      }
      this.buf = buf;
      this.start = pos;
    }
    return this.buf.subarray(pos - this.start, pos - this.start + n);
  }
}

/** The intact record at pos, if there is one. */
async function recordAt(w: Window, pos: number): Promise<ScannedRecord | undefined> {
  const header = await w.get(pos, HEADER);
  if (!header) return undefined;
  const length = header.readUInt32LE(0);
  const kind = header.readUInt8(8);
  if (kind < MESSAGE || kind > PRIMARY || length > MAX_BODY) return undefined;
  const whole = await w.get(pos, HEADER + length);
  if (!whole || crc32(whole.subarray(8)) !== whole.readUInt32LE(4)) return undefined;
  return {
    kind,
    seq: whole.readUInt32LE(9) + whole.readUInt32LE(13) * TWO32,
    offset: pos,
    size: HEADER + length,
    body: Buffer.from(whole.subarray(HEADER)), // a copy: the window's buffer is reused
  };
}

/**
 * Reads every intact record in file order. After a damaged record the scan searches forward for
 * the next intact one and goes on from there, so one bad span (a disk error, a hole left by a
 * failed write) never drops the records after it; the span is reported.
 */
export async function scanRecords(
  handle: FileHandle,
  size: number,
  onRecord: (r: ScannedRecord) => void,
): Promise<ScanResult> {
  const w = new Window(handle, size);
  const damaged: DamagedSpan[] = [];
  let pos = 0;
  let end = 0;
  while (pos < size) {
    const r = await recordAt(w, pos);
    if (r) {
      onRecord(r);
      pos = end = r.offset + r.size;
      continue;
    }
    let next = pos + 1;
    let found: ScannedRecord | undefined;
    for (; next + HEADER <= size; next++) {
      found = await recordAt(w, next);
      if (found) break;
    }
    if (!found) break;
    damaged.push({ offset: pos, bytes: next - pos });
    pos = next;
  }
  return { end, damaged, tornTail: size - end };
}

/** Whether `data` starts with an intact record of the current format. */
export function isCurrentRecord(data: Buffer): boolean {
  if (data.length < HEADER) return false;
  const end = HEADER + data.readUInt32LE(0);
  const kind = data.readUInt8(8);
  return (
    end <= data.length &&
    kind >= MESSAGE &&
    kind <= PRIMARY &&
    crc32(data.subarray(8, end)) === data.readUInt32LE(4)
  );
}

/**
 * Spool files of version 0.1.0: `[u32 length][u32 crc32][u8 kind][u32 seq][body]`, acknowledgements
 * as u32 seqs, no confirmations. Whether `data` starts with such a record (and not a current one).
 */
export function isLegacySpool(data: Buffer): boolean {
  if (data.length < 13) return false;
  const end = 13 + data.readUInt32LE(0);
  const kind = data.readUInt8(8);
  return (
    end <= data.length &&
    (kind === MESSAGE || kind === ACK) &&
    crc32(data.subarray(8, end)) === data.readUInt32LE(4)
  );
}

/** The messages a 0.1.0 spool file still owes, in order (all confirmed: that version wrote the primary first). */
export function legacyOwed(data: Buffer): Buffer[] {
  const owed = new Map<number, Buffer>();
  for (let at = 0; at + 13 <= data.length;) {
    const end = at + 13 + data.readUInt32LE(at);
    if (end > data.length || crc32(data.subarray(at + 8, end)) !== data.readUInt32LE(at + 4)) break;
    const body = data.subarray(at + 13, end);
    if (data.readUInt8(at + 8) === MESSAGE) owed.set(data.readUInt32LE(at + 9), body);
    else for (let i = 0; i + 4 <= body.length; i += 4) owed.delete(body.readUInt32LE(i));
    at = end;
  }
  return [...owed.values()];
}
