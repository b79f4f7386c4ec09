import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { renderedManifests, RenderedManifest } from '../../../plan/manifests';
import { Plan } from '../../../plan/plan';
import { renderJson } from '../../../plan/render';
import { SECRET_PLACEHOLDER } from '../../../plan/stackConfig';
import { committedStackConfig, PROJECT_DIR, planWith, writeCatalog } from '../../harness/plan';

const VALIDATOR = path.join(PROJECT_DIR, 'scripts', 'k8s-schema-validator.sh');

/** Runs the offline schema validator (kubernetes-validate's bundled schemas) over a directory. */
function validate(dir: string): { status: number; out: string } {
  const r = spawnSync('bash', [VALIDATOR, '--kubernetes-version', '1.33', dir], { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function writeManifests(manifests: RenderedManifest[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-rendered-'));
  for (const m of manifests) {
    const file = path.join(dir, m.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, stringify(m.manifest));
  }
  return dir;
}

const CATALOG = `
topics:
  - { name: orders, partitions: 3 }
services:
  - name: backend-api
    namespace: shop
    deployment: backend-api
    container: api
    produces: [orders]
  - name: worker
    namespace: shop
    deployment: worker
    containers: [worker, metrics]
    consumes: [{ topic: orders, group: worker }]
  - name: reporter
    namespace: default
    consumes: [{ topic: orders, group: reporter }]
`;

/** A SASL stack in render mode: the user name is plain config, the password an encrypted one. */
const renderStack = (kubernetes: Record<string, unknown>) => ({
  'kafka:provider': 'local',
  'kafka:catalog': writeCatalog(CATALOG),
  'kafka:local': {
    bootstrapServers: 'kafka.internal:9093',
    tls: true,
    sasl: { mechanism: 'scram-sha-512', username: 'render-test-user' },
  },
  'kafka:localSaslPassword': { secure: 'v1:AAAAencrypted' },
  'kafka:kubernetes': { mode: 'render', ...kubernetes },
});

describe('render mode: manifests written instead of applied', () => {
  before(() => {
    // Installs kubernetes-validate into .cache/ on first use (PyPI), then works offline.
    execFileSync('bash', [VALIDATOR, '--help'], { stdio: 'ignore' });
  });

  let plan: Plan;
  let manifests: RenderedManifest[];
  before(async () => {
    plan = await planWith(
      renderStack({
        renderSecretsDirectory: 'rendered/secrets',
        createNamespaces: true,
        serviceAccounts: 'create',
      }),
      'gitops',
    );
    manifests = renderedManifests(plan);
  });

  it('renders every Kubernetes object to the provider paths, Secrets apart below the ignored directory', () => {
    assert.deepEqual(manifests.map((m) => m.path).sort(), [
      'rendered/gitops/manifests/1-manifest/apps_v1-deployment-shop-backend-api.yaml',
      'rendered/gitops/manifests/1-manifest/apps_v1-deployment-shop-worker.yaml',
      'rendered/gitops/manifests/1-manifest/v1-configmap-default-reporter-kafka.yaml',
      'rendered/gitops/manifests/1-manifest/v1-configmap-shop-backend-api-kafka.yaml',
      'rendered/gitops/manifests/1-manifest/v1-configmap-shop-worker-kafka.yaml',
      'rendered/gitops/manifests/1-manifest/v1-namespace-default-shop.yaml',
      'rendered/gitops/manifests/1-manifest/v1-serviceaccount-default-reporter.yaml',
      'rendered/gitops/manifests/1-manifest/v1-serviceaccount-shop-backend-api.yaml',
      'rendered/gitops/manifests/1-manifest/v1-serviceaccount-shop-worker.yaml',
      'rendered/secrets/1-manifest/v1-secret-default-reporter-kafka.yaml',
      'rendered/secrets/1-manifest/v1-secret-shop-backend-api-kafka.yaml',
      'rendered/secrets/1-manifest/v1-secret-shop-worker-kafka.yaml',
    ]);
    assert.equal(
      manifests.filter((m) => m.patch).length,
      2,
      'the Deployment patches are server-side-apply configurations',
    );
  });

  it('validates every rendered manifest against the Kubernetes OpenAPI schemas, offline', () => {
    const dir = writeManifests(manifests);
    try {
      const { status, out } = validate(dir);
      assert.equal(status, 0, out);
      assert.match(out, new RegExp(`^${manifests.length} passed, 0 failed$`, 'm'));
      assert.equal((out.match(/\(apply patch, /g) ?? []).length, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the validator rejects what the API server would: unknown fields, wrong types, missing required fields', () => {
    const patch = manifests.find((m) => m.patch)!;
    const configMap = manifests.find((m) => m.manifest.kind === 'ConfigMap')!;
    type PodTemplate = { template: { spec: { containers: Record<string, unknown>[] } } };
    const typo = structuredClone(patch);
    const typoContainer = (typo.manifest.spec as PodTemplate).template.spec.containers[0]!;
    typoContainer.envfrom = typoContainer.envFrom;
    delete typoContainer.envFrom;
    const badType = structuredClone(configMap);
    badType.manifest.data = { KAFKA_PARTITIONS: 3 };
    // Without its field-manager annotation the patch is checked as a whole Deployment: no selector.
    const notAPatch = structuredClone(patch);
    delete (notAPatch.manifest.metadata as { annotations?: unknown }).annotations;
    for (const [what, bad] of [
      ['envfrom', typo],
      ['data.KAFKA_PARTITIONS', badType],
      ['a Deployment without selector and image', notAPatch],
    ] as const) {
      const dir = writeManifests([bad]);
      try {
        const { status, out } = validate(dir);
        assert.equal(status, 1, `${what} should be rejected:\n${out}`);
        assert.match(out, /^0 passed, 1 failed$/m);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('writes no credential to the manifests meant for the repository', () => {
    const committed = manifests.filter((m) => !m.path.startsWith('rendered/secrets/'));
    assert.ok(!committed.some((m) => m.manifest.kind === 'Secret'));
    const text = committed.map((m) => stringify(m.manifest)).join('\n');
    for (const credential of [SECRET_PLACEHOLDER, 'render-test-user', '[secret]']) {
      assert.ok(!text.includes(credential), `committed manifests contain ${credential}`);
    }
  });

  it('leaves Secrets out entirely unless a directory below rendered/ is given', async () => {
    const withoutSecrets = renderedManifests(await planWith(renderStack({}), 'gitops'));
    assert.ok(withoutSecrets.length > 0);
    assert.ok(!withoutSecrets.some((m) => m.manifest.kind === 'Secret'));
    assert.ok(withoutSecrets.every((m) => m.path.startsWith('rendered/gitops/manifests/1-manifest/')));
  });

  it('keeps the mock credentials out of the whole plan output', () => {
    const json = renderJson(plan);
    assert.ok(!json.includes(SECRET_PLACEHOLDER));
    assert.ok(!json.includes('render-test-user'));
  });
});

describe('cluster mode: what `npm run plan` shows for the committed stacks', () => {
  it('local with a local cluster (one setting): one Deployment patch per catalog Deployment, namespace and Deployments looked up, nothing rendered', async () => {
    const committed = committedStackConfig('local');
    const plan = await planWith(
      { ...committed, 'kafka:kubernetes': { context: 'kind-kafka-platform' } },
      'local',
    );
    const patches = plan.resources.filter((r) => r.type === 'kubernetes:apps/v1:DeploymentPatch');
    assert.deepEqual(
      patches.map((p) => p.name),
      ['backend-api-env', 'ml-service-env'],
    );
    assert.deepEqual(
      plan.resources.filter((r) => r.read).map((r) => `${r.type} ${r.inputs.id}`),
      [
        'kubernetes:core/v1:Namespace default',
        'kubernetes:apps/v1:Deployment default/backend-api',
        'kubernetes:apps/v1:Deployment default/ml-service',
      ],
    );
    assert.deepEqual(renderedManifests(plan), []);
    const outputs = plan.outputs.services as Record<
      string,
      { connectionHash?: string; containers?: string[] }
    >;
    assert.deepEqual(outputs['backend-api']?.containers, ['backend-api']);
    assert.match(outputs['backend-api']?.connectionHash ?? '', /^[0-9a-f]{64}$/);
  });
});
