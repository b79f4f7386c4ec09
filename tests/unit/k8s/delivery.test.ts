import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { connectionHash } from '../../../k8s/connectionHash';
import { Registration } from '../../../plan/mockRuntime';
import { coreOfflineMocks } from '../../../plan/mockState';
import { redact } from '../../../plan/plan';
import { renderedManifests } from '../../../plan/manifests';
import { BackendResult, Connection, ServiceAccess } from '../../../providers/backend';
import { ROLLOUT_SALT_TYPE } from '../../../k8s/rolloutSalt';
import { Catalog } from '../../../topics/catalog';
import { KubernetesSettings, NetworkPolicySettings } from '../../../k8s/settings';
import { DEFAULT_DNS_EGRESS, deliverUnderMocks, k8sSettings, resolved } from '../../harness/delivery';

const PATCH = 'kubernetes:apps/v1:DeploymentPatch';
const CONFIG_MAP = 'kubernetes:core/v1:ConfigMap';
const SECRET = 'kubernetes:core/v1:Secret';
const SA = 'kubernetes:core/v1:ServiceAccount';
const SA_PATCH = 'kubernetes:core/v1:ServiceAccountPatch';
const NAMESPACE = 'kubernetes:core/v1:Namespace';
const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
const NETWORK_POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';
const MOCK_SALT = coreOfflineMocks().computed[ROLLOUT_SALT_TYPE]!({} as never).salt as string;

const catalog: Catalog = {
  topics: [{ name: 'orders', partitions: 3, config: {} }],
  services: [
    {
      name: 'backend-api',
      namespace: 'shop',
      deployment: 'backend-api',
      container: 'api',
      produces: ['orders'],
      consumes: [],
    },
    {
      name: 'worker',
      namespace: 'shop',
      deployment: 'worker',
      containers: ['worker', 'metrics-sidecar'],
      serviceAccount: 'worker-sa',
      produces: [],
      consumes: [{ topic: 'orders', group: 'worker' }],
    },
    // No deployment: gets its ConfigMap and Secret, references them itself.
    {
      name: 'reporter',
      namespace: 'analytics',
      produces: [],
      consumes: [{ topic: 'orders', group: 'reporter' }],
    },
  ],
};

/** Credential values that must never show up outside a Secret. */
const USER = 'mock-user-5e1f0c';
const PASSWORD = 'mock-password-9b7d2a41';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function backend(connection: Connection, access: (service: string) => ServiceAccess): BackendResult {
  return {
    connection,
    access: Object.fromEntries(catalog.services.map((s) => [s.name, access(s.name)])),
    topics: {},
    outputs: {},
  };
}

const scram = (password = PASSWORD, brokers = 'b-1.example:9096,b-2.example:9096') =>
  backend(
    { bootstrapServers: brokers, securityProtocol: 'SASL_SSL', saslMechanism: 'SCRAM-SHA-512' },
    (s) => ({
      username: pulumi.secret(`${USER}-${s}`),
      password: pulumi.secret(`${password}-${s}`),
    }),
  );

/** A fake of what the MSK backend hands over for IAM auth with EKS IRSA (built in parallel). */
const mskIam = () =>
  backend(
    {
      bootstrapServers: 'b-1.msk.eu-west-1.amazonaws.com:9098',
      securityProtocol: 'SASL_SSL',
      saslMechanism: 'OAUTHBEARER',
      oauthProvider: 'aws-msk-iam',
      extraEnv: { AWS_REGION: 'eu-west-1' },
    },
    (s) => ({
      serviceAccountAnnotations: {
        'eks.amazonaws.com/role-arn': pulumi.output(`arn:aws:iam::123456789012:role/kafka-${s}`),
      },
    }),
  );

/** A fake of what the Event Hubs backend hands over for Entra ID with Azure workload identity. */
const azureWorkloadIdentity = () =>
  backend(
    {
      bootstrapServers: 'shop.servicebus.windows.net:9093',
      securityProtocol: 'SASL_SSL',
      saslMechanism: 'OAUTHBEARER',
      oauthProvider: 'azure-entra',
    },
    (s) => ({
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': `client-id-of-${s}` },
      serviceAccountLabels: { 'azure.workload.identity/use': 'true' },
      podLabels: { 'azure.workload.identity/use': 'true' },
    }),
  );

