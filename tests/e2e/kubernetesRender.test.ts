import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { renderedManifests } from '../../plan/manifests';
import { SECRET } from '../../plan/plan';
import { E2eStack, Engine, hasKubernetesPlugin, startEngine } from '../harness/engine';
import { makeTempDir, REPO_ROOT, RunningKafka, startKafka } from '../harness/kafka';
import { planWith } from '../harness/plan';

/**
 * Render mode (kafka:kubernetes.mode: render) run by the real engine with the real Kubernetes
 * provider plugin: the manifests it writes are the ones the offline plan shows, Secrets included
 * (with their real values, which the plan masks), in the directories the plan names.
 */
describe('Kubernetes render mode under the real Pulumi engine', { timeout: 600_000 }, () => {
  let kafka: RunningKafka;
  let engine: Engine;
  let stack: E2eStack;
  let config: Record<string, unknown>;

  before(async () => {
    assert.ok(
      hasKubernetesPlugin(),
      'the Kubernetes provider plugin is missing: bash scripts/pulumi-engine.sh',
    );
    kafka = await startKafka({ sasl: true });
    engine = await startEngine();
    const dir = await makeTempDir('e2e-render-');
    writeFileSync(path.join(dir, 'ca.pem'), kafka.caPem!);
    writeFileSync(
      path.join(dir, 'catalog.yaml'),
      stringify({
        topics: [{ name: 'orders', partitions: 2 }],
        services: [
          {
            name: 'backend-api',
            namespace: 'shop',
            deployment: 'backend-api',
            container: 'api',
            produces: ['orders'],
          },
          { name: 'reporter', namespace: 'default', consumes: [{ topic: 'orders', group: 'reporter' }] },
        ],
      }),
    );
    stack = await engine.newStack('render');
    config = {
      'kafka:provider': 'local',
      'kafka:catalog': path.join(dir, 'catalog.yaml'),
      'kafka:local': {
        bootstrapServers: kafka.saslBootstrap,
        clientBootstrapServers: 'kafka.shop.svc:9093',
        tls: true,
        caFile: path.join(dir, 'ca.pem'),
        sasl: { mechanism: 'scram-sha-512', username: kafka.admin.name },
        defaultReplicationFactor: 1,
      },
      'kafka:kubernetes': {
        mode: 'render',
        renderSecretsDirectory: `rendered/${stack.name}-secrets`,
        createNamespaces: true,
        serviceAccounts: 'create',
      },
    };
    await stack.configure(config);
    await stack.setSecrets({ 'kafka:localSaslPassword': kafka.admin.password });
  });

  after(async () => {
    await engine?.close();
    if (stack) {
      rmSync(path.join(REPO_ROOT, 'rendered', stack.name), { recursive: true, force: true });
      rmSync(path.join(REPO_ROOT, 'rendered', `${stack.name}-secrets`), { recursive: true, force: true });
    }
    await kafka?.stop();
  });

  it('writes exactly the manifests the offline plan shows', async () => {
    await stack.up();
    const all = filesUnder(path.join(REPO_ROOT, 'rendered'))
      .map((f) => path.relative(REPO_ROOT, f))
      .filter(
        (f) => f.startsWith(`rendered/${stack.name}/`) || f.startsWith(`rendered/${stack.name}-secrets/`),
      )
      .sort();
    // Large stack outputs (dashboard, rules) are written beside the manifests, never as manifests.
    const outputs = `rendered/${stack.name}/outputs/`;
    assert.ok(
      all.some((f) => f.startsWith(outputs)),
      `the stack's large outputs are written under ${outputs}`,
    );
    const written = all.filter((f) => !f.startsWith(outputs));
    const plan = await planWith(
      { ...config, 'kafka:localSaslPassword': { secure: 'v1:AAAAencrypted' } },
      stack.name,
    );
    const planned = renderedManifests(plan);
    assert.deepEqual(written, planned.map((m) => m.path).sort());

    for (const m of planned) {
      const actual = parse(readFileSync(path.join(REPO_ROOT, m.path), 'utf8')) as Record<string, unknown>;
      if (m.manifest.kind === 'Secret') {
        // Same keys; the plan masks the values, the rendered Secret holds the real ones.
        const data = actual.data as Record<string, string>;
        assert.deepEqual(Object.keys(data).sort(), Object.keys(m.manifest.data as object).sort(), m.path);
        assert.equal(Buffer.from(data.KAFKA_SASL_PASSWORD!, 'base64').toString(), kafka.admin.password);
        assert.deepEqual({ ...actual, data: undefined }, { ...m.manifest, data: undefined }, m.path);
      } else {
        // The rollout hash is keyed with the real credentials, which the plan replaces by a marker.
        assert.deepEqual(withoutHash(actual), withoutHash(m.manifest), m.path);
        assert.ok(!JSON.stringify(actual).includes(kafka.admin.password), `password in ${m.path}`);
        assert.ok(!JSON.stringify(m.manifest).includes(SECRET), `secret marker in ${m.path}`);
      }
    }
  });
});

const HASH = 'kafka-platform/connection-hash';

/** The manifest without the pod template's rollout hash, after checking it is one. */
function withoutHash(manifest: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(manifest);
  const template = (
    copy.spec as { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined
  )?.template;
  const annotations = template?.metadata?.annotations;
  if (annotations?.[HASH] !== undefined) {
    assert.match(annotations[HASH]!, /^[0-9a-f]{64}$/);
    delete annotations[HASH];
  }
  return copy;
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
  } catch {
    return [];
  }
}
