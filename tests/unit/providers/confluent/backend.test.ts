/**
 * The Confluent backend under the Pulumi SDK mock runtime, through the real program: what it
 * registers, in which order, through which provider, and where its secrets go.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { stringify } from 'yaml';
import { readSecret, toRawConfig } from '../../../../config/source';
import { validateInput } from '../../../../input';
import { runUnderMocks } from '../../../../plan/mockRuntime';
import { offlineMocks } from '../../../../plan/mockState';
import { readStackConfig } from '../../../../plan/stackConfig';
import { buildPlatform } from '../../../../program';
import { kafkaConfigFromEnv } from '../../../../client';
import { ENV } from '../../../../client/contract';
import { Plan, PlanResource } from '../../../../plan/plan';
import { aclName, formerAclName } from '../../../../providers/confluent/serviceAccess';
import { MOCK_API_KEY_SECRET, mockApiKeyId as keyIdOf } from '../../../../providers/confluent/mocks';
import { PROJECT_DIR, resourcesOfType, withDocuments } from '../../../harness/plan';
import { basicWith, catalogFile, synthesize, T } from './stacks';

function one(plan: Plan, type: string, name?: string): PlanResource {
  const found = resourcesOfType(plan, type).filter((r) => name === undefined || r.name === name);
  assert.equal(found.length, 1, `expected one ${type} ${name ?? ''}, got ${found.length}`);
  return found[0]!;
}

interface ConfluentOutputs {
  environmentId: string;
  clusterId: string;
  restEndpoint: string;
  managerServiceAccount: string;
  serviceAccounts: Record<string, string>;
  monitoring?: Record<string, unknown>;
}

const outputsOf = (plan: Plan) => withDocuments(plan).confluent as ConfluentOutputs;

/** The value inside a secret-marked input, or undefined when the input is not a secret. */
function secretValue(input: unknown): unknown {
  const v = input as Record<string, unknown> | undefined;
  return v?.[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? v.value : undefined;
}

const isSecretInput = (input: unknown) => secretValue(input) !== undefined;

async function reveal<T>(output: unknown): Promise<T> {
  return new Promise((resolve) => pulumi.output(output as pulumi.Input<T>).apply((v) => resolve(v as T)));
}

/** Several producers and consumers; one service does both, with two groups. */
const SHOP = catalogFile(`
topics:
  - { name: orders.created, partitions: 6 }
  - { name: orders.shipped, partitions: 3 }
  - { name: payments.settled, partitions: 12 }
  - { name: audit.trail, partitions: 1 }
services:
  - { name: checkout, produces: [orders.created] }
  - { name: payments, produces: [payments.settled], consumes: [{ topic: orders.created, group: payments }] }
  - name: shipping
    produces: [orders.shipped]
    consumes:
      - { topic: orders.created, group: shipping }
      - { topic: payments.settled, group: shipping-payments }
  - name: ledger
    consumes:
      - { topic: orders.created, group: ledger }
      - { topic: orders.shipped, group: ledger }
      - { topic: payments.settled, group: ledger }
`);

/**
 * The deleteBeforeReplace option of every registration of `type`, as the engine would receive it
 * (the SDK mock runtime has no transforms, so the monitor's requests are read instead).
 */
async function registrationOptions(
  config: Record<string, unknown>,
  type: string,
): Promise<Record<string, { deleteBeforeReplace: boolean; defined: boolean }>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-confluent-'));
  const file = path.join(dir, 'Pulumi.test.yaml');
  fs.writeFileSync(file, stringify({ config }));
  const { stackConfig } = readStackConfig(PROJECT_DIR, 'test', file);
  fs.rmSync(dir, { recursive: true, force: true });
  const cfg = stackConfig!;
  const input = validateInput(
    toRawConfig(cfg.config, (k) => cfg.secretKeys.includes(k), cfg.project),
    'test',
    PROJECT_DIR,
  );
  const seen: Record<string, { deleteBeforeReplace: boolean; defined: boolean }> = {};
  await runUnderMocks({ ...cfg, ...offlineMocks(input.settings.backend) }, () => {
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource(req: RegisterRequest, cb: unknown): void;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      if (req.getType() === type) {
        seen[req.getName()] = {
          deleteBeforeReplace: req.getDeletebeforereplace(),
          defined: req.getDeletebeforereplacedefined(),
        };
      }
      register(req, cb);
    };
    return buildPlatform(input, (ref) => readSecret(ref.key));
  });
  return seen;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
}