const ofType = (rs: Registration[], type: string) => rs.filter((r) => r.type === type);
const named = (rs: Registration[], type: string, name: string) => {
  const r = rs.find((x) => x.type === type && x.name === name);
  assert.ok(r, `no ${type} named ${name}`);
  return r;
};
/** The plain value of a secret-wrapped input (as the mock runtime records it). */
function unwrap(v: unknown): unknown {
  if (v && typeof v === 'object' && (v as Record<string, unknown>)[pulumi.runtime.specialSigKey]) {
    return (v as { value: unknown }).value;
  }
  return v;
}

describe('Deployment env patches', () => {
  it('give each patched Deployment exactly envFrom on the named containers and the hash annotation', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    const patches = ofType(registrations, PATCH);
    assert.deepEqual(patches.map((p) => p.name).sort(), ['backend-api-env', 'worker-env']);

    const hashOf = (service: string) => {
      const data = named(registrations, CONFIG_MAP, `${service}-config`).inputs.data as Record<
        string,
        string
      >;
      return connectionHash(
        { ...data, KAFKA_SASL_USERNAME: `${USER}-${service}`, KAFKA_SASL_PASSWORD: `${PASSWORD}-${service}` },
        MOCK_SALT,
      );
    };
    const envFrom = (service: string) => [
      { configMapRef: { name: `${service}-kafka` } },
      { secretRef: { name: `${service}-kafka` } },
    ];
    const expected = (service: string, containers: string[]) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: service,
        namespace: 'shop',
        annotations: { 'pulumi.com/patchFieldManager': `kafka-platform-env-${service}` },
      },
      spec: {
        template: {
          metadata: { annotations: { 'kafka-platform/connection-hash': hashOf(service) } },
          spec: { containers: containers.map((name) => ({ name, envFrom: envFrom(service) })) },
        },
      },
    });
    assert.deepEqual(named(registrations, PATCH, 'backend-api-env').inputs, expected('backend-api', ['api']));
    assert.deepEqual(
      named(registrations, PATCH, 'worker-env').inputs,
      expected('worker', ['worker', 'metrics-sidecar']),
    );
  });

  it('load only the ConfigMap when the backend issues no credentials', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, mskIam());
    assert.equal(ofType(registrations, SECRET).length, 0);
    const containers = (
      named(registrations, PATCH, 'backend-api-env').inputs.spec as never as {
        template: { spec: { containers: { envFrom: unknown[] }[] } };
      }
    ).template.spec.containers;
    assert.deepEqual(containers[0]?.envFrom, [{ configMapRef: { name: 'backend-api-kafka' } }]);
    const data = named(registrations, CONFIG_MAP, 'backend-api-config').inputs.data as Record<string, string>;
    assert.equal(data.AWS_REGION, 'eu-west-1', 'MSK IAM token signing needs the region');
    assert.equal(data.KAFKA_OAUTH_PROVIDER, 'aws-msk-iam');
  });

  it('are applied after the settings and identity they load, each by its own field manager', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, mskIam());
    const component = named(registrations, 'kafka-platform:k8s:DeploymentEnv', 'backend-api');
    assert.deepEqual(component.dependsOn.sort(), [
      // Depending on a component means depending on its children.
      'kubernetes:core/v1:ConfigMap::backend-api-config',
      'kubernetes:core/v1:ServiceAccount::backend-api-serviceaccount',
      'kubernetes:core/v1:ServiceAccountPatch::backend-api-sa',
    ]);
    const managers = ofType(registrations, PATCH).map(
      (p) =>
        (p.inputs.metadata as { annotations: Record<string, string> }).annotations[
          'pulumi.com/patchFieldManager'
        ],
    );
    assert.equal(new Set(managers).size, managers.length);
  });

  it('look each Deployment up first in cluster mode, so a missing one stops the preview naming it', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    assert.deepEqual(
      ofType(registrations, DEPLOYMENT).map((d) => [d.name, d.read, d.inputs.id]),
      [
        ['backend-api-deployment', true, 'shop/backend-api'],
        ['worker-deployment', true, 'shop/worker'],
      ],
    );
    // (and on the hash key, through its annotation)
    assert.ok(
      named(registrations, PATCH, 'worker-env').dependsOn.includes(`${DEPLOYMENT}::worker-deployment`),
    );
  });

  it('wait for the rollout by default; the stack can shorten or skip the wait, or force conflicts', async () => {
    const annotations = async (settings: Partial<KubernetesSettings>) => {
      const { registrations } = await deliverUnderMocks(k8sSettings(settings), catalog, scram());
      return (named(registrations, PATCH, 'backend-api-env').inputs.metadata as { annotations: object })
        .annotations;
    };
    const manager = { 'pulumi.com/patchFieldManager': 'kafka-platform-env-backend-api' };
    assert.deepEqual(await annotations({}), manager, 'the provider’s defaults: wait 10 minutes, never force');
    assert.deepEqual(await annotations({ rolloutTimeoutSeconds: 120 }), {
      ...manager,
      'pulumi.com/timeoutSeconds': '120',
    });
    assert.deepEqual(await annotations({ waitForRollout: false, rolloutTimeoutSeconds: 120 }), {
      ...manager,
      'pulumi.com/skipAwait': 'true',
    });
    assert.deepEqual(await annotations({ forceConflicts: true }), {
      ...manager,
      'pulumi.com/patchForce': 'true',
    });
  });

  it('are skipped when the stack says services reference their Secret themselves', async () => {
    const { registrations, delivered } = await deliverUnderMocks(
      k8sSettings({ patchDeployments: false }),
      catalog,
      scram(),
    );
    assert.equal(ofType(registrations, PATCH).length, 0);
    assert.equal(ofType(registrations, ROLLOUT_SALT_TYPE).length, 0, 'no hash key without patches');
    assert.equal(ofType(registrations, CONFIG_MAP).length, 3);
    assert.equal(ofType(registrations, SECRET).length, 3);
    assert.equal(delivered['backend-api']?.deployment, undefined);
  });
});

