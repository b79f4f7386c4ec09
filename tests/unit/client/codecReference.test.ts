import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  lz4Compress,
  lz4Decompress,
  MAX_DECODED_BYTES,
  registerCompressionCodecs,
  snappyDecompress,
  zstdCompress,
  zstdDecompressSync,
} from '../../../client/compression';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';

// Our codecs against the reference command-line tools (lz4 1.9.x and zstd from Debian, built from
// https://github.com/lz4/lz4 and https://github.com/facebook/zstd), both directions, on
// realistic batches (JSON events with repeating field names and varying values) of 1 KiB to 1 MiB.
// The Java client's side is in tests/integration/clientCompression.test.ts.
function tool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A pseudo-random but reproducible batch of JSON events, `bytes` long. */
function batch(bytes: number, seed: number): Buffer {
  let x = seed * 2654435761;
  const rnd = () => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const event = JSON.stringify({
      specversion: '1.0',
      id: `${Math.floor(rnd() * 1e12).toString(36)}-${Math.floor(rnd() * 1e9)}`,
      type: ['orders.paid', 'orders.created', 'ml.jobs.requested'][Math.floor(rnd() * 3)],
      source: 'backend-api',
      time: new Date(1.7e12 + Math.floor(rnd() * 1e10)).toISOString(),
      data: { amount: Math.floor(rnd() * 100000) / 100, note: 'x'.repeat(Math.floor(rnd() * 40)) },
    });
    parts.push(event);
    size += event.length + 1;
  }
  return Buffer.from(parts.join('\n')).subarray(0, bytes);
}

const SIZES = [1024, 16 * 1024, 64 * 1024, 65 * 1024, 100 * 1024, 256 * 1024, 1024 * 1024];
const SEEDS = [1, 2, 3, 4, 5, 6];

describe(
  'LZ4 against the reference lz4 tool',
  { skip: !tool('lz4') && 'lz4 CLI not installed (apt-get install lz4)' },
  () => {
    it(`${SIZES.length * SEEDS.length} batches of 1 KiB to 1 MiB: lz4 -d reads ours, we read lz4's`, () => {
      const rejected: string[] = [];
      for (const size of SIZES) {
        for (const seed of SEEDS) {
          const data = batch(size, seed);
          try {
            const back = execFileSync('lz4', ['-d', '-c'], { input: lz4Compress(data), maxBuffer: 1 << 24 });
            if (!back.equals(data)) rejected.push(`${size}/${seed}: lz4 -d decoded other bytes`);
          } catch (err) {
            rejected.push(`${size}/${seed}: lz4 -d refused ours: ${String(err).split('\n')[0]}`);
          }
          for (const flags of [['-c'], ['-c', '-BD', '--content-size'], ['-c', '-B4', '--no-frame-crc']]) {
            const theirs = execFileSync('lz4', flags, { input: data, maxBuffer: 1 << 24 });
            if (!lz4Decompress(theirs).equals(data))
              rejected.push(`${size}/${seed}: ours misread lz4 ${flags}`);
          }
        }
      }
      assert.deepEqual(rejected, []);
    });
  },
);

describe(
  'zstd against the reference zstd tool',
  { skip: !tool('zstd') && 'zstd CLI not installed (apt-get install zstd)' },
  () => {
    it("zstd -d reads ours, we read zstd's (streamed, without a content size, too)", async () => {
      for (const size of SIZES) {
        const data = batch(size, 7);
        const back = execFileSync('zstd', ['-d', '-c'], {
          input: await zstdCompress(data),
          maxBuffer: 1 << 24,
        });
        assert.ok(back.equals(data), `zstd -d ${size}`);
        const theirs = execFileSync('zstd', ['-c', '-3'], { input: data, maxBuffer: 1 << 24 });
        assert.ok(zstdDecompressSync(theirs).equals(data), `ours ${size}`);
        const streamed = execFileSync('bash', ['-c', 'cat | zstd -c --no-content-size'], {
          input: data,
          maxBuffer: 1 << 24,
        });
        assert.ok(zstdDecompressSync(streamed).equals(data), `ours streamed ${size}`);
      }
    });
  },
);

describe('decoded sizes are capped', () => {
  it('a small LZ4 frame that declares huge blocks asks for no more than it decodes to', () => {
    // 3 KB of frame: 300 tiny compressed blocks in a 4 MiB-block frame (the old decoder reserved 4 MiB each).
    const frame = lz4Compress(Buffer.alloc(0));
    assert.ok(lz4Decompress(frame).length === 0);
    const before = process.memoryUsage().arrayBuffers;
    const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x70, 0x73]);
    const block = Buffer.from([0x06, 0x00, 0x00, 0x00, 0x50, 0x61, 0x62, 0x63, 0x64, 0x65]); // 5 literals
    const bomb = Buffer.concat([header, ...Array.from({ length: 300 }, () => block), Buffer.alloc(4)]);
    const out = lz4Decompress(bomb);
    assert.equal(out.length, 1500);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'no gigabyte reservation');
  });

  it('a snappy block that declares more than the cap is refused before decoding', () => {
    const varint = [0x80, 0x80, 0x80, 0x80, 0x0f]; // 4 GiB - 1, the largest a 5-byte varint says
    assert.throws(() => snappyDecompress(Buffer.from([...varint, 0x00])), {
      message: `snappy batch decodes to ${2 ** 32 - 2 ** 28} bytes, more than the ${MAX_DECODED_BYTES} allowed`,
    });
  });
});

describe('codec registration', () => {
  it('keeps a codec the service registered itself', () => {
    const table = CompressionCodecs as unknown as Record<number, () => unknown>;
    const mine = () => ({ compress: async () => Buffer.alloc(0), decompress: async () => Buffer.alloc(0) });
    const saved = table[CompressionTypes.LZ4];
    table[CompressionTypes.LZ4] = mine;
    try {
      registerCompressionCodecs();
      assert.equal(table[CompressionTypes.LZ4], mine);
    } finally {
      table[CompressionTypes.LZ4] = saved!;
    }
  });
});