/**
 * Asserts the role binding named `name` gives `role` to `account` on this cluster's CRN only, and
 * that the key `<name>-…-key` is created after it; returns the key.
 */
function assertKeyAfterClusterRole(plan: Plan, name: string, role: string, account: string): PlanResource {
  const out = outputsOf(plan);
  const binding = one(plan, T.binding, name);
  assert.equal(binding.inputs.roleName, role);
  assert.equal(binding.inputs.principal, `User:${account}`);
  assert.match(
    String(binding.inputs.crnPattern),
    new RegExp(`/environment=${out.environmentId}/cloud-cluster=${out.clusterId}$`),
  );
  const [key, ...more] = resourcesOfType(plan, T.key).filter((k) => k.parent?.endsWith(`::${name}`));
  assert.ok(key && more.length === 0, `one key of ${name}`);
  assert.ok(key.dependsOn.includes(`${T.binding}::${name}`), key.dependsOn.join(', '));
  return key;
}

describe('Confluent backend: the manager path', () => {
  it('binds CloudClusterAdmin on this cluster only, and creates the manager key only after the binding', async () => {
    const { plan } = await synthesize(basicWith());
    const out = outputsOf(plan);
    const key = assertKeyAfterClusterRole(
      plan,
      'confluent-manager',
      'CloudClusterAdmin',
      out.managerServiceAccount,
    );
    assert.deepEqual(key.inputs.managedResource, {
      id: out.clusterId,
      apiVersion: 'cmk/v2',
      kind: 'Cluster',
      environment: { id: out.environmentId },
    });
    assert.deepEqual(key.inputs.owner, {
      id: out.managerServiceAccount,
      apiVersion: 'iam/v2',
      kind: 'ServiceAccount',
    });
  });

  it('manages every topic and ACL through the REST endpoint with the manager key, as a secret', async () => {
    const { plan, synthesis } = await synthesize(basicWith());
    const out = outputsOf(plan);
    assert.match(out.restEndpoint, /^https:\/\/pkc-[0-9a-f]+\.eu-west-1\.aws\.confluent\.cloud:443$/);
    const managed = synthesis.registrations.filter((r) => r.type === T.topic || r.type === T.acl);
    assert.equal(managed.length, 3 + 16, 'three topics, sixteen ACLs');
    for (const r of managed) {
      assert.equal(r.inputs.restEndpoint, out.restEndpoint, r.name);
      assert.deepEqual(r.inputs.kafkaCluster, { id: out.clusterId }, r.name);
      // Only the manager key is ever used for management, and only as a secret.
      assert.deepEqual(secretValue(r.inputs.credentials), {
        key: keyIdOf('confluent-manager-kafka-key'),
        secret: MOCK_API_KEY_SECRET,
      });
    }
  });

  it('registers every Confluent resource through the one explicit provider, fed only by secret config', async () => {
    const { plan, synthesis } = await synthesize(basicWith());
    const provider = one(plan, T.provider);
    assert.equal(provider.name, 'confluent');
    const reg = synthesis.registrations.find((r) => r.type === T.provider)!;
    assert.deepEqual(Object.keys(reg.inputs).sort(), ['cloudApiKey', 'cloudApiSecret']);
    assert.ok(isSecretInput(reg.inputs.cloudApiKey) && isSecretInput(reg.inputs.cloudApiSecret));
    const confluent = plan.resources.filter((r) => r.type.startsWith('confluentcloud:'));
    assert.ok(confluent.length > 20);
    for (const r of confluent) assert.equal(r.provider, `${T.provider}::confluent`, `${r.type}::${r.name}`);
  });
});