describe('rollouts: the connection hash', () => {
  async function hashes(b: BackendResult, c: Catalog = catalog): Promise<Record<string, string>> {
    const { delivered } = await deliverUnderMocks(k8sSettings(), c, b);
    const out: Record<string, string> = {};
    for (const [name, d] of Object.entries(delivered)) {
      if (d.connectionHash) out[name] = (await resolved(d.connectionHash)).value;
    }
    return out;
  }

  it('stays the same for an unchanged connection, so a re-run rolls nothing', async () => {
    assert.deepEqual(await hashes(scram()), await hashes(scram()));
  });

  it('changes for every service on a rotated password or a new broker list', async () => {
    const before = await hashes(scram());
    for (const after of [await hashes(scram('rotated')), await hashes(scram(PASSWORD, 'b-9.example:9096'))]) {
      assert.notEqual(after['backend-api'], before['backend-api']);
      assert.notEqual(after.worker, before.worker);
    }
  });

  it('does not change for what pods do not read (partitions, topic configs)', async () => {
    const grown: Catalog = {
      ...catalog,
      topics: [{ name: 'orders', partitions: 12, config: { 'retention.ms': '86400000' } }],
    };
    assert.deepEqual(await hashes(scram(), grown), await hashes(scram()));
  });

  it('changes only for the service whose credentials rotated', async () => {
    const before = await hashes(scram());
    const rotatedWorker = scram();
    rotatedWorker.access.worker = {
      ...rotatedWorker.access.worker,
      password: pulumi.secret('new-worker-pw'),
    };
    const after = await hashes(rotatedWorker);
    assert.equal(after['backend-api'], before['backend-api']);
    assert.notEqual(after.worker, before.worker);
  });

  it('is a plain (non-secret) stack output', async () => {
    const { delivered } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    const { value, secret } = await resolved(delivered['backend-api']!.connectionHash!);
    assert.equal(secret, false);
    assert.match(value, /^[0-9a-f]{64}$/);
  });
});

describe('the stack key of the hashes (RolloutSalt)', () => {
  it('runs as serialized into state: 32 random bytes at create, never a change afterwards', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    const [salt] = ofType(registrations, ROLLOUT_SALT_TYPE);
    const code = salt?.inputs.__provider;
    assert.equal(typeof code, 'string', 'the provider code travels in __provider');
    // What the dynamic provider host does with it (@pulumi/pulumi cmd/dynamic-provider).
    // Resolved from the SDK's own location: it is the SDK's dependency, not ours.
    const requireFromString = createRequire(require.resolve('@pulumi/pulumi'))('require-from-string') as (
      code: string,
    ) => { handler(): SaltProvider };
    type SaltProvider = {
      create(inputs: object): Promise<{ id: string; outs: { salt: string } }>;
      diff(id: string, olds: object, news: object): Promise<{ changes: boolean }>;
    };
    const provider = requireFromString(code as string).handler();
    const first = await provider.create({});
    const second = await provider.create({});
    assert.match(first.outs.salt, /^[0-9a-f]{64}$/);
    assert.notEqual(first.outs.salt, second.outs.salt, 'random per stack');
    assert.deepEqual(await provider.diff(first.id, first.outs, {}), { changes: false });
  });
});

