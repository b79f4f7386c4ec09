import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Deduplicator } from '../../../client/dedup';
import { createEnvelope, Envelope } from '../../../client/envelope';
import { Delivery } from '../../../client/messageQueue';
import { Difference, ShadowComparison } from '../../../client/shadow';

const delivery: Delivery = { transport: 'kafka', topic: 't', position: '0:0' };
const env = (id: string, data: unknown = {}): Envelope => createEnvelope('t', data, 'test', { id });

describe('Deduplicator: at most once per message id, bounded', () => {
  it('runs the handler once per id and counts the skipped duplicates', async () => {
    const dedup = new Deduplicator();
    const seen: string[] = [];
    const handler = dedup.wrap(async (e) => void seen.push(e.id));
    for (const id of ['a', 'b', 'a', 'c', 'b']) await handler(env(id), delivery);
    assert.deepEqual(seen, ['a', 'b', 'c']);
    assert.equal(dedup.skipped, 2);
  });

  it('marks an id only after success, so a failed attempt is retried', async () => {
    const dedup = new Deduplicator();
    let calls = 0;
    const handler = dedup.wrap(async () => {
      calls++;
      if (calls === 1) throw new Error('transient');
    });
    await assert.rejects(handler(env('x'), delivery), /transient/);
    await handler(env('x'), delivery);
    await handler(env('x'), delivery);
    assert.equal(calls, 2);
  });

  it('makes a concurrent duplicate wait for the first and then skip it', async () => {
    const dedup = new Deduplicator();
    let calls = 0;
    const handler = dedup.wrap(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
    });
    await Promise.all([handler(env('x'), delivery), handler(env('x'), delivery)]);
    assert.equal(calls, 1);
  });

  it('forgets the least recently seen ids beyond maxEntries, and ids older than the TTL', () => {
    const clock = { t: 0 };
    const dedup = new Deduplicator({ maxEntries: 3, ttlMs: 1000, now: () => clock.t });
    for (const id of ['a', 'b', 'c']) dedup.mark(id);
    assert.equal(dedup.has('a'), true); // touching a makes b the least recent
    dedup.mark('d');
    assert.equal(dedup.size, 3);
    assert.equal(dedup.has('b'), false);
    assert.equal(dedup.has('a'), true);
    clock.t = 1001;
    assert.equal(dedup.has('c'), false);
    dedup.mark('e');
    assert.equal(dedup.size, 1, 'expired ids are evicted on insert');
  });
});

describe('ShadowComparison: old consumer vs side-effect-free shadow on the new system', () => {
  function setup(timeoutMs = 1000) {
    const clock = { t: 0 };
    const differences: Difference<unknown>[] = [];
    const shadow = new ShadowComparison<unknown>({
      timeoutMs,
      now: () => clock.t,
      onDifference: (d) => differences.push(d),
    });
    return { clock, differences, shadow };
  }

  it('matches equal outcomes in either arrival order and reports mismatches with both sides', async () => {
    const { differences, shadow } = setup();
    const old = shadow.old(async (e) => ({ label: (e.data as { n: number }).n % 2 ? 'odd' : 'even' }));
    const neu = shadow.new((e) => ({
      label: (e.data as { n: number }).n === 3 ? 'odd!' : (e.data as { n: number }).n % 2 ? 'odd' : 'even',
    }));
    await old(env('1', { n: 1 }), delivery);
    await neu(env('1', { n: 1 }), delivery);
    await neu(env('2', { n: 2 }), delivery);
    await old(env('2', { n: 2 }), delivery);
    await old(env('3', { n: 3 }), delivery);
    await neu(env('3', { n: 3 }), delivery);
    assert.deepEqual(differences, [
      { kind: 'mismatch', id: '3', old: { label: 'odd' }, new: { label: 'odd!' } },
    ]);
    assert.deepEqual(shadow.report(), {
      matched: 2,
      mismatched: 1,
      missingInNew: 0,
      missingInOld: 0,
      newFailed: 0,
      waiting: 0,
    });
  });

  it('reports ids one side never saw once the timeout passed', async () => {
    const { clock, differences, shadow } = setup(1000);
    await shadow.old(async () => 'done')(env('only-old'), delivery);
    clock.t = 500;
    await shadow.new(() => 'done')(env('only-new'), delivery);
    clock.t = 1001;
    shadow.sweep();
    assert.deepEqual(differences, [{ kind: 'missing-in-new', id: 'only-old', old: 'done' }]);
    clock.t = 1501;
    shadow.sweep();
    assert.deepEqual(differences[1], { kind: 'missing-in-old', id: 'only-new', new: 'done' });
  });

  it('records shadow failures without rethrowing, and keeps the shadow from mutating the message', async () => {
    const { differences, shadow } = setup();
    const neu = shadow.new((e) => {
      (e.data as { n: number }).n = 99; // a side effect on shared state: refused
      return 'unreachable';
    });
    const message = env('m', { n: 1 });
    await neu(message, delivery);
    assert.equal((message.data as { n: number }).n, 1);
    assert.equal(differences[0]?.kind, 'new-failed');
    assert.match((differences[0] as { error: string }).error, /read only|read-only/);
  });

  it('compares the first outcome of a redelivered message only', async () => {
    const { differences, shadow } = setup();
    let n = 0;
    const old = shadow.old(async () => ++n);
    await old(env('r'), delivery);
    await old(env('r'), delivery);
    await shadow.new(() => 1)(env('r'), delivery);
    assert.deepEqual(differences, []);
    assert.equal(shadow.report().matched, 1);
  });
});