describe('Confluent backend: access per service, exactly as the catalog implies', () => {
  it('gives each service its own account and exactly its ACLs: nothing more, nothing less', async () => {
    const { plan } = await synthesize(basicWith({}, { 'kafka:catalog': SHOP }));
    const out = outputsOf(plan);
    const acls: Record<string, string[]> = {};
    for (const r of resourcesOfType(plan, T.acl)) {
      const service = r.parent!.replace('kafka-platform:confluent:ServiceAccess::', '');
      assert.equal(r.inputs.principal, `User:${out.serviceAccounts[service]}`, r.name);
      assert.deepEqual([r.inputs.patternType, r.inputs.permission, r.inputs.host], ['LITERAL', 'ALLOW', '*']);
      (acls[service] ??= []).push(
        `${String(r.inputs.operation)} ${String(r.inputs.resourceType)} ${String(r.inputs.resourceName)}`,
      );
    }
    for (const list of Object.values(acls)) list.sort();
    assert.deepEqual(acls, {
      checkout: [
        'DESCRIBE TOPIC orders.created',
        'IDEMPOTENT_WRITE CLUSTER kafka-cluster',
        'WRITE TOPIC orders.created',
      ],
      payments: [
        'DESCRIBE TOPIC orders.created',
        'DESCRIBE TOPIC payments.settled',
        'IDEMPOTENT_WRITE CLUSTER kafka-cluster',
        'READ GROUP payments',
        'READ TOPIC orders.created',
        'WRITE TOPIC payments.settled',
      ],
      shipping: [
        'DESCRIBE TOPIC orders.created',
        'DESCRIBE TOPIC orders.shipped',
        'DESCRIBE TOPIC payments.settled',
        'IDEMPOTENT_WRITE CLUSTER kafka-cluster',
        'READ GROUP shipping',
        'READ GROUP shipping-payments',
        'READ TOPIC orders.created',
        'READ TOPIC payments.settled',
        'WRITE TOPIC orders.shipped',
      ],
      ledger: [
        'DESCRIBE TOPIC orders.created',
        'DESCRIBE TOPIC orders.shipped',
        'DESCRIBE TOPIC payments.settled',
        'READ GROUP ledger',
        'READ TOPIC orders.created',
        'READ TOPIC orders.shipped',
        'READ TOPIC payments.settled',
      ],
    });
    assert.deepEqual(Object.keys(out.serviceAccounts).sort(), ['checkout', 'ledger', 'payments', 'shipping']);
    const accounts = resourcesOfType(plan, T.account)
      .map((r) => r.inputs.displayName)
      .sort();
    assert.deepEqual(accounts, [
      'kafka-test-checkout',
      'kafka-test-ledger',
      'kafka-test-manager',
      'kafka-test-metrics',
      'kafka-test-payments',
      'kafka-test-shipping',
    ]);
  });

  it('gives a service producing and consuming one topic, and topics differing only in case, one ACL resource per binding', async () => {
    const catalog = catalogFile(`
topics:
  - { name: Orders, partitions: 1 }
  - { name: orders, partitions: 1 }
services:
  - name: echo
    produces: [Orders, orders]
    consumes: [{ topic: orders, group: echo }, { topic: Orders, group: Echo }]
`);
    const { plan } = await synthesize(basicWith({}, { 'kafka:catalog': catalog }));
    const acls = resourcesOfType(plan, T.acl).map(
      (r) =>
        `${r.name}: ${String(r.inputs.operation)} ${String(r.inputs.resourceType)} ${String(r.inputs.resourceName)}`,
    );
    assert.deepEqual(acls.sort(), [
      'echo-cluster-kafka-cluster-idempotent_write: IDEMPOTENT_WRITE CLUSTER kafka-cluster',
      'echo-group-Echo-read: READ GROUP Echo',
      'echo-group-echo-read: READ GROUP echo',
      'echo-topic-Orders-describe: DESCRIBE TOPIC Orders',
      'echo-topic-Orders-read: READ TOPIC Orders',
      'echo-topic-Orders-write: WRITE TOPIC Orders',
      'echo-topic-orders-describe: DESCRIBE TOPIC orders',
      'echo-topic-orders-read: READ TOPIC orders',
      'echo-topic-orders-write: WRITE TOPIC orders',
    ]);
  });

  it('keeps the name an ACL had when names were lower-cased, as an alias, when no other ACL holds it', () => {
    const rule = { resourceType: 'TOPIC', resourceName: 'Orders', operation: 'READ' } as const;
    assert.equal(aclName('echo', rule), 'echo-topic-Orders-read');
    assert.equal(formerAclName('echo', rule, new Set(['echo-topic-Orders-read'])), 'echo-topic-orders-read');
    assert.equal(
      formerAclName('echo', rule, new Set(['echo-topic-Orders-read', 'echo-topic-orders-read'])),
      undefined,
    );
    assert.equal(formerAclName('echo', { ...rule, resourceName: 'orders' }, new Set()), undefined);
  });

  it('creates a service’s key only once its ACLs exist, for this cluster, owned by its own account', async () => {
    const { plan } = await synthesize(basicWith({}, { 'kafka:catalog': SHOP }));
    const out = outputsOf(plan);
    const key = one(plan, T.key, 'shipping-kafka-key-v1');
    const shippingAcls = resourcesOfType(plan, T.acl).filter((r) => r.parent?.endsWith('::shipping'));
    assert.equal(shippingAcls.length, 9);
    for (const acl of shippingAcls) assert.ok(key.dependsOn.includes(`${T.acl}::${acl.name}`), acl.name);
    assert.equal((key.inputs.owner as { id: string }).id, out.serviceAccounts.shipping);
    assert.equal((key.inputs.managedResource as { id: string }).id, out.clusterId);
    assert.equal(key.inputs.displayName, 'kafka-test-shipping-kafka-key-v1');
  });

  it('hands each service its own key and secret as Pulumi secrets, only into its Kubernetes Secret', async () => {
    const { plan, synthesis } = await synthesize(basicWith({}, { 'kafka:catalog': SHOP }));
    for (const [name, access] of Object.entries(synthesis.platform.backend.access)) {
      assert.ok(await pulumi.isSecret(access.username!), `${name} username`);
      assert.ok(await pulumi.isSecret(access.password!), `${name} password`);
      assert.equal(await reveal(access.username), keyIdOf(`${name}-kafka-key-v1`));
      assert.equal(await reveal(access.password), MOCK_API_KEY_SECRET);
    }
    for (const r of synthesis.registrations) {
      if (r.type === 'kubernetes:core/v1:Secret') {
        const data = r.inputs.stringData ?? r.inputs.data;
        assert.ok(isSecretInput(data) || Object.values(data as object).every(isSecretInput), r.name);
      }
    }
    const checkout = plan.services.find((s) => s.name === 'checkout')!;
    assert.equal(checkout.env[ENV.saslUsername], '[secret]');
    assert.equal(checkout.env[ENV.saslPassword], '[secret]');
  });
});