describe('credentials stay in Secrets', () => {
  const credentialTexts = catalog.services.flatMap((s) => {
    const values = [`${USER}-${s.name}`, `${PASSWORD}-${s.name}`];
    return [...values, ...values.map(b64)];
  });

  it('appear in no ConfigMap, annotation, label, patch or output: only secret-wrapped in Secret data', async () => {
    const { registrations, delivered } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    for (const r of registrations) {
      const raw = JSON.stringify(r.inputs);
      const leaked = credentialTexts.filter((c) => raw.includes(c));
      if (r.type === SECRET) {
        const data = r.inputs.data as Record<string, unknown>;
        assert.equal(redact(data), '[secret]', 'Secret data is a Pulumi secret as a whole');
        assert.ok(leaked.length > 0, 'the Secret does carry its credentials');
      } else {
        assert.deepEqual(leaked, [], `${r.type} ${r.name} carries a credential`);
      }
      const redacted = JSON.stringify(redact(r.inputs));
      assert.deepEqual(
        credentialTexts.filter((c) => redacted.includes(c)),
        [],
        `${r.name} in plan output`,
      );
    }
    const outputs = JSON.stringify(
      await Promise.all(
        Object.values(delivered).map(async (d) => ({
          ...d,
          connectionHash: d.connectionHash ? (await resolved(d.connectionHash)).value : undefined,
        })),
      ),
    );
    assert.deepEqual(
      credentialTexts.filter((c) => outputs.includes(c)),
      [],
    );
    const secretData = unwrap(named(registrations, SECRET, 'worker-credentials').inputs.data) as Record<
      string,
      unknown
    >;
    assert.equal(unwrap(secretData.KAFKA_SASL_PASSWORD), b64(`${PASSWORD}-worker`));
  });
});

describe('cloud identity on ServiceAccounts', () => {
  it('MSK IAM with IRSA: annotates the existing ServiceAccount with the role ARN, nothing else', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, mskIam());
    // It must exist: looked up (a read) before the patch, which would otherwise create it.
    assert.deepEqual(
      ofType(registrations, SA)
        .map((r) => [r.name, r.read, r.inputs.id])
        .sort(),
      [
        ['backend-api-serviceaccount', true, 'shop/backend-api'],
        ['reporter-serviceaccount', true, 'analytics/reporter'],
        ['worker-serviceaccount', true, 'shop/worker-sa'],
      ],
    );
    assert.ok(named(registrations, SA_PATCH, 'worker-sa').dependsOn.includes(`${SA}::worker-serviceaccount`));
    const patches = ofType(registrations, SA_PATCH);
    assert.deepEqual(patches.map((p) => p.name).sort(), ['backend-api-sa', 'reporter-sa', 'worker-sa']);
    assert.deepEqual(named(registrations, SA_PATCH, 'worker-sa').inputs, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'worker-sa',
        namespace: 'shop',
        annotations: {
          'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/kafka-worker',
          'pulumi.com/patchFieldManager': 'kafka-platform-identity-worker',
        },
      },
    });
  });

  it('Event Hubs with Azure workload identity: creates the ServiceAccount with client id and label, labels the pods', async () => {
    const { registrations } = await deliverUnderMocks(
      k8sSettings({ serviceAccounts: 'create' }),
      catalog,
      azureWorkloadIdentity(),
    );
    assert.equal(ofType(registrations, SA_PATCH).length, 0);
    assert.deepEqual(named(registrations, SA, 'backend-api-sa').inputs, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'backend-api',
        namespace: 'shop',
        annotations: { 'azure.workload.identity/client-id': 'client-id-of-backend-api' },
        labels: {
          'app.kubernetes.io/managed-by': 'pulumi',
          'app.kubernetes.io/part-of': 'kafka-platform',
          'kafka-platform/service': 'backend-api',
          'azure.workload.identity/use': 'true',
        },
      },
    });
    const template = (
      named(registrations, PATCH, 'backend-api-env').inputs.spec as never as {
        template: { metadata: Record<string, unknown> };
      }
    ).template.metadata;
    assert.deepEqual(Object.keys(template).sort(), ['annotations', 'labels']);
    assert.deepEqual(template.labels, { 'azure.workload.identity/use': 'true' });
  });

  it('a backend without cloud identity (SASL/SCRAM) leaves existing ServiceAccounts alone', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    assert.equal(ofType(registrations, SA).length + ofType(registrations, SA_PATCH).length, 0);
  });

  it('serviceAccounts: none registers no ServiceAccount even when the backend has an identity', async () => {
    const { registrations } = await deliverUnderMocks(
      k8sSettings({ serviceAccounts: 'none' }),
      catalog,
      mskIam(),
    );
    assert.equal(ofType(registrations, SA).length + ofType(registrations, SA_PATCH).length, 0);
  });
});

