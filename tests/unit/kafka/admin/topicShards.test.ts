import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  groupIntoShards,
  SHARD_COUNT,
  shardChanges,
  shardKey,
  shardOf,
  shardRefusals,
} from '../../../../kafka/admin/topicShards';

const topic = (partitions: number, configs: Record<string, string> = {}, replicationFactor = 1) => ({
  partitions,
  replicationFactor,
  configs,
});

describe('topic shards (kafka:topicResources sharded)', () => {
  it('puts a topic in the same shard on every run, spreading a catalog over all shards', () => {
    // FNV-1a of the name: fixed values, so a change of the function (which would move every
    // topic to another shard) fails here first.
    assert.deepEqual(['orders.placed', 'orders.paid', 'customers'].map(shardOf), [7, 12, 14]);
    const names = Array.from({ length: 1000 }, (_, i) => `bench.topic.${String(i).padStart(4, '0')}`);
    const counts = new Map<number, number>();
    for (const n of names) counts.set(shardOf(n), (counts.get(shardOf(n)) ?? 0) + 1);
    assert.equal(counts.size, SHARD_COUNT);
    for (const c of counts.values())
      assert.ok(c > 1000 / SHARD_COUNT / 2 && c < (1000 / SHARD_COUNT) * 2, `${c}`);
    assert.equal(shardKey(3), '03');
  });

  it('groups topics by shard key, sorted, every shard present', () => {
    const shards = groupIntoShards([
      { name: 'b', ...topic(1) },
      { name: 'a', ...topic(2, { 'retention.ms': '1' }) },
    ]);
    const keys = [...shards.keys()];
    assert.deepEqual(keys, [...keys].sort());
    const all = Object.assign({}, ...shards.values()) as Record<string, unknown>;
    assert.deepEqual(all, { a: topic(2, { 'retention.ms': '1' }), b: topic(1) });
    assert.equal(keys.length, SHARD_COUNT);
    assert.ok(shards.get(shardKey(shardOf('a')))!.a);
  });

  it('names per topic what is added, removed and changed', () => {
    const changes = shardChanges(
      { a: topic(3, { 'retention.ms': '1000' }), gone: topic(1) },
      { a: topic(6, { 'retention.ms': '2000' }), fresh: topic(1) },
    );
    assert.deepEqual(changes.added, ['fresh']);
    assert.deepEqual(changes.removed, ['gone']);
    assert.deepEqual([...changes.changed], [['a', ['partitions', 'configs.retention.ms']]]);
    // Kafka's equal spellings are no change.
    assert.equal(
      shardChanges(
        { a: topic(1, { 'cleanup.policy': 'compact,delete' }) },
        { a: topic(1, { 'cleanup.policy': 'delete,compact' }) },
      ).changed.size,
      0,
    );
  });

  it('refuses every unsafe change at once, each naming its topic', () => {
    const refusals = shardRefusals(
      { a: topic(6), b: topic(1), c: topic(1) },
      { a: topic(2), b: topic(1, {}, 3) },
      true,
    );
    assert.deepEqual(
      refusals.map((r) => r.property),
      ['topics["a"].partitions', 'topics["b"].replicationFactor', 'topics["c"]'],
    );
    assert.match(refusals[0]!.reason, /topic "a": partitions cannot decrease from 6 to 2/);
    assert.match(refusals[1]!.reason, /topic "b": replicationFactor cannot change from 1 to 3/);
    assert.match(refusals[2]!.reason, /topic "c" is protected \(kafka:protect is true\)/);
    assert.deepEqual(shardRefusals({ c: topic(1) }, {}, false), []);
  });
});
