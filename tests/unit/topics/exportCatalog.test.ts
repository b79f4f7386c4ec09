import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { Catalog } from '../../../topics/catalog';
import { catalogFromCluster, exportCatalogText } from '../../../topics/exportCatalog';
import { isInternalTopic } from '../../../topics/internalTopics';
import { parseCatalog } from '../../../topics/parseCatalog';
import { LiveTopic } from '../../../topics/reconcile';

const live: LiveTopic[] = [
  {
    name: 'orders',
    partitions: 12,
    replicationFactor: 3,
    overrides: {
      'retention.ms': '86400000',
      'cleanup.policy': 'delete,compact',
      'redpanda.remote.read': 'true',
    },
  },
  { name: 'audit', partitions: 1, replicationFactor: 3, overrides: {} },
  { name: '__consumer_offsets', partitions: 50, replicationFactor: 3, overrides: {} },
  { name: '_schemas', partitions: 1, replicationFactor: 3, overrides: {} },
  { name: 'mm2-offset-syncs.target.internal', partitions: 1, replicationFactor: 3, overrides: {} },
  { name: 'bad-values', partitions: 2, replicationFactor: 1, overrides: { 'retention.ms': 'forever' } },
];

describe('catalogFromCluster', () => {
  it('exports every non-internal topic by name with partitions, replication and managed overrides', () => {
    const { catalog, internal, skipped } = catalogFromCluster(live);
    assert.deepEqual(catalog.topics, [
      { name: 'audit', partitions: 1, replicationFactor: 3, config: {} },
      { name: 'bad-values', partitions: 2, replicationFactor: 1, config: {} },
      {
        name: 'orders',
        partitions: 12,
        replicationFactor: 3,
        // normalised the way the catalog stores it
        config: { 'cleanup.policy': 'compact,delete', 'retention.ms': '86400000' },
      },
    ]);
    assert.deepEqual(catalog.services, []);
    assert.deepEqual(internal, ['__consumer_offsets', '_schemas', 'mm2-offset-syncs.target.internal']);
    assert.deepEqual(
      skipped.map((s) => [s.topic, s.key, s.value]),
      [
        ['bad-values', 'retention.ms', 'forever'],
        ['orders', 'redpanda.remote.read', 'true'],
      ],
    );
    assert.equal(skipped[1]!.reason, 'is not a topic config this program manages');
  });

  it('is deterministic: the input order does not matter', () => {
    const a = exportCatalogText(live, 'k:9092').text;
    const b = exportCatalogText([...live].reverse(), 'k:9092').text;
    assert.equal(a, b);
  });

  it('can leave the replication factor to each backend', () => {
    const { catalog } = catalogFromCluster(live, { omitReplicationFactor: true });
    assert.ok(catalog.topics.every((t) => t.replicationFactor === undefined));
  });

  it('merging keeps services, descriptions, alert thresholds and the existing order; drops gone topics, appends new ones', () => {
    const base: Catalog = {
      topics: [
        {
          name: 'orders',
          partitions: 6,
          config: {},
          description: 'Orders placed.',
          monitoring: { throughputPercent: 95 },
        },
        { name: 'gone', partitions: 1, config: {} },
      ],
      services: [
        {
          name: 'shop',
          namespace: 'apps',
          deployment: 'shop',
          containers: ['shop', 'outbox-relay'],
          produces: ['orders'],
          consumes: [{ topic: 'audit', group: 'shop' }],
        },
      ],
      groups: [{ name: 'shop', lagMinutes: 60 }],
    };
    const result = exportCatalogText(live, 'k:9092', { base });
    assert.deepEqual(
      result.catalog.topics.map((t) => t.name),
      ['orders', 'audit', 'bad-values'],
    );
    assert.equal(result.catalog.topics[0]!.description, 'Orders placed.');
    assert.equal(result.catalog.topics[0]!.partitions, 12, 'the cluster wins on facts');
    assert.deepEqual(result.problems, []);
    const reparsed = parseCatalog(result.text, 'x');
    assert.deepEqual(reparsed.catalog.services, base.services);
    assert.deepEqual(reparsed.catalog.topics[0]!.monitoring, { throughputPercent: 95 });
    assert.deepEqual(reparsed.catalog.groups, base.groups);
  });

  it('reports a merged service that uses a topic the cluster does not have', () => {
    const base: Catalog = {
      topics: [],
      services: [{ name: 'shop', namespace: 'default', produces: ['gone'], consumes: [] }],
    };
    const { problems } = exportCatalogText(live, 'k:9092', { base });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /refers to topic "gone", which is not declared under topics/);
  });
});

describe('rendered export', () => {
  const { text, problems } = exportCatalogText(live, 'old-redpanda:9092');

  it('is a valid catalog that parses back to the same topics', () => {
    assert.deepEqual(problems, []);
    const { catalog, problems: reparsed } = parseCatalog(text, 'exported.yaml');
    assert.deepEqual(reparsed, []);
    assert.deepEqual(catalog.topics, catalogFromCluster(live).catalog.topics);
  });

  it('writes config values as strings and skipped overrides as comments inside their topic, naming it', () => {
    const doc = parse(text) as { topics: { name: string; config?: Record<string, unknown> }[] };
    assert.equal(doc.topics.find((t) => t.name === 'orders')!.config!['retention.ms'], '86400000');
    // Under the topic's own `- name:` line, not above it where it reads as the previous topic's.
    assert.match(
      text,
      /\n {2}- name: orders\n {4}# not exported from orders: redpanda\.remote\.read=true \(is not a topic config this program manages\)\n {4}partitions: /,
    );
    assert.match(text, /^# Topic catalog exported from old-redpanda:9092/);
    assert.match(text, /^services: \[\]$/m);
  });
});

describe('isInternalTopic', () => {
  for (const [name, internal] of [
    ['__consumer_offsets', true],
    ['__transaction_state', true],
    ['_schemas', true],
    ['__redpanda.audit_log', true],
    ['source.checkpoints.internal', true],
    ['mm2-configs.source.internal', true],
    ['ml.jobs.requested', false],
    ['internal.events', false],
    ['heartbeats', false],
  ] as const) {
    it(`${name}: ${internal ? 'internal' : 'a catalog topic'}`, () =>
      assert.equal(isInternalTopic(name), internal));
  }
});
