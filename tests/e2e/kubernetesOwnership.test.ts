import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import type { Stack } from '@pulumi/pulumi/automation';
import { stringify } from 'yaml';
import { deliverToKubernetes } from '../../k8s/delivery';
import { kubernetesProviders } from '../../k8s/provider';
import { KubernetesSettings } from '../../k8s/settings';
import { BackendResult } from '../../providers/backend';
import { Catalog } from '../../topics/catalog';
import { DEFAULT_DNS_EGRESS, k8sSettings } from '../harness/delivery';
import { E2eStack, EngineError } from '../harness/engine';
import { KubeObject } from '../harness/kubeApiServer';
import {
  KubeLab,
  localBackendConfig,
  newLocalStack,
  ownedFields,
  startKubeLab,
  teamDeployment,
} from '../harness/kubeLab';

/**
 * Who owns what on a real API server: namespaces the stack creates, a Deployment whose envFrom
 * another field manager (a GitOps controller) already owns, brokers outside the cluster reached by
 * CIDR, and the cloud identity on a team's ServiceAccount. Real engine, real Kubernetes provider,
 * real kube-apiserver with its controllers; the kubelet stand-in reports pods Ready.
 */
describe('Kubernetes ownership on a real API server', { timeout: 1_800_000 }, () => {
  let lab: KubeLab;

  before(async () => {
    lab = await startKubeLab();
  });

  after(async () => {
    await lab?.stop();
  });

  const apply = (manifest: string, args: string[] = []) =>
    lab.api.kubectl(['apply', ...args, '-f', '-'], { input: manifest });
  const get = async (kind: string, name: string, namespace = '') => {
    const obj = await lab.api.getJson(kind, name, namespace);
    assert.ok(obj, `${kind} ${namespace}/${name} does not exist`);
    return obj;
  };
  const podTemplate = (d: KubeObject) =>
    (
      d.spec as {
        template: {
          metadata: { labels?: Record<string, string> };
          spec: { containers: { name: string; envFrom?: unknown[] }[] };
        };
      }
    ).template;
  const failure = (p: Promise<unknown>, what: string) =>
    p.then(
      () => assert.fail(what),
      (err: unknown) => err as EngineError,
    );

  describe('created namespaces, a field another manager owns, brokers by CIDR', () => {
    let stack: E2eStack;
    let catalogFile: string;
    const LEDGER_MANAGER = 'kafka-platform-env-ledger';

    /** The GitOps controller's manifest of the ledger service: it sets envFrom itself. */
    const LEDGER = teamDeployment({
      name: 'ledger',
      namespace: 'ledger',
      containers: [
        {
          name: 'app',
          image: 'registry.example/ledger:3',
          envFrom: [{ configMapRef: { name: 'ledger-settings' } }],
        },
      ],
    });

    const configure = async (o: { deployment: boolean; forceConflicts?: boolean }) => {
      writeFileSync(
        catalogFile,
        stringify({
          topics: [{ name: 'ledger', partitions: 1 }],
          services: [
            {
              name: 'ledger',
              namespace: 'ledger',
              ...(o.deployment ? { deployment: 'ledger', container: 'app' } : {}),
              produces: ['ledger'],
            },
            { name: 'audit', namespace: 'audit', consumes: [{ topic: 'ledger', group: 'audit' }] },
          ],
        }),
      );
      await stack.configure({
        ...localBackendConfig(lab),
        'kafka:catalog': catalogFile,
        'kafka:kubernetes': {
          kubeconfigPath: lab.api.admin.kubeconfig,
          context: 'local',
          createNamespaces: true,
          networkPolicy: { brokerCidrs: ['10.20.0.0/16', 'fd00:10::/64'], brokerPorts: [9096] },
          ...(o.forceConflicts ? { forceConflicts: true } : {}),
        },
      });
    };

    before(async () => {
      stack = await newLocalStack(lab, 'owners');
      catalogFile = path.join(lab.dir, 'owners-catalog.yaml');
    });

    it('creates the services’ namespaces before the teams deploy, labelled as ours', async () => {
      await configure({ deployment: false });
      await stack.up();
      for (const ns of ['ledger', 'audit']) {
        const namespace = await get('namespace', ns);
        assert.equal(namespace.metadata.labels?.['app.kubernetes.io/managed-by'], 'pulumi');
        assert.equal(namespace.metadata.labels?.['app.kubernetes.io/part-of'], 'kafka-platform');
        assert.ok(await lab.api.getJson('configmap', `${ns}-kafka`, ns), `ConfigMap in ${ns}`);
      }
    });

    it('brokers outside the cluster: the egress policy allows their CIDRs on the given ports, and DNS', async () => {
      const policy = await get('networkpolicy', 'audit-kafka-egress', 'audit');
      // As stored after the API server's validation. No CNI runs here: nothing enforces it.
      assert.deepEqual(policy.spec, {
        podSelector: { matchLabels: { 'kafka-platform/service': 'audit' } },
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.20.0.0/16' } }, { ipBlock: { cidr: 'fd00:10::/64' } }],
            ports: [{ protocol: 'TCP', port: 9096 }],
          },
          DEFAULT_DNS_EGRESS,
        ],
      });
    });

    it('another field manager owns envFrom: up stops naming it and the field, and takes nothing', async () => {
      await apply(LEDGER, ['--server-side', '--field-manager=argocd-controller']);
      await configure({ deployment: true });
      const failed = await failure(stack.up(), 'up passed over a field another manager owns');
      assert.match(failed.output, /field manager "kafka-platform-env-ledger" had an apply conflict/);
      assert.match(
        failed.output,
        /conflict with "argocd-controller": \.spec\.template\.spec\.containers\[name="app"\]\.envFrom/,
      );
      const ledger = await get('deployment', 'ledger', 'ledger');
      assert.deepEqual(podTemplate(ledger).spec.containers[0]?.envFrom, [
        { configMapRef: { name: 'ledger-settings' } },
      ]);
      assert.deepEqual(ownedFields(ledger, LEDGER_MANAGER), [], 'nothing was applied');
    });

    it('forceConflicts takes envFrom over (the whole list: it is atomic) when the stack says so', async () => {
      await configure({ deployment: true, forceConflicts: true });
      await stack.up();
      const ledger = await get('deployment', 'ledger', 'ledger');
      assert.deepEqual(podTemplate(ledger).spec.containers[0]?.envFrom, [
        { configMapRef: { name: 'ledger-kafka' } },
        { secretRef: { name: 'ledger-kafka' } },
      ]);
      assert.ok(
        ownedFields(ledger, LEDGER_MANAGER).includes('spec.template.spec.containers[name=app].envFrom'),
      );
      assert.ok(
        !ownedFields(ledger, 'argocd-controller').includes('spec.template.spec.containers[name=app].envFrom'),
      );
      assert.equal(ledger.metadata.annotations?.['pulumi.com/patchForce'], 'true');
    });

    it('destroy keeps the namespaces it created (and what the teams put in them)', async () => {
      await stack.destroy();
      for (const ns of ['ledger', 'audit']) {
        assert.ok(await lab.api.getJson('namespace', ns), `namespace ${ns} was deleted`);
        assert.equal(await lab.api.getJson('configmap', `${ns}-kafka`, ns), undefined);
        assert.equal(await lab.api.getJson('networkpolicy', `${ns}-kafka-egress`, ns), undefined);
      }
      const ledger = await get('deployment', 'ledger', 'ledger');
      // Ours is gone; theirs was replaced when it was forced, and comes back with their next sync.
      assert.equal(podTemplate(ledger).spec.containers[0]?.envFrom, undefined);
      assert.deepEqual(ownedFields(ledger, LEDGER_MANAGER), []);
    });
  });

  describe('cloud identity on a team’s ServiceAccount (Azure workload identity)', () => {
    let stack: Stack;
    let settings: KubernetesSettings;
    const MANAGER = 'kafka-platform-identity-payments';
    const catalog: Catalog = {
      topics: [{ name: 'payments', partitions: 1, config: {} }],
      services: [
        {
          name: 'payments',
          namespace: 'payments',
          deployment: 'payments',
          container: 'app',
          produces: ['payments'],
          consumes: [],
        },
      ],
    };
    /**
     * What the Event Hubs backend hands over for Entra ID with workload identity. That backend
     * (and its Azure plugin) cannot run here: the identity values are given, the delivery is real.
     */
    const azure: BackendResult = {
      connection: {
        bootstrapServers: 'payments-ns.servicebus.windows.net:9093',
        securityProtocol: 'SASL_SSL',
        saslMechanism: 'OAUTHBEARER',
        oauthProvider: 'azure-entra',
      },
      access: {
        payments: {
          serviceAccountAnnotations: {
            'azure.workload.identity/client-id': '6f1c2d3e-0000-4000-8000-payments0001',
          },
          serviceAccountLabels: { 'azure.workload.identity/use': 'true' },
          podLabels: { 'azure.workload.identity/use': 'true' },
        },
      },
      topics: {},
      outputs: {},
    };

    before(async () => {
      settings = k8sSettings({ kubeconfigPath: lab.api.admin.kubeconfig, context: 'local' });
      // An inline program: the real delivery code, fed the backend's hand-over above.
      stack = await lab.engine.newInlineStack('identity', async () => {
        const delivered = deliverToKubernetes({
          settings,
          protect: false,
          catalog,
          backend: azure,
          providers: kubernetesProviders(settings, () => pulumi.secret('not used')),
        });
        return { services: delivered };
      });
      await apply('apiVersion: v1\nkind: Namespace\nmetadata: { name: payments }\n');
      await apply(
        teamDeployment({
          name: 'payments',
          namespace: 'payments',
          serviceAccount: 'payments',
          containers: [{ name: 'app', image: 'registry.example/payments:5' }],
        }),
      );
    });

    /** An engine operation on the inline stack; a failure carries what the CLI printed. */
    const run = async (op: 'preview' | 'up' | 'destroy') => {
      let output = '';
      const opts = { onOutput: (t: string) => (output += t), onError: (t: string) => (output += t) };
      try {
        await (op === 'preview' ? stack.preview(opts) : op === 'up' ? stack.up(opts) : stack.destroy(opts));
      } catch (err) {
        throw new EngineError(output + ((err as { stderr?: string }).stderr ?? ''), err);
      }
      return output;
    };

    it('a ServiceAccount that does not exist stops the preview, named', async () => {
      const failed = await failure(run('preview'), 'preview passed without the ServiceAccount');
      assert.match(failed.output, /Preview failed: resource 'payments\/payments' does not exist/);
    });

    it('annotate: the team’s ServiceAccount gets the identity, pods the label; the team’s own fields stay', async () => {
      await apply(`
apiVersion: v1
kind: ServiceAccount
metadata: { name: payments, namespace: payments, annotations: { team.example/owner: payments } }
`);
      await run('up');
      const account = await get('serviceaccount', 'payments', 'payments');
      assert.equal(
        account.metadata.annotations?.['azure.workload.identity/client-id'],
        '6f1c2d3e-0000-4000-8000-payments0001',
      );
      assert.equal(account.metadata.labels?.['azure.workload.identity/use'], 'true');
      assert.equal(account.metadata.annotations?.['team.example/owner'], 'payments');
      assert.deepEqual(ownedFields(account, MANAGER), [
        'metadata.annotations.azure.workload.identity/client-id',
        `metadata.annotations.pulumi.com/patchFieldManager`,
        'metadata.labels.azure.workload.identity/use',
      ]);
      const deployment = await get('deployment', 'payments', 'payments');
      assert.equal(podTemplate(deployment).metadata.labels?.['azure.workload.identity/use'], 'true');
    });

    it('serviceAccounts: none gives the identity back: annotation and label removed, the account kept', async () => {
      settings.serviceAccounts = 'none';
      await run('up');
      const account = await get('serviceaccount', 'payments', 'payments');
      assert.equal(account.metadata.annotations?.['azure.workload.identity/client-id'], undefined);
      assert.equal(account.metadata.labels?.['azure.workload.identity/use'], undefined);
      assert.equal(account.metadata.annotations?.['team.example/owner'], 'payments');
      assert.deepEqual(ownedFields(account, MANAGER), []);
      await run('destroy');
      const deployment = await get('deployment', 'payments', 'payments');
      assert.equal(podTemplate(deployment).metadata.labels?.['azure.workload.identity/use'], undefined);
      assert.equal(podTemplate(deployment).spec.containers[0]?.envFrom, undefined);
    });
  });
});
