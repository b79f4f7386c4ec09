import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lookUpDeployments, missingDeploymentProblems } from '../../k8s/deploymentCheck';
import { kubeReader, KubeReader } from '../../k8s/kubeApi';
import { kubeconfigFiles } from '../../k8s/kubeconfigContext';
import { KubeApiServer, startKubeApiServer } from '../harness/kubeApiServer';

const DEPLOYMENT = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders-api, namespace: shop }
spec:
  selector: { matchLabels: { app: orders-api } }
  template:
    metadata: { labels: { app: orders-api } }
    spec: { containers: [{ name: api, image: registry.example/orders-api:1 }] }
`;

const SERVICES = [
  { name: 'orders-api', namespace: 'shop', deployment: 'orders-api' },
  { name: 'ghost', namespace: 'shop', deployment: 'ghost-worker' },
  { name: 'billing-worker', namespace: 'billing', deployment: 'billing-worker' },
];
const settings = {
  enabled: true,
  mode: 'cluster' as const,
  patchDeployments: true,
  createNamespaces: false,
};

/**
 * Preview asks the cluster (a real kube-apiserver on loopback) which Deployments the stack would
 * patch are missing, through the kubeconfig the Kubernetes provider reads, and says so in our words.
 */
describe('missing Deployments, asked of a real API server', { timeout: 300_000 }, () => {
  let api: KubeApiServer;
  let admin: KubeReader;

  before(async () => {
    api = await startKubeApiServer();
    await api.kubectl(['apply', '-f', '-'], { input: DEPLOYMENT });
    admin = kubeReader(kubeconfigFiles({ kubeconfigPath: api.admin.kubeconfig }), 'local')!;
    assert.ok(admin, 'a reader for the admin kubeconfig');
  });
  after(async () => {
    await api?.stop();
  });

  it('names the missing Deployment, its namespace, the context and the setting; the existing one passes', async () => {
    const lookups = await lookUpDeployments(admin, SERVICES);
    assert.deepEqual(
      lookups.map((l) => [l.service.name, l.namespace, l.deployment]),
      [
        ['orders-api', 200, 200],
        ['ghost', 200, 404],
        ['billing-worker', 404, 404],
      ],
    );
    const problems = missingDeploymentProblems(settings, admin.context, lookups, 'msk');
    assert.deepEqual(
      problems.map((p) => `${p.where}: ${p.message}`),
      [
        'kafka:kubernetes.patchDeployments: Deployment "ghost-worker" does not exist in namespace "shop" ' +
          '(context "local"), so service ghost\'s Kafka env has nothing to go into: deploy it first, correct the ' +
          "catalog's `deployment` of service ghost, or `pulumi config set --path kafka:kubernetes.patchDeployments " +
          'false` (ConfigMaps and Secrets only)',
        'kafka:kubernetes.createNamespaces: namespace "billing" (service billing-worker) does not exist in ' +
          'context "local": create it, or set `pulumi config set --path kafka:kubernetes.createNamespaces true`',
      ],
    );
    // With namespaces created by the stack, the Deployment in the new namespace is what is missing.
    const created = missingDeploymentProblems(
      { ...settings, createNamespaces: true },
      'local',
      lookups,
      'local',
    );
    assert.deepEqual(
      created.map((p) => p.message.split(',')[0]),
      [
        'Deployment "ghost-worker" does not exist in namespace "shop" (context "local")',
        'Deployment "billing-worker" does not exist in namespace "billing" (context "local")',
      ],
    );
    assert.match(
      created[0]!.message,
      /or `pulumi config rm --path kafka:kubernetes\.context` \(Compose and host runs only\)$/,
    );
  });

  it('an identity that may not read Deployments gets no verdict: the provider reports what it lacks', async () => {
    const nobody = await api.user('nobody', []);
    const reader = kubeReader(kubeconfigFiles({ kubeconfigPath: nobody.kubeconfig }), 'local')!;
    const lookups = await lookUpDeployments(reader, SERVICES);
    assert.deepEqual(
      lookups.map((l) => l.deployment),
      [403, 403, 403],
    );
    assert.deepEqual(missingDeploymentProblems(settings, 'local', lookups, 'msk'), []);
  });

  it('an unknown context or an unreachable server gives no reader or no answer, never a wrong verdict', async () => {
    assert.equal(
      kubeReader(kubeconfigFiles({ kubeconfigPath: api.admin.kubeconfig }), 'elsewhere'),
      undefined,
    );
    const stopped = kubeReader(
      [
        {
          path: '/nonexistent/kubeconfig',
          text: JSON.stringify({
            clusters: [
              { name: 'c', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } },
            ],
            users: [{ name: 'u', user: { token: 'x' } }],
            contexts: [{ name: 'gone', context: { cluster: 'c', user: 'u' } }],
          }),
        },
      ],
      'gone',
    )!;
    const lookups = await lookUpDeployments(stopped, SERVICES.slice(0, 1));
    assert.deepEqual(lookups[0]!.deployment, undefined);
    assert.deepEqual(missingDeploymentProblems(settings, 'gone', lookups, 'msk'), []);
  });
});
