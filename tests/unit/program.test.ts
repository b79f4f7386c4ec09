import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunError } from '@pulumi/pulumi';
import { ValidationError } from '../../config/problems';
import { planCommittedStack, planWith, PROJECT_DIR, resourcesOfType, writeCatalog } from '../harness/plan';

const TOPIC = 'pulumi-nodejs:dynamic/kafka:Topic';

describe('program under the mock runtime: local stack', () => {
  it('registers one admin-API topic per catalog topic under the local cluster component', async () => {
    const plan = await planCommittedStack('local');
    const topics = resourcesOfType(plan, TOPIC);
    assert.deepEqual(
      topics.map((t) => t.name),
      ['ml.jobs.requested', 'ml.jobs.completed', 'ml.jobs.failed'],
    );
    for (const t of topics) {
      assert.equal(t.parent, 'kafka-platform:kafka:Topics::local');
      assert.equal(t.inputs.replicationFactor, 1, 'local default replication factor');
    }
    const requested = topics[0]!;
    assert.equal(requested.inputs.partitions, 6);
    assert.deepEqual(requested.inputs.configs, { 'cleanup.policy': 'delete', 'retention.ms': '604800000' });
  });

  it('gives each service a ConfigMap with the env contract and no Secret without SASL', async () => {
    const plan = await planCommittedStack('local');
    const ml = plan.services.find((s) => s.name === 'ml-service');
    assert.deepEqual(ml?.env, {
      KAFKA_BROKER_URL: 'redpanda:9092',
      KAFKA_CLIENT_ID: 'ml-service',
      KAFKA_CONSUMER_GROUP: 'ml-service',
      KAFKA_CONSUMER_GROUPS: 'ml.jobs.requested=ml-service',
      KAFKA_CONSUMES: 'ml.jobs.requested',
      KAFKA_PRODUCES: 'ml.jobs.completed,ml.jobs.failed',
      KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
    });
    assert.equal(resourcesOfType(plan, 'kubernetes:core/v1:Secret').length, 0);
    for (const cm of resourcesOfType(plan, 'kubernetes:core/v1:ConfigMap')) {
      assert.match(cm.parent ?? '', /^kafka-platform:k8s:ServiceConnection::/);
    }
  });

  it('keeps SASL credentials in Secrets only, as Pulumi secrets everywhere', async () => {
    const password = 'sup3r-s3cret-pw';
    const plan = await planWith({
      'kafka:provider': 'local',
      'kafka:local': {
        bootstrapServers: 'localhost:9093',
        tls: true,
        sasl: { mechanism: 'scram-sha-512', username: 'svc-user' },
      },
      'kafka:localSaslPassword': { secure: 'v1:AAAAencrypted' },
      'kafka:kubernetes': { enabled: true },
    });
    const text = JSON.stringify(plan);
    assert.ok(!text.includes(password));
    assert.ok(!text.includes('svc-user'), 'the SASL user name is a secret too');
    const secrets = resourcesOfType(plan, 'kubernetes:core/v1:Secret');
    assert.equal(secrets.length, 2);
    for (const s of secrets) assert.equal(s.inputs.data, '[secret]');
    assert.deepEqual(
      plan.services.find((s) => s.name === 'backend-api')?.env.KAFKA_SASL_PASSWORD,
      '[secret]',
    );
    for (const cm of resourcesOfType(plan, 'kubernetes:core/v1:ConfigMap')) {
      const data = cm.inputs.data as Record<string, string>;
      assert.equal(data.KAFKA_SECURITY_PROTOCOL, 'SASL_SSL');
      assert.equal(data.KAFKA_SASL_MECHANISM, 'SCRAM-SHA-512');
      assert.ok(!('KAFKA_SASL_PASSWORD' in data) && !('KAFKA_SASL_USERNAME' in data));
    }
    // Where the cluster is stays readable; who the runner is (user name) is a secret.
    for (const t of resourcesOfType(plan, TOPIC)) {
      assert.deepEqual(t.inputs.connection, {
        brokers: ['localhost:9093'],
        tls: true,
        connectTimeoutMs: 10000,
      });
      assert.equal(t.inputs.sasl, '[secret]');
    }
  });

  it('protects topics and forgets rather than deletes them unless deletion is allowed', async () => {
    const catalog = writeCatalog('topics:\n  - { name: a, partitions: 1 }\nservices: []\n');
    const protectedPlan = await planWith(
      { 'kafka:provider': 'local', 'kafka:catalog': catalog, 'kafka:local': { bootstrapServers: 'k:9092' } },
      'prod',
    );
    const [topic] = resourcesOfType(protectedPlan, TOPIC);
    assert.equal(topic?.protect, true, 'prod* stacks protect by default');
    assert.equal(topic?.retainOnDelete, true);
    assert.equal(topic?.inputs.allowDeletion, false);

    const devPlan = await planWith({
      'kafka:provider': 'local',
      'kafka:catalog': catalog,
      'kafka:allowTopicDeletion': true,
      'kafka:local': { bootstrapServers: 'k:9092' },
    });
    const [devTopic] = resourcesOfType(devPlan, TOPIC);
    assert.equal(devTopic?.protect, false);
    assert.equal(devTopic?.retainOnDelete, false);
    assert.equal(devTopic?.inputs.allowDeletion, true);
  });

  it('refuses bad config before registering anything', async () => {
    await assert.rejects(
      planWith({ 'kafka:provider': 'kinesis' }),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.message.includes('kafka:provider: "kinesis" is not one of msk, eventhubs, confluent, local'),
    );
  });

  it('the Pulumi entry point reads config from the runtime and registers what the plan shows', async () => {
    const { readStackConfig } = await import('../../plan/stackConfig');
    const { runUnderMocks } = await import('../../plan/mockRuntime');
    const { offlineMocks } = await import('../../plan/mockState');
    const { program } = await import('../../program');
    const { localBackend } = await import('../../providers/local');
    const { stackConfig } = readStackConfig(PROJECT_DIR, 'local');
    const { registrations } = await runUnderMocks({ ...stackConfig!, ...offlineMocks(localBackend) }, () =>
      program(),
    );
    const plan = await planCommittedStack('local');
    assert.deepEqual(
      registrations.map((r) => `${r.type}::${r.name}`),
      plan.resources.map((r) => `${r.type}::${r.name}`),
    );
  });

  it('the Pulumi entry point ends a bad config with a RunError (no stack trace)', async () => {
    const { runUnderMocks } = await import('../../plan/mockRuntime');
    const { program } = await import('../../program');
    await assert.rejects(
      runUnderMocks(
        { project: 'kafka-platform', stack: 'x', config: { 'kafka:provider': 'kinesis' }, secretKeys: [] },
        () => program(),
      ),
      (err: unknown) => RunError.isInstance(err) && /"kinesis" is not one of/.test((err as Error).message),
    );
  });
});
