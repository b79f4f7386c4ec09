import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Topic } from '../../../topics/catalog';
import { describeDrift, diffCatalog, renderDiffText } from '../../../topics/diffCatalog';
import { LiveTopic } from '../../../topics/reconcile';

const topic = (name: string, over: Partial<Topic> = {}): Topic => ({
  name,
  partitions: 3,
  config: { 'retention.ms': '1000', 'cleanup.policy': 'delete' },
  ...over,
});
const liveTopic = (name: string, over: Partial<LiveTopic> = {}): LiveTopic => ({
  name,
  partitions: 3,
  replicationFactor: 1,
  overrides: { 'retention.ms': '1000', 'cleanup.policy': 'delete' },
  ...over,
});

describe('diffCatalog', () => {
  it('finds no drift when the cluster matches, ignoring internal topics', () => {
    const diff = diffCatalog(
      [topic('a')],
      [liveTopic('a'), liveTopic('__consumer_offsets'), liveTopic('x.internal')],
    );
    assert.deepEqual(diff, { drift: [], unmanaged: [] });
  });

  it('detects each kind of drift, ordered by topic then kind', () => {
    const catalog = [
      topic('missing'),
      topic('more', { partitions: 6 }),
      topic('fewer', { partitions: 2 }),
      topic('rf', { replicationFactor: 3 }),
      topic('cfg', {
        config: { 'retention.ms': '1000', 'cleanup.policy': 'compact,delete', 'max.message.bytes': '2000' },
      }),
    ];
    const live = [
      liveTopic('more'),
      liveTopic('fewer'),
      liveTopic('rf'),
      liveTopic('cfg', {
        overrides: { 'retention.ms': '5000', 'cleanup.policy': 'delete,compact', 'segment.ms': '60000' },
      }),
      liveTopic('extra', { partitions: 4, replicationFactor: 2 }),
    ];
    assert.deepEqual(diffCatalog(catalog, live).drift, [
      { kind: 'config', topic: 'cfg', key: 'max.message.bytes', catalog: '2000', cluster: undefined },
      { kind: 'config', topic: 'cfg', key: 'retention.ms', catalog: '1000', cluster: '5000' },
      { kind: 'config', topic: 'cfg', key: 'segment.ms', cluster: '60000' },
      { kind: 'extra', topic: 'extra', partitions: 4, replicationFactor: 2 },
      { kind: 'partitions', topic: 'fewer', catalog: 2, cluster: 3 },
      { kind: 'missing', topic: 'missing', partitions: 3 },
      { kind: 'partitions', topic: 'more', catalog: 6, cluster: 3 },
      { kind: 'replicationFactor', topic: 'rf', catalog: 3, cluster: 1 },
    ]);
  });

  it('compares an unset replication factor only against a given default', () => {
    assert.deepEqual(diffCatalog([topic('a')], [liveTopic('a', { replicationFactor: 1 })]).drift, []);
    assert.deepEqual(diffCatalog([topic('a')], [liveTopic('a')], { defaultReplicationFactor: 3 }).drift, [
      { kind: 'replicationFactor', topic: 'a', catalog: 3, cluster: 1 },
    ]);
  });

  it('lists overrides the catalog cannot manage as notes, not drift', () => {
    const diff = diffCatalog(
      [topic('a')],
      [
        liveTopic('a', {
          overrides: { 'retention.ms': '1000', 'cleanup.policy': 'delete', 'redpanda.remote.read': 'true' },
        }),
      ],
    );
    assert.deepEqual(diff, {
      drift: [],
      unmanaged: [{ topic: 'a', key: 'redpanda.remote.read', value: 'true' }],
    });
    assert.match(
      renderDiffText(diff, 'k:9092'),
      /note +a: redpanda\.remote\.read=true is not managed by the catalog \(ignored\)\nNo drift: k:9092 matches the catalog\./,
    );
  });

  it('renders each drift for people, with a summary', () => {
    assert.equal(
      describeDrift({ kind: 'partitions', topic: 't', catalog: 2, cluster: 3 }),
      'partitions t: catalog 2, cluster 3 (partitions cannot decrease: fix the catalog)',
    );
    assert.equal(
      describeDrift({ kind: 'config', topic: 't', key: 'retention.ms', catalog: '1' }),
      'config    t: retention.ms catalog 1, not set on the cluster',
    );
    const text = renderDiffText(
      diffCatalog([topic('a'), topic('b')], [liveTopic('b', { partitions: 4 })]),
      'k:9092',
    );
    assert.match(
      text,
      /Drift: 2 difference\(s\) between the catalog and k:9092 \(missing 1, partitions 1\)\.$/,
    );
  });
});