describe('Confluent backend: the connection services dial', () => {
  it('is the bootstrap endpoint without SASL_SSL://, SASL_SSL and PLAIN, accepted by the client library', async () => {
    const { plan } = await synthesize(basicWith());
    assert.match(
      String(plan.outputs.bootstrapServers),
      /^pkc-[0-9a-f]+\.eu-west-1\.aws\.confluent\.cloud:9092$/,
    );
    for (const s of plan.services) {
      assert.equal(s.env[ENV.brokerUrl], plan.outputs.bootstrapServers);
      assert.equal(s.env[ENV.securityProtocol], 'SASL_SSL');
      assert.equal(s.env[ENV.saslMechanism], 'PLAIN');
      const env = { ...s.env, [ENV.saslUsername]: 'ABCDEFGHIJKLMNOP', [ENV.saslPassword]: 'secret' };
      const config = kafkaConfigFromEnv(env);
      assert.deepEqual(config.brokers, [plan.outputs.bootstrapServers]);
      assert.equal(config.ssl, true);
      assert.deepEqual(config.sasl, { mechanism: 'plain', username: 'ABCDEFGHIJKLMNOP', password: 'secret' });
      // What Confluent reports, unstripped, is refused by the same parser.
      assert.throws(
        () =>
          kafkaConfigFromEnv({
            ...env,
            [ENV.brokerUrl]: `SASL_SSL://${String(plan.outputs.bootstrapServers)}`,
          }),
        /KAFKA_BROKER_URL: "SASL_SSL:\/\/pkc-.*" is not host:port \(no scheme/,
      );
    }
  });
});

describe('Confluent backend: cluster and environment', () => {
  it('creates the environment with its Stream Governance package and a Basic single-zone cluster in it', async () => {
    const { plan } = await synthesize(basicWith());
    const env = one(plan, T.environment);
    assert.deepEqual(env.inputs, { displayName: 'kafka-test', streamGovernance: { package: 'ESSENTIALS' } });
    const cluster = one(plan, T.cluster);
    assert.deepEqual(cluster.inputs, {
      displayName: 'kafka-test',
      availability: 'SINGLE_ZONE',
      cloud: 'AWS',
      region: 'eu-west-1',
      environment: { id: outputsOf(plan).environmentId },
      deletionProtection: false,
      basic: {},
    });
    assert.equal(cluster.protect, false);
  });

  it('uses an existing environment by id without registering one, and sizes a Dedicated cluster in CKUs', async () => {
    const { plan } = await synthesize(
      basicWith({
        environment: { id: 'env-x1y2z3' },
        clusterType: 'dedicated',
        cku: 3,
        availability: 'MULTI_ZONE',
        cloud: 'AZURE',
        region: 'westeurope',
      }),
    );
    assert.equal(resourcesOfType(plan, T.environment).length, 0);
    const cluster = one(plan, T.cluster);
    assert.deepEqual(cluster.inputs.environment, { id: 'env-x1y2z3' });
    assert.deepEqual(cluster.inputs.dedicated, { cku: 3 });
    assert.equal(cluster.inputs.availability, 'MULTI_ZONE');
    assert.equal(outputsOf(plan).environmentId, 'env-x1y2z3');
  });

  it('declares exactly one type block per cluster type', async () => {
    // (Enterprise is refused at validation: private networking only, see badInput.test.ts.)
    for (const [clusterType, block] of [['standard', { standard: {} }]] as const) {
      const { plan } = await synthesize(basicWith({ clusterType }));
      const inputs = one(plan, T.cluster).inputs;
      const blocks = ['basic', 'standard', 'enterprises', 'dedicated', 'freights'].filter((k) => k in inputs);
      assert.deepEqual(Object.fromEntries(blocks.map((k) => [k, inputs[k]])), block, clusterType);
    }
  });
});

describe('Confluent backend: production is protected', () => {
  it('protects environment, cluster and topics, turns on deletion protection and keeps removed topics', async () => {
    const { plan } = await synthesize(basicWith({}, { 'kafka:allowTopicDeletion': false }), 'prod');
    assert.equal(one(plan, T.environment).protect, true);
    const cluster = one(plan, T.cluster);
    assert.equal(cluster.protect, true);
    assert.equal(cluster.inputs.deletionProtection, true);
    const topics = resourcesOfType(plan, T.topic);
    assert.equal(topics.length, 3);
    for (const t of topics) {
      assert.equal(t.protect, true, t.name);
      assert.equal(t.retainOnDelete, true, t.name);
    }
    // Keys are not protected: rotation must be able to delete the old one.
    for (const k of resourcesOfType(plan, T.key)) assert.equal(k.protect, false, k.name);
  });

  it('replaces a topic create-before-delete, so a partition decrease can never delete the old topic', async () => {
    const options = await registrationOptions(basicWith(), T.topic);
    assert.deepEqual(options, {
      'ml.jobs.requested': { deleteBeforeReplace: false, defined: true },
      'ml.jobs.completed': { deleteBeforeReplace: false, defined: true },
      'ml.jobs.failed': { deleteBeforeReplace: false, defined: true },
    });
  });

  it('registers topics with the catalog’s partitions and configs, and no replication factor', async () => {
    const { plan } = await synthesize(basicWith());
    const t = one(plan, T.topic, 'ml.jobs.failed');
    assert.equal(t.inputs.topicName, 'ml.jobs.failed');
    assert.equal(t.inputs.partitionsCount, 3);
    assert.deepEqual(t.inputs.config, { 'cleanup.policy': 'delete', 'retention.ms': '2592000000' });
    assert.ok(!('replicationFactor' in t.inputs));
  });
});

describe('Confluent backend: key rotation', () => {
  it('keeps the old key while delivering the new one, rolls the pods, and drops the old key on the next run', async () => {
    const keysOf = (plan: Plan) =>
      resourcesOfType(plan, T.key)
        .map((k) => k.name)
        .filter((n) => n.startsWith('backend-api-'))
        .sort();
    const hashOf = (plan: Plan) =>
      (plan.outputs.services as Record<string, { connectionHash: string }>)['backend-api']!.connectionHash;

    const before = await synthesize(basicWith());
    const during = await synthesize(basicWith({ keyVersions: { 'backend-api': [1, 2] } }));
    const after = await synthesize(basicWith({ keyVersions: { 'backend-api': [2] } }));

    assert.deepEqual(keysOf(before.plan), ['backend-api-kafka-key-v1']);
    assert.deepEqual(keysOf(during.plan), ['backend-api-kafka-key-v1', 'backend-api-kafka-key-v2']);
    assert.deepEqual(keysOf(after.plan), ['backend-api-kafka-key-v2']);

    const delivered = async (s: Awaited<ReturnType<typeof synthesize>>) =>
      reveal<string>(s.synthesis.platform.backend.access['backend-api']!.username);
    assert.equal(await delivered(before), keyIdOf('backend-api-kafka-key-v1'));
    assert.equal(await delivered(during), keyIdOf('backend-api-kafka-key-v2'));
    assert.equal(await delivered(after), keyIdOf('backend-api-kafka-key-v2'));

    // The delivered key changed, so the connection hash changed and the Deployment rolls.
    assert.notEqual(hashOf(before.plan), hashOf(during.plan));
    assert.equal(hashOf(during.plan), hashOf(after.plan));
    // Other services are untouched.
    assert.equal(
      (before.plan.outputs.services as Record<string, { connectionHash: string }>)['ml-service']!
        .connectionHash,
      (during.plan.outputs.services as Record<string, { connectionHash: string }>)['ml-service']!
        .connectionHash,
    );
  });
});

describe('Confluent backend: monitoring', () => {
  it('binds MetricsViewer on this cluster only and creates the Cloud API key after the binding', async () => {
    const { plan } = await synthesize(basicWith());
    const out = outputsOf(plan);
    const key = assertKeyAfterClusterRole(
      plan,
      'confluent-metrics',
      'MetricsViewer',
      String(out.monitoring!.serviceAccount),
    );
    assert.ok(!('managedResource' in key.inputs), 'a Cloud API key: the Metrics API refuses Kafka API keys');
  });

  it('outputs the rules in plain text, the scrape configuration and the key only as secrets', async () => {
    const { plan, synthesis } = await synthesize(basicWith());
    const monitoring = outputsOf(plan).monitoring!;
    assert.match(String(monitoring.prometheusRules), /KafkaConsumerGroupLagHigh/);
    assert.equal(monitoring.prometheusScrapeConfig, '[secret]');
    assert.equal(monitoring.metricsApiKey, '[secret]');
    const live = (synthesis.platform.backend.outputs as { monitoring: Record<string, unknown> }).monitoring;
    const scrape = await reveal<string>(live.prometheusScrapeConfig);
    assert.match(scrape, new RegExp(`resource\\.kafka\\.id:\\n\\s+- ${outputsOf(plan).clusterId}`));
    assert.match(scrape, /password_file: \/etc\/prometheus\/secrets\/confluent-metrics-test\/password/);
    assert.ok(!scrape.includes(MOCK_API_KEY_SECRET), 'the secret stays in the password file');
    assert.deepEqual(await reveal(live.metricsApiKey), {
      key: keyIdOf('confluent-metrics-cloud-key'),
      secret: MOCK_API_KEY_SECRET,
    });
  });

  it('registers no metrics account and outputs no monitoring when turned off', async () => {
    const { plan } = await synthesize(basicWith({ monitoring: { enabled: false } }));
    assert.equal(resourcesOfType(plan, 'kafka-platform:confluent:Metrics').length, 0);
    assert.equal(resourcesOfType(plan, T.binding).length, 1);
    assert.ok(!('monitoring' in outputsOf(plan)));
  });
});
