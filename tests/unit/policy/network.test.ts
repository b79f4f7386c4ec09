import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TYPES } from '../../../policy/resourceTypes';
import { planCommittedStack } from '../../harness/plan';
import { PolicyInput, policyNamed, violations } from './policyHarness';

const prod = { stack: 'prod', config: {} };
const dev = { stack: 'dev', config: {} };
const policy = policyNamed(prod, 'no-public-network-in-production');
const run = (r: PolicyInput, facts = prod, config = {}) =>
  violations(policyNamed(facts, 'no-public-network-in-production'), r, facts, config);

describe('policy: no public network access in production', () => {
  let cluster: Record<string, unknown>;
  let ingress: Record<string, unknown>;

  before(async () => {
    const plan = await planCommittedStack('prod');
    cluster = plan.resources.find((r) => r.type === TYPES.mskCluster)!.inputs;
    ingress = plan.resources.find((r) => r.type === TYPES.securityGroupIngressRule)!.inputs;
  });

  it('passes what the prod stack registers: public access DISABLED, ingress from one security group', async () => {
    assert.deepEqual(await run({ type: TYPES.mskCluster, props: cluster }), []);
    assert.deepEqual(await run({ type: TYPES.securityGroupIngressRule, props: ingress }), []);
  });

  it('refuses public MSK brokers and ingress from anywhere in production', async () => {
    const info = cluster.brokerNodeGroupInfo as Record<string, unknown>;
    const publicCluster = {
      ...cluster,
      brokerNodeGroupInfo: { ...info, connectivityInfo: { publicAccess: { type: 'SERVICE_PROVIDED_EIPS' } } },
    };
    assert.deepEqual(await run({ type: TYPES.mskCluster, props: publicCluster }), [
      'brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "SERVICE_PROVIDED_EIPS" (allowed in production: DISABLED), in production stack "prod"',
    ]);
    const world = { ...ingress, referencedSecurityGroupId: undefined, cidrIpv4: '0.0.0.0/0' };
    assert.deepEqual(await run({ type: TYPES.securityGroupIngressRule, props: world }), [
      'ingress from 0.0.0.0/0: the whole internet, in production stack "prod"',
    ]);
    const inline = { ingress: [{ fromPort: 9098, toPort: 9098, protocol: 'tcp', ipv6CidrBlocks: ['::/0'] }] };
    assert.deepEqual(await run({ type: TYPES.securityGroup, props: inline }), [
      'ingress[0] from ::/0: the whole internet, in production stack "prod"',
    ]);
    const rule = { type: 'ingress', cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0'], fromPort: 9098, toPort: 9098 };
    assert.equal((await run({ type: TYPES.securityGroupRule, props: rule })).length, 1);
    assert.deepEqual(await run({ type: TYPES.securityGroupRule, props: { ...rule, type: 'egress' } }), []);
  });

  it('refuses an Event Hubs namespace open to the internet (Enabled, or unset: Azure enables it)', async () => {
    const ns = {
      type: TYPES.eventHubsNamespace,
      props: { namespaceName: 'kafka-prod', publicNetworkAccess: 'Enabled' },
    };
    assert.deepEqual(await run(ns), [
      'publicNetworkAccess is "Enabled" (allowed in production: Disabled, SecuredByPerimeter), in production stack "prod"',
    ]);
    assert.equal((await run({ ...ns, props: { namespaceName: 'kafka-prod' } })).length, 1);
    assert.deepEqual(await run({ ...ns, props: { publicNetworkAccess: 'Disabled' } }), []);
    const rules = {
      type: TYPES.eventHubsNetworkRuleSet,
      props: { publicNetworkAccess: 'Enabled', defaultAction: 'Allow' },
    };
    assert.equal((await run(rules)).length, 2);
    assert.deepEqual(
      await run({ ...rules, props: { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' } }),
      [],
    );
  });

  it('refuses Confluent clusters with public endpoints (Basic, Standard, Dedicated outside a private network)', async () => {
    const cc = (props: Record<string, unknown>) => run({ type: TYPES.confluentCluster, props });
    assert.equal((await cc({ basic: {} })).length, 1);
    assert.equal((await cc({ standard: {} })).length, 1);
    assert.deepEqual(await cc({ dedicated: { cku: 2 } }), [
      'a Dedicated cluster without network.id has public endpoints (place it in a private network), in production stack "prod"',
    ]);
    assert.deepEqual(await cc({ dedicated: { cku: 2 }, network: { id: 'n-abc123' } }), []);
    assert.deepEqual(await cc({ enterprises: [{}] }), []);
  });

  it('leaves non-production stacks alone, and production is what productionStacks says', async () => {
    const world = { type: TYPES.eventHubsNamespace, props: { publicNetworkAccess: 'Enabled' } };
    assert.deepEqual(await run(world, dev), []);
    assert.equal((await run(world, dev, { productionStacks: ['dev', 'live-*'] })).length, 1);
    assert.deepEqual(await run(world, prod, { productionStacks: ['live-*'] }), []);
    assert.ok(policy.configSchema, 'productionStacks is declared in the config schema');
  });
});
