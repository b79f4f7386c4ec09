import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from '../../../client/batcher';
import { createEnvelope, decodeEnvelope, encodeEnvelope, EnvelopeError } from '../../../client/envelope';

describe('envelope: CloudEvents 1.0 structured JSON', () => {
  it('carries the required CloudEvents attributes and the data', () => {
    const at = new Date('2026-11-21T01:02:03.000Z');
    const e = createEnvelope('ml.jobs.requested', { jobId: 7 }, 'ml-api', { key: 'user-1', id: 'job-7' }, at);
    assert.deepEqual(e, {
      specversion: '1.0',
      id: 'job-7',
      type: 'ml.jobs.requested',
      source: 'ml-api',
      time: '2026-11-21T01:02:03.000Z',
      datacontenttype: 'application/json',
      partitionkey: 'user-1',
      data: { jobId: 7 },
    });
    assert.deepEqual(decodeEnvelope(encodeEnvelope(e, e.type)), e);
  });

  it('gives each message a fresh UUID unless the caller names it', () => {
    const a = createEnvelope('t', 1, 's');
    const b = createEnvelope('t', 1, 's');
    assert.match(a.id, /^[0-9a-f-]{36}$/);
    assert.notEqual(a.id, b.id);
    assert.equal(createEnvelope('t', 1, 's', { type: 'custom.type' }).type, 'custom.type');
  });

  it('refuses ids SQS FIFO could not deduplicate on', () => {
    assert.throws(() => createEnvelope('t', 1, 's', { id: 'x'.repeat(129) }), EnvelopeError);
    assert.throws(() => createEnvelope('t', 1, 's', { id: 'has space' }), /printable ASCII/);
  });

  it('names what is wrong with a received body', () => {
    assert.throws(() => decodeEnvelope('{'), /not JSON/);
    assert.throws(() => decodeEnvelope('[1]'), /not a JSON object/);
    assert.throws(() => decodeEnvelope(null), /no body/);
    assert.throws(() => decodeEnvelope('{"specversion":"0.3"}'), /specversion must be "1.0", got "0.3"/);
    const noId = JSON.stringify({ specversion: '1.0', type: 't', source: 's', time: 'x' });
    assert.throws(() => decodeEnvelope(noId), /attribute id must be a non-empty string, got undefined/);
    const xml = JSON.stringify({ ...createEnvelope('t', 1, 's'), datacontenttype: 'application/xml' });
    assert.throws(() => decodeEnvelope(Buffer.from(xml)), /datacontenttype must be "application\/json"/);
  });
});

describe('Batcher: coalesces publishes into batched sends', () => {
  it('sends items added in one tick together, bounded by count and bytes, each with its own outcome', async () => {
    const sent: number[][] = [];
    const batcher = new Batcher<number>(
      async (items) => {
        sent.push(items);
        return items.map((i) => (i === 3 ? new Error('refused 3') : undefined));
      },
      { maxItems: 4, maxBytes: 100, maxConcurrent: 1 },
    );
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5, 6].map((i) => batcher.add(i, i === 5 ? 95 : 10)),
    );
    assert.deepEqual(sent, [[1, 2, 3, 4], [5], [6]]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    assert.match(String((results[2] as PromiseRejectedResult).reason), /refused 3/);
  });

  it('fails every item of a batch whose send throws, and flush waits for in-flight sends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new Batcher<string>(
      async (items) => {
        await gate;
        if (items.includes('bad')) throw new Error('broker down');
      },
      { maxItems: 10, maxBytes: 1000, maxConcurrent: 2 },
    );
    const a = batcher.add('bad', 1);
    const b = batcher.add('also', 1);
    let flushed = false;
    const flush = batcher.flush().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(flushed, false);
    release();
    await flush;
    await assert.rejects(a, /broker down/);
    await assert.rejects(b, /broker down/);
  });
});