describe('namespaces', () => {
  it('must exist by default: each is looked up (a read, never created)', async () => {
    const { registrations } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    const namespaces = ofType(registrations, NAMESPACE);
    assert.deepEqual(
      namespaces.map((n) => [n.name, n.read, n.inputs.id]),
      [
        ['namespaces-analytics', true, 'analytics'],
        ['namespaces-shop', true, 'shop'],
      ],
    );
    // A missing namespace fails its lookup before anything is written into it.
    const cm = named(registrations, 'kafka-platform:k8s:ServiceConnection', 'reporter');
    assert.deepEqual(cm.dependsOn, ['kubernetes:core/v1:Namespace::namespaces-analytics']);
  });

  it('are created when the stack asks, and only forgotten on delete', async () => {
    const { registrations } = await deliverUnderMocks(
      k8sSettings({ createNamespaces: true }),
      catalog,
      scram(),
    );
    const created = ofType(registrations, NAMESPACE).filter((n) => !n.read);
    assert.deepEqual(
      created.map((n) => [n.name, n.retainOnDelete, (n.inputs.metadata as { name: string }).name]),
      [
        ['namespaces-analytics', true, 'analytics'],
        ['namespaces-shop', true, 'shop'],
      ],
    );
  });
});

describe('network policies (opt-in)', () => {
  const dns = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };
  const withPolicy = (networkPolicy: NetworkPolicySettings) => k8sSettings({ networkPolicy });

  it('register none unless the stack opts in', async () => {
    const { registrations, delivered } = await deliverUnderMocks(k8sSettings(), catalog, scram());
    assert.equal(ofType(registrations, NETWORK_POLICY).length, 0);
    assert.equal(delivered.worker?.networkPolicy, undefined);
    const template = (
      named(registrations, PATCH, 'worker-env').inputs.spec as never as {
        template: { metadata: Record<string, unknown> };
      }
    ).template.metadata;
    assert.equal(template.labels, undefined, 'pods are not relabelled (and rolled) without a policy');
  });

  it('brokers outside the cluster: per service an egress policy to their CIDRs on the broker list’s ports, and DNS', async () => {
    const { registrations, delivered } = await deliverUnderMocks(
      withPolicy({ brokers: { cidrs: ['10.20.0.0/16', 'fd00:10::/64'] }, dns }),
      catalog,
      scram(),
    );
    assert.deepEqual(
      ofType(registrations, NETWORK_POLICY)
        .map((p) => p.name)
        .sort(),
      ['backend-api-egress', 'reporter-egress', 'worker-egress'],
    );
    assert.deepEqual(named(registrations, NETWORK_POLICY, 'worker-egress').inputs, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'worker-kafka-egress',
        namespace: 'shop',
        labels: {
          'app.kubernetes.io/managed-by': 'pulumi',
          'app.kubernetes.io/part-of': 'kafka-platform',
          'kafka-platform/service': 'worker',
        },
      },
      spec: {
        podSelector: { matchLabels: { 'kafka-platform/service': 'worker' } },
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.20.0.0/16' } }, { ipBlock: { cidr: 'fd00:10::/64' } }],
            ports: [{ protocol: 'TCP', port: 9096 }],
          },
          DEFAULT_DNS_EGRESS,
        ],
      },
    });
    assert.equal(delivered.reporter?.networkPolicy, 'reporter-kafka-egress');
  });

  it('brokers in the cluster: selected by namespace and pod labels, on the ports the stack names', async () => {
    const { registrations } = await deliverUnderMocks(
      withPolicy({
        brokers: { namespace: 'kafka', podLabels: { 'app.kubernetes.io/name': 'redpanda' } },
        brokerPorts: [9093, 9644],
        dns,
      }),
      catalog,
      scram(),
    );
    const spec = named(registrations, NETWORK_POLICY, 'backend-api-egress').inputs.spec as {
      egress: unknown[];
    };
    assert.deepEqual(spec.egress, [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redpanda' } },
          },
        ],
        ports: [
          { protocol: 'TCP', port: 9093 },
          { protocol: 'TCP', port: 9644 },
        ],
      },
      DEFAULT_DNS_EGRESS,
    ]);
  });

  it('select the service’s pods by a label the patch adds, and exist before the patch rolls them', async () => {
    const { registrations } = await deliverUnderMocks(
      withPolicy({ brokers: { cidrs: ['10.20.0.0/16'] }, dns }),
      catalog,
      azureWorkloadIdentity(),
    );
    const template = (
      named(registrations, PATCH, 'backend-api-env').inputs.spec as never as {
        template: { metadata: { labels: Record<string, string> } };
      }
    ).template.metadata;
    assert.deepEqual(template.labels, {
      'azure.workload.identity/use': 'true',
      'kafka-platform/service': 'backend-api',
    });
    const component = named(registrations, 'kafka-platform:k8s:DeploymentEnv', 'backend-api');
    assert.ok(component.dependsOn.includes(`${NETWORK_POLICY}::backend-api-egress`));
  });
});

