/**
 * Snappy, LZ4 and zstd for kafkajs, which ships only gzip: without these a consumer of a compressed
 * topic crashes on the first batch. All pure JavaScript or WebAssembly from npm (no native build,
 * no binary download). The wire formats are Kafka's: xerial-framed or raw Snappy, the LZ4 frame
 * format, plain zstd frames; tested against batches written by the Java producer and librdkafka.
 */
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';
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

// --- Snappy -------------------------------------------------------------------------------------

/** snappy-java's stream header: magic, then format version and compatible version (both 1). */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

/** Java producers frame Snappy the snappy-java way; librdkafka and Go write raw Snappy. Read both. */
export function snappyDecompress(buffer: Buffer): Buffer {
  if (buffer.length < XERIAL_HEADER_BYTES || !buffer.subarray(0, 8).equals(XERIAL_MAGIC)) {
    return asBuffer(snappy.uncompress(buffer));
  }
  const chunks: Buffer[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < buffer.length) {
    if (at + 4 > buffer.length) throw new Error('truncated snappy-java chunk header');
    const size = buffer.readUInt32BE(at);
    at += 4;
    if (at + size > buffer.length) throw new Error('truncated snappy-java chunk');
    chunks.push(asBuffer(snappy.uncompress(buffer.subarray(at, at + size))));
    at += size;
  }
  return Buffer.concat(chunks);
}

/** Raw Snappy: the Java consumer (snappy-java's fallback), librdkafka and Go all read it. */
export function snappyCompress(buffer: Buffer): Buffer {
  return asBuffer(snappy.compress(buffer));
}

// --- LZ4 (frame format, https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md) ------------

const LZ4_MAGIC = 0x184d2204;
const FLG_VERSION = 0x40;
const FLG_BLOCK_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICT_ID = 0x01;
const BLOCK_UNCOMPRESSED = 0x80000000;
const BLOCK_MAX: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };
/** What the Java producer writes: independent 64 KiB blocks, no checksums besides the header's. */
const WRITE_BLOCK_ID = 4;

export function lz4Decompress(src: Buffer): Buffer {
  const fail = (why: string): never => {
    throw new Error(`invalid LZ4 frame: ${why}`);
  };
  if (src.length < 7 || src.readUInt32LE(0) !== LZ4_MAGIC) fail('bad magic number');
  const flg = src[4]!;
  const bd = src[5]!;
  if ((flg & 0xc0) !== FLG_VERSION) fail(`unsupported version ${(flg >> 6) & 3}`);
  if (flg & FLG_DICT_ID) fail('dictionaries are not supported');
  const blockMax = BLOCK_MAX[(bd >> 4) & 7] ?? fail(`unknown block size id ${(bd >> 4) & 7}`);
  let at = 6 + (flg & FLG_CONTENT_SIZE ? 8 : 0);
  if (at >= src.length) fail('truncated header');
  if (src[at] !== ((xxh32(0, src, 4, at - 4) >>> 8) & 0xff)) fail('header checksum mismatch');
  at++;
  const blockChecksum = (flg & FLG_BLOCK_CHECKSUM) !== 0;

  // Blocks may be linked (a match reaching into the previous block), so decode into one buffer
  // sized from the block headers: a compressed block holds at most blockMax bytes.
  const blocks: { start: number; size: number; raw: boolean }[] = [];
  let capacity = 0;
  for (;;) {
    if (at + 4 > src.length) fail('truncated block header');
    const word = src.readUInt32LE(at);
    at += 4;
    if (word === 0) break;
    const raw = (word & BLOCK_UNCOMPRESSED) !== 0;
    const size = word & ~BLOCK_UNCOMPRESSED;
    if (size > blockMax || at + size > src.length) fail('block larger than the frame allows');
    if (blockChecksum) {
      if (at + size + 4 > src.length) fail('truncated block checksum');
      if (src.readUInt32LE(at + size) !== xxh32(0, src, at, size)) fail('block checksum mismatch');
    }
    blocks.push({ start: at, size, raw });
    capacity += raw ? size : blockMax;
    at += size + (blockChecksum ? 4 : 0);
  }
  const out = Buffer.allocUnsafe(capacity);
  let length = 0;
  for (const b of blocks) {
    if (b.raw) {
      src.copy(out, length, b.start, b.start + b.size);
      length += b.size;
    } else {
      const end = lz4.decompressBlock(src, out, b.start, b.size, length);
      if (end - length > blockMax) fail('block decodes to more than its maximum size');
      length = end;
    }
  }
  if (flg & FLG_CONTENT_CHECKSUM) {
    if (at + 4 > src.length) fail('truncated content checksum');
    if (src.readUInt32LE(at) !== xxh32(0, out, 0, length)) fail('content checksum mismatch');
  }
  return out.subarray(0, length);
}

export function lz4Compress(src: Buffer): Buffer {
  const blockMax = BLOCK_MAX[WRITE_BLOCK_ID]!;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(7);
  header.writeUInt32LE(LZ4_MAGIC, 0);
  header[4] = FLG_VERSION | FLG_BLOCK_INDEPENDENT;
  header[5] = WRITE_BLOCK_ID << 4;
  header[6] = (xxh32(0, header, 4, 2) >>> 8) & 0xff;
  parts.push(header);
  const hashTable = new Uint32Array(1 << 16);
  const scratch = Buffer.allocUnsafe(lz4.compressBound(blockMax));
  for (let at = 0; at < src.length; at += blockMax) {
    const block = src.subarray(at, Math.min(at + blockMax, src.length));
    hashTable.fill(0); // independent blocks: no match may reach into the previous one
    const size = lz4.compressBlock(block, scratch, 0, block.length, hashTable);
    const word = Buffer.alloc(4);
    if (size === 0 || size >= block.length) {
      word.writeUInt32LE((BLOCK_UNCOMPRESSED | block.length) >>> 0);
      parts.push(word, block);
    } else {
      word.writeUInt32LE(size);
      parts.push(word, Buffer.from(scratch.subarray(0, size)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
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
  return asBuffer(zstdDecompress(buffer));
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
 * Idempotent; kafkaConfigFor and KafkaMessageQueue call it.
 */
export function registerCompressionCodecs(): void {
  const table = CompressionCodecs as unknown as Record<number, () => Codec>;
  for (const [type, codec] of Object.entries(CODECS)) table[Number(type)] = () => codec;
}
