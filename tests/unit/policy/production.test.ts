import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isProductionStack } from '../../../policy/production';
import { policyFacts } from '../../../policy/backendFacts';
import { TYPES } from '../../../policy/resourceTypes';
import { Plan } from '../../../plan/plan';
import { planCommittedStack } from '../../harness/plan';
import { policyNamed, violations } from './policyHarness';

const prod = { stack: 'prod', config: {} };
const dev = { stack: 'dev', config: {} };
const protect = (facts = prod) => policyNamed(facts, 'protect-production-clusters-and-topics');
const rf = (facts = prod) => policyNamed(facts, 'production-replication-factor');

describe('policy: production stacks (prod*): protection and replication', () => {
  let prodPlan: Plan;
  let devPlan: Plan;
  before(async () => {
    prodPlan = await planCommittedStack('prod');
    devPlan = await planCommittedStack('dev');
  });

  it('production is what the program protects by default: stacks named prod*', () => {
    assert.ok(isProductionStack('prod') && isProductionStack('prod-eu') && isProductionStack('production'));
    assert.ok(!isProductionStack('dev') && !isProductionStack('preprod') && !isProductionStack('local'));
    assert.ok(isProductionStack('live', ['live', 'eu-*']) && isProductionStack('eu-west', ['live', 'eu-*']));
  });

  it('protect: the prod stack protects its cluster and every topic', async () => {
    const targets = prodPlan.resources.filter(
      (r) => r.type === TYPES.mskCluster || policyFacts().topicTypes.includes(r.type),
    );
    assert.equal(targets.length, 4, 'the cluster and the three catalog topics');
    for (const r of targets)
      assert.deepEqual(
        await violations(protect(), { type: r.type, props: r.inputs, protect: r.protect }, prod),
        [],
      );
  });

  it('protect: refuses an unprotected cluster or topic in production, on every backend', async () => {
    const cases: [string, string][] = [
      [TYPES.mskCluster, 'cluster'],
      [TYPES.mskServerlessCluster, 'cluster'],
      [TYPES.eventHubsNamespace, 'cluster'],
      [TYPES.confluentCluster, 'cluster'],
      [TYPES.gcpCluster, 'cluster'],
      [TYPES.mskTopic, 'topic'],
      [TYPES.kafkaTopic, 'topic'],
      [TYPES.eventHub, 'topic'],
      [TYPES.confluentTopic, 'topic'],
      [TYPES.gcpTopic, 'topic'],
    ];
    for (const [type, what] of cases) {
      assert.deepEqual(await violations(protect(), { type, props: {}, protect: false }, prod), [
        `this ${what} of production stack "prod" is not protected: set kafka:protect to true`,
      ]);
    }
  });

  it('sharded topics (kafka:topicResources sharded): protection and replication checked per topic', async () => {
    const shard = (protect: boolean, rf: number) => ({
      type: TYPES.kafkaTopicShard,
      props: {
        protect,
        topics: {
          'orders.placed': { partitions: 3, replicationFactor: 3, configs: {} },
          'orders.paid': { partitions: 1, replicationFactor: rf, configs: {} },
        },
      },
      protect: false,
    });
    assert.deepEqual(await violations(protect(), shard(true, 3), prod), []);
    assert.deepEqual(await violations(rf(), shard(true, 3), prod), []);
    assert.deepEqual(await violations(protect(), shard(false, 3), prod), [
      'topic "orders.placed" of production stack "prod" is not protected: set kafka:protect to true',
      'topic "orders.paid" of production stack "prod" is not protected: set kafka:protect to true',
    ]);
    assert.deepEqual(await violations(rf(), shard(true, 1), prod), [
      'topic "orders.paid": replicationFactor is 1 in production stack "prod" (allowed: 3 or more)',
    ]);
    assert.deepEqual(await violations(protect(dev), shard(false, 1), dev), []);
    assert.deepEqual(await violations(rf(dev), shard(false, 1), dev), []);
  });

  it('protect: the dev stack (unprotected) passes, and other resources are not its business', async () => {
    const cluster = devPlan.resources.find((r) => r.type === TYPES.mskCluster)!;
    assert.equal(cluster.protect, false);
    assert.deepEqual(await violations(protect(dev), { type: cluster.type, props: cluster.inputs }, dev), []);
    assert.deepEqual(await violations(protect(), { type: TYPES.configMap, props: {} }, prod), []);
  });

  it('replication: the prod topics keep 3 replicas; fewer, or none set, is refused in production', async () => {
    for (const r of prodPlan.resources.filter((x) => x.type === TYPES.mskTopic)) {
      assert.equal(r.inputs.replicationFactor, 3);
      assert.deepEqual(await violations(rf(), { type: r.type, props: r.inputs }, prod), []);
    }
    assert.deepEqual(
      await violations(rf(), { type: TYPES.mskTopic, props: { replicationFactor: 2 } }, prod),
      ['replicationFactor is 2 in production stack "prod" (allowed: 3 or more)'],
    );
    assert.deepEqual(await violations(rf(), { type: TYPES.kafkaTopic, props: { partitions: 3 } }, prod), [
      'replicationFactor is not set (the cluster default) in production stack "prod" (allowed: 3 or more)',
    ]);
    assert.equal(
      (await violations(rf(), { type: TYPES.kafkaTopicOwnership, props: { replicationFactor: 1 } }, prod))
        .length,
      1,
    );
  });

  it('replication: dev may keep fewer; Event Hubs and Confluent topics (replication fixed by the service) are not checked', async () => {
    assert.deepEqual(
      await violations(rf(dev), { type: TYPES.mskTopic, props: { replicationFactor: 2 } }, dev),
      [],
    );
    assert.deepEqual(
      await violations(rf(), { type: TYPES.eventHub, props: { partitionCount: 4 } }, prod),
      [],
    );
    assert.deepEqual(
      await violations(rf(), { type: TYPES.confluentTopic, props: { partitionsCount: 4 } }, prod),
      [],
    );
  });
});