describe('render mode', () => {
  const render = (renderSecretsDirectory?: string) =>
    k8sSettings({
      mode: 'render',
      renderDirectory: 'rendered/test/manifests',
      ...(renderSecretsDirectory ? { renderSecretsDirectory } : {}),
    });

  it('leaves Secrets out by default; nothing is looked up in a cluster', async () => {
    const { registrations } = await deliverUnderMocks(render(), catalog, scram());
    assert.equal(ofType(registrations, SECRET).length, 0);
    assert.equal(ofType(registrations, NAMESPACE).length, 0);
    assert.equal(ofType(registrations, DEPLOYMENT).length, 0);
    const patch = named(registrations, PATCH, 'worker-env').inputs.metadata as { annotations: object };
    assert.deepEqual(Object.keys(patch.annotations), ['pulumi.com/patchFieldManager'], 'no cluster waits');
    const providers = ofType(registrations, 'pulumi:providers:kubernetes');
    assert.deepEqual(
      providers.map((p) => p.inputs),
      [{ renderYamlToDirectory: 'rendered/test/manifests' }],
    );
    // Pods still load the Secret by name: the GitOps side must supply it (sealed, external, ...).
    const envFrom = JSON.stringify(named(registrations, PATCH, 'worker-env').inputs);
    assert.ok(envFrom.includes('"secretRef":{"name":"worker-kafka"}'));
  });

  it('writes Secrets only through their own provider to the ignored directory; manifests hold no credential', async () => {
    const { registrations } = await deliverUnderMocks(render('rendered/test/secrets'), catalog, scram());
    for (const s of ofType(registrations, SECRET)) {
      assert.equal(s.provider, 'pulumi:providers:kubernetes::kubernetes-render-secrets');
    }
    const manifests = renderedManifests({ resources: registrations });
    const committed = manifests.filter((m) => m.path.startsWith('rendered/test/manifests/'));
    const ignored = manifests.filter((m) => m.path.startsWith('rendered/test/secrets/'));
    assert.equal(committed.length + ignored.length, manifests.length);
    assert.deepEqual(
      ignored.map((m) => m.manifest.kind),
      ['Secret', 'Secret', 'Secret'],
    );
    assert.ok(!committed.some((m) => m.manifest.kind === 'Secret'));
    const text = JSON.stringify(committed.map((m) => m.manifest));
    assert.deepEqual(
      credentialTexts().filter((c) => text.includes(c)),
      [],
    );
    assert.ok(
      !text.includes(pulumi.runtime.specialSecretSig),
      'no secret value at all in committed manifests',
    );
  });

  function credentialTexts() {
    return catalog.services
      .flatMap((s) => [`${USER}-${s.name}`, `${PASSWORD}-${s.name}`])
      .flatMap((v) => [v, b64(v)]);
  }
});
