/**
 * Snappy, LZ4 and zstd for kafkajs, which ships only gzip: without these a consumer of a compressed
 * topic crashes on the first batch. Pure JavaScript, WebAssembly, or prebuilt binaries shipped as
 * npm packages (lz4-napi): no native build, no download at install time. The wire formats are Kafka's: xerial-framed or raw Snappy, the LZ4 frame
 * format, plain zstd frames; tested against batches written by the Java producer and librdkafka.
 */
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import * as lz4 from 'lz4-napi';
import * as snappy from 'snappyjs';
import { decompress as zstdDecompress } from 'fzstd';

/** Compression a producer may ask for; the names of Kafka's `compression.type`. */
export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

const TYPE: Record<Compression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** The kafkajs constant for a compression name. */
export function compressionType(compression: Compression): CompressionTypes {
  return TYPE[compression];
}

/** What kafkajs calls a codec: async, compress gets its encoder (whose `buffer` is the batch). */
interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

const asBuffer = (u8: Uint8Array): Buffer => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);

/**
 * Most bytes a compressed batch may decode to. A record batch is at most the broker's
 * message.max.bytes compressed (1 MiB by default); 256 MiB leaves room for any real batch and
 * stops a small hostile or corrupt batch from taking the process's memory.
 */
export const MAX_DECODED_BYTES = 256 * 1024 * 1024;

function capped(bytes: number, codec: string): never | undefined {
  if (bytes <= MAX_DECODED_BYTES) return undefined;
  throw new Error(`${codec} batch decodes to ${bytes} bytes, more than the ${MAX_DECODED_BYTES} allowed`);
}

/** Snappy's declared uncompressed length (a varint at the start), checked before decoding. */
function snappyLength(block: Buffer): number {
  let length = 0;
  for (let i = 0, shift = 1; i < 5 && i < block.length; i++, shift *= 128) {
    length += (block[i]! & 0x7f) * shift;
    if ((block[i]! & 0x80) === 0) return length;
  }
  throw new Error('invalid snappy block: bad length prefix');
}

function snappyBlock(block: Buffer, total: number): Buffer {
  capped(total + snappyLength(block), 'snappy');
  return asBuffer(snappy.uncompress(block));
}

// --- Snappy -------------------------------------------------------------------------------------

/** snappy-java's stream header: magic, then format version and compatible version (both 1). */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

/** Java producers frame Snappy the snappy-java way; librdkafka and Go write raw Snappy. Read both. */
export function snappyDecompress(buffer: Buffer): Buffer {
  if (buffer.length < XERIAL_HEADER_BYTES || !buffer.subarray(0, 8).equals(XERIAL_MAGIC)) {
    return snappyBlock(buffer, 0);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let at = XERIAL_HEADER_BYTES;
  while (at < buffer.length) {
    if (at + 4 > buffer.length) throw new Error('truncated snappy-java chunk header');
    const size = buffer.readUInt32BE(at);
    at += 4;
    if (at + size > buffer.length) throw new Error('truncated snappy-java chunk');
    const chunk = snappyBlock(buffer.subarray(at, at + size), total);
    total += chunk.length;
    chunks.push(chunk);
    at += size;
  }
  return Buffer.concat(chunks);
}

/** Raw Snappy: the Java consumer (snappy-java's fallback), librdkafka and Go all read it. */
export function snappyCompress(buffer: Buffer): Buffer {
  return asBuffer(snappy.compress(buffer));
}

// --- LZ4 (frame format, https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md) ------------

/**
 * lz4-napi (lz4_flex, prebuilt per platform as npm packages, no download at install) writes
 * frames of independent 64 KiB blocks, the kind the Java producer writes, and keeps the block
 * format's end rules (the last match starts at least 12 bytes before a block's end, the last 5
 * bytes are literals: https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md#end-of-block-restrictions)
 * that lz4js broke. Its decoder allocates as it decodes, not a block's maximum per block.
 */
/** lz4_flex's error names, in words. */
const LZ4_ERRORS: Record<string, string> = {
  WrongMagicNumber: 'bad magic number',
  HeaderChecksumError: 'header checksum mismatch',
  BlockChecksumError: 'block checksum mismatch',
  ContentChecksumError: 'content checksum mismatch',
};

export function lz4Decompress(src: Buffer): Buffer {
  let out: Buffer;
  try {
    out = lz4.decompressFrameSync(src);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`invalid LZ4 frame: ${LZ4_ERRORS[reason] ?? reason}`);
  }
  return capped(out.length, 'LZ4') ?? out;
}

