import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DesiredTopic,
  LiveTopic,
  observedTopic,
  reconcileCreate,
  reconcileUpdate,
  refuseUnsafeChange,
  sameConfig,
  topicDifferences,
} from '../../../topics/reconcile';

const desired: DesiredTopic = {
  name: 'orders',
  partitions: 6,
  replicationFactor: 3,
  configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
};
const live = (over: Partial<LiveTopic> = {}): LiveTopic => ({
  name: 'orders',
  partitions: 6,
  replicationFactor: 3,
  overrides: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
  ...over,
});

describe('reconcileCreate', () => {
  it('creates a missing topic', () => {
    assert.deepEqual(reconcileCreate(desired, undefined), { actions: [{ kind: 'create', topic: desired }] });
  });

  it('adopts an existing topic whose settings match, without touching it', () => {
    assert.deepEqual(
      reconcileCreate(desired, live({ overrides: { ...live().overrides, 'segment.ms': '1' } })),
      {
        actions: [],
      },
    );
  });

  it('refuses to adopt a topic that differs, listing every difference', () => {
    const result = reconcileCreate(
      desired,
      live({ partitions: 3, replicationFactor: 1, overrides: { 'retention.ms': '1000' } }),
    );
    assert.equal(
      result.refusal,
      'topic "orders" already exists with different settings: partitions 3 (catalog: 6); ' +
        'replicationFactor 1 (catalog: 3); retention.ms 1000 (catalog: 604800000); ' +
        'cleanup.policy not set (catalog: delete). Make the catalog match the live topic ' +
        '(npm run topics:export shows it), or change the topic by hand, then run again.',
    );
  });
});

describe('reconcileUpdate', () => {
  it('does nothing when the live topic already matches', () => {
    assert.deepEqual(reconcileUpdate(desired, live(), ['retention.ms', 'cleanup.policy']), { actions: [] });
  });

  it('grows partitions in place', () => {
    assert.deepEqual(reconcileUpdate({ ...desired, partitions: 12 }, live(), Object.keys(desired.configs)), {
      actions: [{ kind: 'createPartitions', name: 'orders', from: 6, to: 12 }],
    });
  });

  it('refuses a partition decrease and a replication-factor change', () => {
    assert.match(
      reconcileUpdate({ ...desired, partitions: 3 }, live(), []).refusal ?? '',
      /partitions cannot decrease from 6 to 3/,
    );
    assert.match(
      reconcileUpdate({ ...desired, replicationFactor: 1 }, live(), []).refusal ?? '',
      /replicationFactor cannot change from 3 to 1 in place/,
    );
  });

  it('merges configs: keeps overrides it does not manage, drops ones it stopped managing', () => {
    const current = live({
      overrides: { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'segment.ms': '3600000' },
    });
    const next = { ...desired, configs: { 'retention.ms': '86400000' } };
    assert.deepEqual(reconcileUpdate(next, current, ['retention.ms', 'cleanup.policy']), {
      actions: [
        {
          kind: 'alterConfigs',
          name: 'orders',
          // segment.ms was set by someone else and survives; cleanup.policy is no longer managed.
          configs: { 'retention.ms': '86400000', 'segment.ms': '3600000' },
          changed: ['cleanup.policy', 'retention.ms'],
        },
      ],
    });
  });

  it('refuses when the topic vanished from the cluster', () => {
    assert.match(reconcileUpdate(desired, undefined, []).refusal ?? '', /not on the cluster/);
  });
});

describe('rules shared by check() and reconciliation', () => {
  it('refuseUnsafeChange allows growth and same settings', () => {
    const old = { partitions: 6, replicationFactor: 3 };
    assert.equal(refuseUnsafeChange(old, { name: 't', partitions: 6, replicationFactor: 3 }), undefined);
    assert.equal(refuseUnsafeChange(old, { name: 't', partitions: 9, replicationFactor: 3 }), undefined);
  });

  it('compares config values by meaning', () => {
    assert.equal(sameConfig('cleanup.policy', 'delete,compact', 'compact,delete'), true);
    assert.equal(sameConfig('retention.ms', '1000', '1000'), true);
    assert.equal(sameConfig('retention.ms', '1000', '2000'), false);
    assert.equal(sameConfig('x.unknown', 'a', 'b'), false);
  });
});

describe('observedTopic (what a refresh records)', () => {
  it('takes partitions, replication and the managed configs from the live topic', () => {
    assert.deepEqual(
      observedTopic(
        desired,
        live({ partitions: 8, overrides: { 'retention.ms': '1000', 'segment.ms': '5' } }),
      ),
      { name: 'orders', partitions: 8, replicationFactor: 3, configs: { 'retention.ms': '1000' } },
    );
  });

  it("keeps the catalog's spelling of values equal in Kafka's sense, so a refresh alone shows nothing", () => {
    const compact = { ...desired, configs: { 'cleanup.policy': 'compact,delete' } };
    assert.deepEqual(
      observedTopic(compact, live({ overrides: { 'cleanup.policy': 'delete,compact' } })).configs,
      {
        'cleanup.policy': 'compact,delete',
      },
    );
  });
});

describe('topicDifferences', () => {
  it('names every differing property, and nothing for equal topics', () => {
    assert.deepEqual(topicDifferences(desired, desired), []);
    assert.deepEqual(
      topicDifferences(desired, {
        ...desired,
        partitions: 12,
        configs: { 'retention.ms': '1', 'segment.ms': '5' },
      }),
      ['partitions', 'configs.cleanup.policy', 'configs.retention.ms', 'configs.segment.ms'],
    );
  });
});
