import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideAdoption,
  decideDeletion,
  decodeRecord,
  describeAdoption,
  encodeRecord,
  otherManagers,
  Registry,
} from '../../../topics/ownership';
import { DesiredTopic, LiveTopic } from '../../../topics/reconcile';

const desired: DesiredTopic = {
  name: 'orders',
  partitions: 3,
  replicationFactor: 1,
  configs: { 'retention.ms': '1000' },
};
const live: LiveTopic = {
  name: 'orders',
  partitions: 3,
  replicationFactor: 1,
  overrides: { 'retention.ms': '1000' },
};
const registry: Registry = new Map([
  ['org/app/dev', new Set(['orders', 'payments'])],
  ['org/app/ci', new Set(['orders'])],
  ['org/other/prod', new Set(['invoices'])],
]);

describe('otherManagers', () => {
  it('lists the other stacks whose record has the topic, sorted', () => {
    assert.deepEqual(otherManagers(registry, 'orders', 'org/app/dev'), ['org/app/ci']);
    assert.deepEqual(otherManagers(registry, 'orders', 'org/x/y'), ['org/app/ci', 'org/app/dev']);
    assert.deepEqual(otherManagers(registry, 'unknown', 'org/app/dev'), []);
  });
});

describe('decideAdoption', () => {
  it('creates a missing topic whatever the policy', () => {
    for (const policy of ['unmanaged', 'shared', 'never'] as const) {
      assert.deepEqual(decideAdoption(desired, undefined, ['org/app/ci'], false, policy), { kind: 'create' });
    }
  });

  it('refuses an existing topic that differs from the catalog, whatever the policy', () => {
    const result = decideAdoption(desired, { ...live, partitions: 1 }, [], false, 'shared');
    assert.equal(result.kind, 'refuse');
    assert.match(
      (result as { reason: string }).reason,
      /already exists with different settings: partitions 1/,
    );
  });

  it('adopts a matching topic nobody manages under unmanaged and shared, refuses it under never', () => {
    assert.deepEqual(decideAdoption(desired, live, [], false, 'unmanaged'), {
      kind: 'adopt',
      sharedWith: [],
    });
    assert.deepEqual(decideAdoption(desired, live, [], false, 'shared'), { kind: 'adopt', sharedWith: [] });
    assert.equal(
      (decideAdoption(desired, live, [], false, 'never') as { reason: string }).reason,
      'topic "orders" already exists on the cluster and kafka:topicAdoption is "never": ' +
        'delete it first, or set kafka:topicAdoption to "unmanaged" to adopt it',
    );
  });

  it('refuses a topic another stack manages unless sharing, naming the stacks', () => {
    const refused = decideAdoption(desired, live, ['org/app/ci'], false, 'unmanaged');
    assert.match((refused as { reason: string }).reason, /already managed by stack org\/app\/ci .*"shared"/);
    assert.deepEqual(decideAdoption(desired, live, ['org/app/ci'], false, 'shared'), {
      kind: 'adopt',
      sharedWith: ['org/app/ci'],
    });
  });

  it("always takes back a topic the stack's own record has (replacement, restored state)", () => {
    assert.deepEqual(decideAdoption(desired, live, [], true, 'never'), { kind: 'adopt', sharedWith: [] });
  });

  it('says what it adopts and with whom', () => {
    assert.equal(
      describeAdoption('orders', { kind: 'adopt', sharedWith: ['org/app/ci'] }),
      `topic "orders" already exists on the cluster with the catalog's settings: adopting it, shared with stack org/app/ci`,
    );
    assert.equal(describeAdoption('orders', { kind: 'create' }), undefined);
  });
});

describe('decideDeletion', () => {
  it('deletes only when allowed, no longer in this catalog, and managed by no other stack', () => {
    assert.equal(decideDeletion('orders', true, []).delete, true);
    assert.deepEqual(decideDeletion('orders', false, []), {
      delete: false,
      reason: 'topic "orders" kept on the cluster: kafka:allowTopicDeletion is false',
    });
    assert.deepEqual(decideDeletion('orders', true, ['org/app/ci']), {
      delete: false,
      reason: 'topic "orders" kept on the cluster: stack org/app/ci still manages it',
    });
    assert.match(decideDeletion('orders', true, [], true).reason, /still in this stack's catalog/);
    assert.equal(decideDeletion('orders', true, [], true).delete, false);
  });
});

describe('registry records', () => {
  it('round-trip as sorted, de-duplicated topic lists', () => {
    assert.equal(encodeRecord(['b', 'a', 'b']), '{"topics":["a","b"]}');
    assert.deepEqual(decodeRecord(encodeRecord(['b', 'a'])), new Set(['a', 'b']));
  });

  it('read anything unreadable as no topics', () => {
    for (const value of [null, undefined, '', 'not json', '{"topics":"x"}']) {
      assert.deepEqual(decodeRecord(value), new Set());
    }
    assert.deepEqual(decodeRecord('{"topics":["a",1,null]}'), new Set(['a']));
  });
});
