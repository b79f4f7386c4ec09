import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationError } from '../../../config/problems';
import { createdOfType, planWith, resourcesOfType, writeCatalog } from '../../harness/plan';

const MM = 'kafka-platform:migration:MirrorMaker';
const PARENT = `${MM}::migration`;
const SOURCE_PASSWORD = 'v1:source-cipher-text';
const TARGET_PASSWORD = 'v1:target-cipher-text';

const base = {
  'kafka:provider': 'local',
  'kafka:local': { bootstrapServers: 'localhost:19092', clientBootstrapServers: 'redpanda:9092' },
  // A local stack delivers to Kubernetes only when kafka:kubernetes says so (MirrorMaker runs there).
  'kafka:kubernetes': { enabled: true },
};
const withMigration = {
  ...base,
  'kafka:migration': {
    source: {
      bootstrapServers: 'redpanda-srv.default.svc:9092',
      sasl: { mechanism: 'scram-sha-512', username: 'old-user' },
    },
    target: { sasl: { mechanism: 'scram-sha-512', username: 'new-user' } },
    replicationFactor: 1,
  },
  'kafka:migrationSourcePassword': { secure: SOURCE_PASSWORD },
  'kafka:migrationTargetPassword': { secure: TARGET_PASSWORD },
};

describe('kafka:migration under the mock runtime', () => {
  it('deploys MirrorMaker 2 as one component: namespace, config Secret, Deployment', async () => {
    const plan = await planWith(withMigration);
    const [component] = resourcesOfType(plan, MM);
    assert.ok(component, 'the MirrorMaker component');
    const ns = resourcesOfType(plan, 'kubernetes:core/v1:Namespace').find((n) => n.parent === PARENT);
    assert.equal(ns?.parent, PARENT);
    assert.deepEqual((ns?.inputs.metadata as { name: string }).name, 'kafka-migration');

    const secret = resourcesOfType(plan, 'kubernetes:core/v1:Secret').find((s) => s.parent === PARENT);
    assert.ok(secret, 'mm2.properties lives in a Secret, not a ConfigMap');
    assert.equal(secret.inputs.data, '[secret]');
    assert.ok(
      !resourcesOfType(plan, 'kubernetes:core/v1:ConfigMap').some((c) => c.parent === PARENT),
      'no ConfigMap for MirrorMaker',
    );

    const [deployment] = createdOfType(plan, 'kubernetes:apps/v1:Deployment');
    assert.equal(deployment?.parent, PARENT);
    const spec = deployment!.inputs.spec as {
      replicas: number;
      strategy: { type: string };
      template: {
        metadata: { annotations: Record<string, string> };
        spec: {
          containers: { image: string; command: string[]; volumeMounts: { mountPath: string }[] }[];
          volumes: { secret: { secretName: string } }[];
        };
      };
    };
    assert.equal(spec.replicas, 1);
    assert.equal(spec.strategy.type, 'Recreate');
    const [container] = spec.template.spec.containers;
    assert.equal(container?.image, 'apache/kafka:3.9.1');
    assert.deepEqual(container?.command, [
      '/opt/kafka/bin/connect-mirror-maker.sh',
      '/etc/mirror-maker/mm2.properties',
    ]);
    assert.equal(container?.volumeMounts[0]?.mountPath, '/etc/mirror-maker');
    assert.equal(spec.template.spec.volumes[0]?.secret.secretName, 'mirror-maker-config');
    assert.match(spec.template.metadata.annotations['kafka-platform/config-hash'] ?? '', /^[0-9a-f]{16}$/);
    for (const topic of ['ml.jobs.requested', 'ml.jobs.completed', 'ml.jobs.failed']) {
      assert.ok(
        deployment!.dependsOn.includes(`pulumi-nodejs:dynamic/kafka:Topic::${topic}`),
        `starts after ${topic} exists on the new cluster`,
      );
    }
    assert.deepEqual(plan.outputs.migration, {
      namespace: 'kafka-migration',
      deployment: 'mirror-maker',
      topics: ['ml.jobs.requested', 'ml.jobs.completed', 'ml.jobs.failed'],
    });
  });

  it('never shows either password anywhere in the plan', async () => {
    const text = JSON.stringify(await planWith(withMigration));
    for (const secret of [SOURCE_PASSWORD, TARGET_PASSWORD, 'offline-plan-secret-placeholder']) {
      assert.ok(!text.includes(secret), secret);
    }
  });

  it('the config hash follows the configuration', async () => {
    const hash = async (config: Record<string, unknown>) => {
      const [d] = createdOfType(await planWith(config), 'kubernetes:apps/v1:Deployment');
      const spec = d!.inputs.spec as { template: { metadata: { annotations: Record<string, string> } } };
      return spec.template.metadata.annotations['kafka-platform/config-hash'];
    };
    const a = await hash(withMigration);
    assert.equal(await hash(withMigration), a);
    const changed = {
      ...withMigration,
      'kafka:migration': { ...withMigration['kafka:migration'], syncIntervalSeconds: 5 },
    };
    assert.notEqual(await hash(changed), a);
  });

  it('a rotated password rolls MirrorMaker (it reads mm2.properties only at start)', async () => {
    const { runUnderMocks } = await import('../../../plan/mockRuntime');
    const { offlineMocks } = await import('../../../plan/mockState');
    const { program } = await import('../../../program');
    const { localBackend } = await import('../../../providers/local');
    // Real secret values through the Pulumi entry point (the offline plan only has placeholders).
    const kubeconfigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
    const kubeconfig = path.join(kubeconfigDir, 'config');
    fs.writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\ncurrent-context: test\ncontexts:\n  - name: test\n    context: { cluster: test }\n',
    );
    const hash = async (sourcePassword: string) => {
      const config = Object.fromEntries(
        Object.entries({
          ...withMigration,
          // The program reads the kubeconfig the provider would: give it one, not the machine's.
          'kafka:kubernetes': { enabled: true, context: 'test', kubeconfigPath: kubeconfig },
          'kafka:migrationSourcePassword': sourcePassword,
          'kafka:migrationTargetPassword': 'target-pw',
        }).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
      const { registrations } = await runUnderMocks(
        {
          project: 'kafka-platform',
          stack: 'test',
          config,
          secretKeys: ['kafka:migrationSourcePassword', 'kafka:migrationTargetPassword'],
          ...offlineMocks(localBackend),
        },
        () => program(),
      );
      const d = registrations.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && !r.read);
      const spec = d!.inputs.spec as { template: { metadata: { annotations: Record<string, string> } } };
      return spec.template.metadata.annotations['kafka-platform/config-hash'];
    };
    try {
      const first = await hash('old-secret-1');
      assert.match(first ?? '', /^[0-9a-f]{16}$/);
      assert.equal(await hash('old-secret-1'), first);
      assert.notEqual(await hash('old-secret-2'), first);
    } finally {
      fs.rmSync(kubeconfigDir, { recursive: true, force: true });
    }
  });

  it('refuses a MirrorMaker namespace that holds services or is built in, before registering anything', async () => {
    for (const [namespace, what] of [
      ['default', 'is a built-in namespace'],
      ['kube-system', 'is a built-in namespace'],
    ]) {
      await assert.rejects(
        planWith({ ...withMigration, 'kafka:migration': { ...withMigration['kafka:migration'], namespace } }),
        (err: unknown) =>
          err instanceof ValidationError &&
          err.message.includes(
            `kafka:migration.namespace: "${namespace}" ${what}: MirrorMaker 2 gets a namespace of its own`,
          ),
      );
    }
    const catalog = writeCatalog(
      'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - { name: s, namespace: team-a, produces: [a] }\n',
    );
    await assert.rejects(
      planWith({
        ...withMigration,
        'kafka:catalog': catalog,
        'kafka:migration': { ...withMigration['kafka:migration'], namespace: 'team-a' },
      }),
      /kafka:migration.namespace: "team-a" is the namespace of catalog services/,
    );
  });

  it('removing kafka:migration removes MirrorMaker 2', async () => {
    const plan = await planWith(base);
    assert.equal(resourcesOfType(plan, MM).length, 0);
    assert.ok(!plan.resources.some((r) => r.parent === PARENT));
    assert.equal(createdOfType(plan, 'kubernetes:apps/v1:Deployment').length, 0);
    assert.equal(plan.outputs.migration, undefined);
  });
});
