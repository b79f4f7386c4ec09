import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  lz4Compress,
  lz4Decompress,
  snappyCompress,
  snappyDecompress,
  zstdCompress,
  zstdDecompressSync,
} from '../../../client/compression';

// Round trips and framing details; what other clients write and read is tested against the Java
// clients and kcat in tests/integration/clientCompression.test.ts.
const SAMPLES: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['one byte', Buffer.from('x')],
  ['random (incompressible), over one 64 KiB LZ4 block', randomBytes(70_000)],
  ['repetitive, 1 MiB', Buffer.from('{"order":42,"status":"paid"} '.repeat(36_000))],
];

describe('codecs round-trip', () => {
  for (const [name, data] of SAMPLES) {
    it(name, async () => {
      assert.ok(snappyDecompress(snappyCompress(data)).equals(data), 'snappy');
      assert.ok(lz4Decompress(lz4Compress(data)).equals(data), 'lz4');
      assert.ok(zstdDecompressSync(await zstdCompress(data)).equals(data), 'zstd');
    });
  }
});

describe('Snappy framing', () => {
  it('reads the snappy-java stream format (magic header, then length-prefixed chunks)', () => {
    const parts = [Buffer.from('first chunk '.repeat(100)), Buffer.from('second chunk '.repeat(100))];
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const chunks = parts.map((p) => {
      const c = snappyCompress(p);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(c.length);
      return Buffer.concat([len, c]);
    });
    assert.ok(snappyDecompress(Buffer.concat([header, ...chunks])).equals(Buffer.concat(parts)));
  });

  it('refuses a truncated snappy-java chunk', () => {
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    assert.throws(() => snappyDecompress(Buffer.concat([header, Buffer.from([0, 0, 1, 0, 1, 2])])), {
      message: 'truncated snappy-java chunk',
    });
  });
});

describe('LZ4 frames', () => {
  it('writes what the Java consumer reads: independent blocks, header checksum', () => {
    const frame = lz4Compress(Buffer.from('abc'.repeat(50_000)));
    assert.equal(frame.readUInt32LE(0), 0x184d2204);
    assert.equal(frame[4], 0x60, 'version 01, independent blocks, no checksums, no content size');
    assert.ok([0x40, 0x50, 0x60, 0x70].includes(frame[5]!), 'block maximum 64 KiB to 4 MiB');
  });

  it('refuses a corrupted header, naming what is wrong', () => {
    const frame = lz4Compress(Buffer.from('hello hello hello hello'));
    frame[6] = frame[6]! ^ 0xff;
    assert.throws(() => lz4Decompress(frame), { message: 'invalid LZ4 frame: header checksum mismatch' });
    assert.throws(() => lz4Decompress(Buffer.from('not lz4 at all')), {
      message: 'invalid LZ4 frame: bad magic number',
    });
  });
});
