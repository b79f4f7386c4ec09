/**
 * The Confluent backend's plain pieces: credentials read from another namespace, the bootstrap
 * endpoint, ACLs read back, limits per cluster type, and the type tokens it registers and mocks,
 * checked against the installed @pulumi/confluentcloud.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { toRawConfig } from '../../../../config/source';
import { offlineMocks } from '../../../../plan/mockState';
import { PlannedResource } from '../../../../providers/backend';
import { confluentAcls, intentOfConfluentAcls } from '../../../../providers/confluent/acls';
import { bootstrapServersOf } from '../../../../providers/confluent/connection';
import { partitionLimit, throughputLimit } from '../../../../providers/confluent/limits';
import { confluentOfflineMocks } from '../../../../providers/confluent/mocks';
import { confluentPlannedAccess } from '../../../../providers/confluent/plannedAccess';
import { programUnderMocks } from '../../../harness/plan';
import { basicWith, synthesize } from './stacks';

describe('Confluent Cloud API credentials: the provider’s own config keys', () => {
  it('stack config keeps which keys of other namespaces are set and whether as secrets, not their values', () => {
    const raw = toRawConfig(
      {
        'kafka:provider': 'confluent',
        'confluentcloud:cloudApiKey': 'KEY',
        'confluentcloud:cloudApiSecret': 'SECRET',
        'kafka-platform:owner': 'team',
      },
      (key) => key === 'confluentcloud:cloudApiSecret',
      'kafka-platform',
    );
    assert.deepEqual(raw.otherKeys, {
      'confluentcloud:cloudApiKey': { secret: false },
      'confluentcloud:cloudApiSecret': { secret: true },
    });
    assert.ok(!JSON.stringify(raw.otherKeys).includes('SECRET'));
  });

  it('the program refuses a plain-text Cloud API secret with one RunError naming the key, registering nothing', async () => {
    const config = {
      'kafka:provider': 'confluent',
      'kafka:kubernetes': JSON.stringify({ enabled: false }),
      'kafka:confluent': JSON.stringify({ clusterType: 'basic', cloud: 'AWS', region: 'eu-west-1' }),
      'confluentcloud:cloudApiKey': 'plain-text-key-value',
      'confluentcloud:cloudApiSecret': 'plain-text-secret-value',
    };
    const { registrations, caught } = await programUnderMocks({
      project: 'kafka-platform',
      stack: 'dev',
      config,
      secretKeys: ['confluentcloud:cloudApiKey'],
      ...offlineMocks({ offlineMocks: confluentOfflineMocks }),
    });
    assert.equal(registrations.length, 0);
    assert.ok(pulumi.RunError.isInstance(caught), String(caught));
    const message = (caught as Error).message;
    assert.match(
      message,
      /^Found 1 configuration problem:\n {2}- confluentcloud:cloudApiSecret: holds a credential and must be set with: pulumi config set --secret confluentcloud:cloudApiSecret <value>$/,
    );
    assert.ok(!message.includes('plain-text-'), 'no credential value in the message');
  });
});

describe('bootstrap endpoint', () => {
  it('drops the SASL_SSL:// scheme Confluent reports, from every entry', () => {
    assert.equal(
      bootstrapServersOf('SASL_SSL://pkc-abc12.eu-west-1.aws.confluent.cloud:9092'),
      'pkc-abc12.eu-west-1.aws.confluent.cloud:9092',
    );
    assert.equal(bootstrapServersOf('SASL_SSL://a:9092, SASL_SSL://b:9092'), 'a:9092,b:9092');
    assert.equal(
      bootstrapServersOf('lkc-abc123-apfoo123.eu-west-3.aws.accesspoint.glb.confluent.cloud:9092'),
      'lkc-abc123-apfoo123.eu-west-3.aws.accesspoint.glb.confluent.cloud:9092',
    );
  });
});

describe('Confluent ACLs read back', () => {
  const intent = { write: ['a'], read: ['b'], groups: ['g'] };

  it('reads back exactly the intent they were made from', () => {
    assert.deepEqual(intentOfConfluentAcls(confluentAcls(intent)), intent);
    const consumer = { write: [], read: ['b'], groups: ['g'] };
    assert.deepEqual(intentOfConfluentAcls(confluentAcls(consumer)), consumer);
    assert.ok(!confluentAcls(consumer).some((r) => r.operation === 'IDEMPOTENT_WRITE'));
  });

  it('refuses IDEMPOTENT_WRITE without a topic to write, a producer without it, and anything broader', () => {
    assert.throws(
      () =>
        intentOfConfluentAcls(
          confluentAcls({ write: [], read: ['b'], groups: ['g'] }).concat(confluentAcls(intent).slice(-1)),
        ),
      /IDEMPOTENT_WRITE on CLUSTER kafka-cluster is more than any service needs/,
    );
    assert.throws(
      () => intentOfConfluentAcls(confluentAcls(intent).filter((r) => r.operation !== 'IDEMPOTENT_WRITE')),
      /a producer of a lacks IDEMPOTENT_WRITE on the cluster/,
    );
    assert.throws(
      () =>
        intentOfConfluentAcls([
          ...confluentAcls(intent),
          { resourceType: 'TOPIC', resourceName: '*', operation: 'ALL' },
        ]),
      /ACL ALL on TOPIC \* is more than any service needs/,
    );
  });

  it('refuses a plan ACL that is prefixed, a DENY, or belongs to no service', () => {
    const acl = (
      inputs: Record<string, unknown>,
      parent = 'kafka-platform:confluent:ServiceAccess::a',
    ): PlannedResource => ({
      type: 'confluentcloud:index/kafkaAcl:KafkaAcl',
      name: 'x',
      parent,
      inputs: {
        resourceType: 'TOPIC',
        resourceName: 'a',
        operation: 'READ',
        patternType: 'LITERAL',
        permission: 'ALLOW',
        host: '*',
        ...inputs,
      },
    });
    assert.throws(
      () => confluentPlannedAccess([acl({ patternType: 'PREFIXED' })]),
      /is not a literal ALLOW rule/,
    );
    assert.throws(() => confluentPlannedAccess([acl({ permission: 'DENY' })]), /is not a literal ALLOW rule/);
    assert.throws(
      () => confluentPlannedAccess([acl({}, 'kafka-platform:confluent:Manager::m')]),
      /of one service/,
    );
  });
});

describe('limits per cluster type', () => {
  it('scale with CKUs on Dedicated clusters and stop at the type’s cap', () => {
    assert.equal(partitionLimit('basic', undefined), 1500);
    assert.equal(partitionLimit('dedicated', 2), 9000);
    assert.equal(partitionLimit('dedicated', 152), 100000);
    assert.deepEqual(throughputLimit('dedicated', 2), { ingressMBps: 120, egressMBps: 360 });
    assert.deepEqual(throughputLimit('enterprise', undefined), { ingressMBps: 1920, egressMBps: 5760 });
    assert.deepEqual(throughputLimit('standard', undefined), { ingressMBps: 250, egressMBps: 750 });
  });
});

describe('@pulumi/confluentcloud: the types the backend registers exist in the installed SDK', () => {
  const SDK: Record<string, { __pulumiType?: string }> = {
    Environment: confluentcloud.Environment,
    KafkaCluster: confluentcloud.KafkaCluster,
    ServiceAccount: confluentcloud.ServiceAccount,
    RoleBinding: confluentcloud.RoleBinding,
    ApiKey: confluentcloud.ApiKey,
    KafkaTopic: confluentcloud.KafkaTopic,
    KafkaAcl: confluentcloud.KafkaAcl,
  } as unknown as Record<string, { __pulumiType?: string }>;
  const tokens = new Set(Object.values(SDK).map((c) => c.__pulumiType));

  it('every mocked type token is the SDK’s own', () => {
    for (const token of Object.keys(confluentOfflineMocks().computed)) assert.ok(tokens.has(token), token);
  });

  it('every confluentcloud resource of a plan is one of these SDK types, through the provider package', async () => {
    const { plan } = await synthesize(basicWith());
    for (const r of plan.resources.filter((x) => x.type.startsWith('confluentcloud:'))) {
      assert.ok(tokens.has(r.type), r.type);
    }
    assert.equal(
      plan.resources.filter((r) => r.type === 'pulumi:providers:confluentcloud').length,
      1,
      'one explicit provider, no default one',
    );
  });
});
