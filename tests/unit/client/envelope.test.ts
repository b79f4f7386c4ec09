import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from '../../../client/batcher';
import {
  createEnvelope,
  decodeEnvelope,
  decodeRecord,
  encodeBinary,
  encodeEnvelope,
  encodeEnvelopeOnce,
  EnvelopeError,
} from '../../../client/envelope';

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

  it('encodes an envelope once for dual-write: spool, primary and secondary share the string', () => {
    const e = createEnvelope('t', { n: 1, s: 'é' }, 's');
    const json = encodeEnvelopeOnce(e, 't');
    assert.equal(json, JSON.stringify(e));
    assert.equal(encodeEnvelope(e, 't'), json);
    assert.deepEqual(decodeEnvelope(json), e);
    assert.throws(
      () => encodeEnvelopeOnce(createEnvelope('t', { big: 1n }, 's'), 't'),
      /data.big is a BigInt/,
    );
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
    const bad = JSON.stringify({ ...createEnvelope('t', 1, 's'), datacontenttype: 7 });
    assert.throws(() => decodeEnvelope(Buffer.from(bad)), /datacontenttype must be a string, got 7/);
  });
});

describe('CloudEvents Kafka protocol binding: both modes, as other SDKs write them', () => {
  const event = { specversion: '1.0', id: 'e1', type: 'orders.paid', source: '/java', data: { n: 1 } };

  it('structured mode without time and with a charset parameter (the Java and Go SDKs may write both)', () => {
    const value = Buffer.from(
      JSON.stringify({ ...event, datacontenttype: 'application/json; charset=utf-8' }),
    );
    const e = decodeRecord(value, {
      'content-type': Buffer.from('application/cloudevents+json; charset=UTF-8'),
    });
    assert.equal(e.id, 'e1');
    assert.deepEqual(e.data, { n: 1 });
    assert.equal(e.time, undefined);
  });

  it('binary mode: attributes in ce_ headers, the value is the data (the Java SDK default)', () => {
    const headers = {
      ce_specversion: Buffer.from('1.0'),
      ce_id: Buffer.from('e2'),
      ce_type: Buffer.from('orders.paid'),
      ce_source: Buffer.from('/java'),
      ce_time: Buffer.from('2026-12-07T10:00:00Z'),
      'content-type': Buffer.from('application/json; charset=utf-8'),
    };
    const e = decodeRecord(Buffer.from('{"n":2}'), headers);
    assert.deepEqual(
      { id: e.id, type: e.type, source: e.source, time: e.time, ct: e.datacontenttype, data: e.data },
      {
        id: 'e2',
        type: 'orders.paid',
        source: '/java',
        time: '2026-12-07T10:00:00Z',
        ct: 'application/json; charset=utf-8',
        data: { n: 2 },
      },
    );
    assert.throws(() => decodeRecord(Buffer.from('{}'), { ce_specversion: Buffer.from('1.0') }), {
      message: 'header ce_id must be a non-empty string, got undefined',
    });
  });

  it('writes binary mode: every attribute a ce_ header, datacontenttype the content-type, data the value', () => {
    const e = createEnvelope('orders.paid', { n: 4 }, '/node', { key: 'k1', id: 'e4' }, new Date(0));
    const { value, headers } = encodeBinary({ ...e, subject: 'order-4' } as typeof e, 'orders.paid');
    assert.equal(value, '{"n":4}');
    assert.deepEqual(headers, {
      ce_specversion: '1.0',
      ce_id: 'e4',
      ce_type: 'orders.paid',
      ce_source: '/node',
      ce_time: '1970-01-01T00:00:00.000Z',
      ce_partitionkey: 'k1',
      ce_subject: 'order-4',
      'content-type': 'application/json',
    });
    const back = decodeRecord(Buffer.from(value), headers);
    assert.deepEqual(back, { ...e, subject: 'order-4' });
    assert.throws(() => encodeBinary({ ...e, data: { big: 1n } }, 't'), /data.big is a BigInt/);
  });

  it('records this library wrote before the content-type header was on by default still read', () => {
    const value = Buffer.from(JSON.stringify(createEnvelope('t', { n: 3 }, 's')));
    assert.deepEqual(decodeRecord(value, {}).data, { n: 3 });
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