export function lz4Compress(src: Buffer): Buffer {
  return lz4.compressFrameSync(src);
}

// --- zstd ---------------------------------------------------------------------------------------

/** Kafka's default zstd level (compression.zstd.level). */
const ZSTD_LEVEL = 3;
let zstdWasm: Promise<{ compress(buf: Uint8Array, level?: number): Uint8Array }> | undefined;

/**
 * The Java producer writes streaming frames without a content size, which zstd-wasm's one-shot
 * decompress cannot size; fzstd (pure JS) streams them. zstd-wasm compresses, loaded on first use.
 */
export function zstdDecompressSync(buffer: Buffer): Buffer {
  // A frame that declares its size is checked before decoding (RFC 8878 3.1.1.1: Frame_Content_Size).
  const declared = zstdContentSize(buffer);
  if (declared !== undefined) capped(declared, 'zstd');
  const out = asBuffer(zstdDecompress(buffer));
  return capped(out.length, 'zstd') ?? out;
}

/** Frame_Content_Size of a zstd frame header, when present (https://www.rfc-editor.org/rfc/rfc8878#section-3.1.1.1). */
function zstdContentSize(b: Buffer): number | undefined {
  if (b.length < 6 || b.readUInt32LE(0) !== 0xfd2fb528) return undefined;
  const fhd = b[4]!;
  const fcsFlag = fhd >> 6;
  const singleSegment = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3]!;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  if (fcsBytes === 0) return undefined;
  const at = 5 + (singleSegment ? 0 : 1) + dictBytes;
  if (b.length < at + fcsBytes) return undefined;
  if (fcsBytes === 1) return b[at]!;
  if (fcsBytes === 2) return b.readUInt16LE(at) + 256;
  if (fcsBytes === 4) return b.readUInt32LE(at);
  return b.readUInt32LE(at) + b.readUInt32LE(at + 4) * 2 ** 32;
}

export async function zstdCompress(buffer: Buffer): Promise<Buffer> {
  zstdWasm ??= import('@bokuweb/zstd-wasm').then(async (m) => {
    await m.init();
    return m;
  });
  const wasm = await zstdWasm;
  return Buffer.from(wasm.compress(buffer, ZSTD_LEVEL));
}

// --- registration -------------------------------------------------------------------------------

const CODECS: Partial<Record<CompressionTypes, Codec>> = {
  [CompressionTypes.Snappy]: {
    compress: async (encoder) => snappyCompress(encoder.buffer),
    decompress: async (buffer) => snappyDecompress(buffer),
  },
  [CompressionTypes.LZ4]: {
    compress: async (encoder) => lz4Compress(encoder.buffer),
    decompress: async (buffer) => lz4Decompress(buffer),
  },
  [CompressionTypes.ZSTD]: {
    compress: (encoder) => zstdCompress(encoder.buffer),
    decompress: async (buffer) => zstdDecompressSync(buffer),
  },
};

/**
 * Registers the codecs in kafkajs' process-wide table, so every kafkajs client in the process
 * (also a service's own `new Kafka(kafkaConfigFromEnv())`) reads and writes compressed topics.
 * A codec the service registered itself stays: only kafkajs' placeholders (which throw "not
 * implemented") are replaced. Idempotent; kafkaConfigFor and KafkaMessageQueue call it.
 */
export function registerCompressionCodecs(): void {
  const table = CompressionCodecs as unknown as Record<number, (() => Codec) | undefined>;
  for (const [type, codec] of Object.entries(CODECS)) {
    const current = table[Number(type)];
    if (current && isRegistered(current)) continue;
    table[Number(type)] = () => codec;
  }
}

function isRegistered(factory: () => Codec): boolean {
  try {
    return typeof factory()?.decompress === 'function';
  } catch {
    return false; // kafkajs' placeholder
  }
}
