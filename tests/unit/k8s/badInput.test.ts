import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../config/problems';
import { RawConfig } from '../../../config/rawConfig';
import { parseSettings, validateInput } from '../../../input';
import { BACKENDS } from '../../../providers';
import { parseCatalog } from '../../../topics/parseCatalog';
import { writeCatalog } from '../../harness/plan';
import { assertProblemLines } from '../../harness/problems';

/** Each row: a `kafka:kubernetes` input and the exact problem line(s) users must see, and no others. */
interface ConfigCase {
  name: string;
  kubernetes?: unknown;
  extra?: Record<string, unknown>;
  secretKeys?: string[];
  expected: string[];
}

const base = { provider: 'local', local: { bootstrapServers: 'localhost:19092' } };

const CONFIG_CASES: ConfigCase[] = [
  {
    name: 'unknown mode',
    kubernetes: { mode: 'gitops' },
    expected: ['kafka:kubernetes.mode: "gitops" is not one of cluster, render'],
  },
  {
    name: 'unknown ServiceAccount handling',
    kubernetes: { serviceAccounts: 'patch' },
    expected: ['kafka:kubernetes.serviceAccounts: "patch" is not one of annotate, create, none'],
  },
  {
    name: 'createNamespaces is not a boolean',
    kubernetes: { createNamespaces: 'yes' },
    expected: ['kafka:kubernetes.createNamespaces: must be true or false, got "yes"'],
  },
  {
    name: 'patchDeployments is not a boolean',
    kubernetes: { patchDeployments: 1 },
    expected: ['kafka:kubernetes.patchDeployments: must be true or false, got 1'],
  },
  {
    name: 'typo in a key',
    kubernetes: { renderDir: 'out' },
    expected: ['kafka:kubernetes.renderDir: is not a known setting (allowed: enabled, mode, context,'],
  },
  {
    name: 'render directory without render mode',
    kubernetes: { renderDirectory: 'out' },
    expected: ['kafka:kubernetes.renderDirectory: only applies with kafka:kubernetes.mode "render"'],
  },
  {
    name: 'secrets directory without render mode',
    kubernetes: { renderSecretsDirectory: 'rendered/secrets' },
    expected: ['kafka:kubernetes.renderSecretsDirectory: only applies with kafka:kubernetes.mode "render"'],
  },
  {
    name: 'render mode with a context (the provider refuses both)',
    kubernetes: { mode: 'render', context: 'kind-x' },
    expected: [
      'kafka:kubernetes.context: does not apply with kafka:kubernetes.mode "render" (nothing is applied to a cluster)',
    ],
  },
  {
    name: 'render mode with a kubeconfig',
    kubernetes: { mode: 'render' },
    extra: { kubeconfig: 'apiVersion: v1' },
    secretKeys: ['kubeconfig'],
    expected: ['kafka:kubeconfig: does not apply with kafka:kubernetes.mode "render"'],
  },
  {
    name: 'rendered Secrets outside the ignored directory',
    kubernetes: { mode: 'render', renderSecretsDirectory: 'deploy/secrets' },
    expected: [
      'kafka:kubernetes.renderSecretsDirectory: "deploy/secrets" must be a relative path below rendered/ (the directory .gitignore ignores), e.g. rendered/secrets: rendered Secrets hold credentials in plain text',
    ],
  },
  {
    name: 'rendered Secrets at an absolute path',
    kubernetes: { mode: 'render', renderSecretsDirectory: '/tmp/secrets' },
    expected: [
      'kafka:kubernetes.renderSecretsDirectory: "/tmp/secrets" must be a relative path below rendered/',
    ],
  },
  {
    name: 'rendered Secrets escaping the ignored directory',
    kubernetes: { mode: 'render', renderSecretsDirectory: 'rendered/../secrets' },
    expected: [
      'kafka:kubernetes.renderSecretsDirectory: "rendered/../secrets" must be a relative path below rendered/',
    ],
  },
  {
    name: 'rendered Secrets next to the committed manifests',
    kubernetes: {
      mode: 'render',
      renderDirectory: 'rendered/out',
      renderSecretsDirectory: 'rendered/out/secrets',
    },
    expected: [
      'kafka:kubernetes.renderSecretsDirectory: "rendered/out/secrets" overlaps kafka:kubernetes.renderDirectory "rendered/out": keep Secrets apart from manifests meant to be committed',
    ],
  },
  {
    name: 'rollout and conflict settings in render mode (nothing is applied, nothing to wait for)',
    kubernetes: { mode: 'render', waitForRollout: false, rolloutTimeoutSeconds: 60, forceConflicts: true },
    expected: [
      'kafka:kubernetes.waitForRollout: does not apply with kafka:kubernetes.mode "render" (nothing is applied to a cluster)',
      'kafka:kubernetes.rolloutTimeoutSeconds: does not apply with kafka:kubernetes.mode "render" (nothing is applied to a cluster)',
      'kafka:kubernetes.forceConflicts: does not apply with kafka:kubernetes.mode "render" (nothing is applied to a cluster)',
    ],
  },
  {
    name: 'a rollout timeout without waiting for the rollout',
    kubernetes: { waitForRollout: false, rolloutTimeoutSeconds: 120 },
    expected: [
      'kafka:kubernetes.rolloutTimeoutSeconds: only applies with kafka:kubernetes.waitForRollout: true',
    ],
  },
  {
    name: 'a rollout timeout out of range',
    kubernetes: { rolloutTimeoutSeconds: 5 },
    expected: ['kafka:kubernetes.rolloutTimeoutSeconds: 5 is less than 10 (allowed: 10 to 3600)'],
  },
  {
    name: 'a network policy that does not say where the brokers are',
    kubernetes: { networkPolicy: { brokerPorts: [9092] } },
    expected: [
      'kafka:kubernetes.networkPolicy: must say where the brokers are: brokerCidrs for brokers outside the cluster (e.g. [10.20.0.0/16]), or brokerNamespace (and brokerPodLabels) for brokers in the cluster',
    ],
  },
  {
    name: 'a network policy with brokers both outside and inside the cluster',
    kubernetes: { networkPolicy: { brokerCidrs: ['10.0.0.0/16'], brokerNamespace: 'kafka' } },
    expected: [
      'kafka:kubernetes.networkPolicy.brokerCidrs: set either brokerCidrs (brokers outside the cluster) or brokerNamespace (brokers in the cluster), not both',
    ],
  },
  {
    name: 'network policy values the API server would refuse, all at once',
    kubernetes: {
      networkPolicy: {
        brokerCidrs: ['10.0.0.0/33', 'b-1.msk.example:9096', 'fd00::/64'],
        brokerPorts: [9096, 70000, 9096],
        dnsNamespace: 'Kube_System',
        dnsPodLabels: { 'k8s app': 'kube-dns', 'k8s-app': 'not ok!' },
      },
    },
    expected: [
      'kafka:kubernetes.networkPolicy.brokerCidrs[0]: "10.0.0.0/33" is not a CIDR like 10.20.0.0/16 or fd00::/64',
      'kafka:kubernetes.networkPolicy.brokerCidrs[1]: "b-1.msk.example:9096" is not a CIDR like 10.20.0.0/16 or fd00::/64',
      'kafka:kubernetes.networkPolicy.brokerPorts[1]: 70000 is more than 65535 (allowed: 1 to 65535)',
      'kafka:kubernetes.networkPolicy.brokerPorts[2]: lists 9096 more than once',
      'kafka:kubernetes.networkPolicy.dnsNamespace: "Kube_System" must be a DNS-1123 label',
      'kafka:kubernetes.networkPolicy.dnsPodLabels.k8s app: "k8s app" is not a label key: [DNS subdomain/]name, the name at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'kafka:kubernetes.networkPolicy.dnsPodLabels.k8s-app: "not ok!" is not a label value: a string of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    ],
  },
  {
    name: 'broker pod labels without the brokers’ namespace, and an empty CIDR list',
    kubernetes: { networkPolicy: { brokerCidrs: [], brokerPodLabels: { app: 'redpanda' } } },
    expected: [
      'kafka:kubernetes.networkPolicy.brokerCidrs: is empty: list the address ranges of the brokers',
      'kafka:kubernetes.networkPolicy.brokerPodLabels: only applies together with brokerNamespace',
    ],
  },
  {
    name: 'all problems at once',
    kubernetes: { mode: 'render', context: 'c', serviceAccounts: 'x', renderSecretsDirectory: 'secrets' },
    expected: [
      'kafka:kubernetes.context: does not apply',
      'kafka:kubernetes.serviceAccounts: "x" is not one of',
      'kafka:kubernetes.renderSecretsDirectory: "secrets" must be a relative path below rendered/',
    ],
  },
];

function problemLines(c: ConfigCase): string[] {
  const raw: RawConfig = {
    values: {
      ...base,
      ...(c.kubernetes === undefined ? {} : { kubernetes: c.kubernetes }),
      ...(c.extra ?? {}),
    },
    secretKeys: new Set(c.secretKeys ?? []),
  };
  return parseSettings(raw, 'dev', BACKENDS).problems.map((p) => `${p.where}: ${p.message}`);
}

const assertExactly = assertProblemLines;

describe('bad kafka:kubernetes settings: every rule names its key and what is allowed', () => {
  for (const c of CONFIG_CASES) it(c.name, () => assertExactly(problemLines(c), c.expected));

  it('a local stack delivers nothing to Kubernetes unless kafka:kubernetes says anything (Compose needs no cluster)', () => {
    const read = (values: Record<string, unknown>) =>
      parseSettings({ values: { ...base, ...values }, secretKeys: new Set() }, 'dev', BACKENDS).settings
        .kubernetes;
    assert.equal(read({}).enabled, false);
    assert.equal(
      read({ kubernetes: { context: 'kind-kafka-platform' } }).enabled,
      true,
      'one setting opts in',
    );
    assert.equal(read({ kubernetes: { mode: 'render' } }).enabled, true);
    assert.equal(read({ kubernetes: { context: 'kind-x', enabled: false } }).enabled, false);
    const msk = { provider: 'msk', msk: {} };
    assert.equal(read(msk).enabled, true, 'cloud stacks deliver by default');
  });

  it('defaults: cluster mode, patch Deployments, annotate ServiceAccounts, namespaces must exist', () => {
    const { settings, problems } = parseSettings(
      { values: { ...base, kubernetes: {} }, secretKeys: new Set() },
      'dev',
      BACKENDS,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.kubernetes, {
      enabled: true,
      mode: 'cluster',
      createNamespaces: false,
      patchDeployments: true,
      serviceAccounts: 'annotate',
      waitForRollout: true,
      rolloutTimeoutSeconds: 600,
      forceConflicts: false,
    });
  });

  it('network policy: brokers by CIDR (outside the cluster) or by namespace and labels (inside), DNS defaults', () => {
    const read = (networkPolicy: unknown) => {
      const { settings, problems } = parseSettings(
        { values: { ...base, kubernetes: { networkPolicy } }, secretKeys: new Set() },
        'dev',
        BACKENDS,
      );
      assert.deepEqual(problems, []);
      return settings.kubernetes.networkPolicy;
    };
    const dns = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };
    assert.deepEqual(read({ brokerCidrs: ['10.20.0.0/16', 'fd00:10::/64'], brokerPorts: ['9096'] }), {
      brokers: { cidrs: ['10.20.0.0/16', 'fd00:10::/64'] },
      brokerPorts: [9096],
      dns,
    });
    assert.deepEqual(
      read({
        brokerNamespace: 'kafka',
        brokerPodLabels: { 'app.kubernetes.io/name': 'redpanda' },
        dnsPodLabels: { 'k8s-app': 'coredns' },
      }),
      {
        brokers: { namespace: 'kafka', podLabels: { 'app.kubernetes.io/name': 'redpanda' } },
        dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'coredns' } },
      },
    );
    assert.deepEqual(read({ brokerNamespace: 'kafka' }), {
      brokers: { namespace: 'kafka', podLabels: {} },
      dns,
    });
  });

  it('render mode defaults to a per-stack directory below the ignored rendered/ and renders no Secrets', () => {
    const { settings, problems } = parseSettings(
      { values: { ...base, kubernetes: { mode: 'render' } }, secretKeys: new Set() },
      'dev',
      BACKENDS,
    );
    assert.deepEqual(problems, []);
    assert.equal(settings.kubernetes.renderDirectory, 'rendered/dev/manifests');
    assert.equal(settings.kubernetes.renderSecretsDirectory, undefined);
  });
});

/** Catalog rows: the service part of a catalog and the exact problems. */
const TOPICS = 'topics:\n  - { name: t, partitions: 1 }\nservices:\n';

const CATALOG_CASES: { name: string; services: string; expected: string[] }[] = [
  {
    name: 'a deployment without the containers to patch',
    services: '  - { name: api, deployment: api, produces: [t] }\n',
    expected: [
      `c.yaml:4:30 services[0].deployment (service "api"): needs the container(s) to patch: server-side apply matches containers by name, so set container: <name> or containers: [<name>, ...] (kubectl get deployment api -n default -o jsonpath='{.spec.template.spec.containers[*].name}')`,
    ],
  },
  {
    name: 'container and containers together',
    services: '  - { name: api, deployment: api, container: a, containers: [b], produces: [t] }\n',
    expected: [
      'c.yaml:4:61 services[0].containers (service "api"): set either container or containers, not both',
    ],
  },
  {
    name: 'containers without a deployment',
    services: '  - { name: api, containers: [a], produces: [t] }\n',
    expected: ['c.yaml:4:30 services[0].containers (service "api"): only applies together with deployment'],
  },
  {
    name: 'an empty containers list',
    services: '  - { name: api, deployment: api, containers: [], produces: [t] }\n',
    expected: [
      'c.yaml:4:47 services[0].containers (service "api"): is empty: name at least one container of the Deployment',
    ],
  },
  {
    name: 'a container listed twice',
    services: '  - { name: api, deployment: api, containers: [a, a], produces: [t] }\n',
    expected: ['c.yaml:4:47 services[0].containers (service "api"): lists "a" more than once'],
  },
  {
    name: 'a container name that is not a DNS label',
    services: '  - { name: api, deployment: api, containers: [Main_App], produces: [t] }\n',
    expected: ['c.yaml:4:48 services[0].containers[0] (service "api"): "Main_App"'],
  },
  {
    name: 'two services patching the same container (envFrom is one atomic list)',
    services:
      '  - { name: api, deployment: web, container: app, produces: [t] }\n' +
      '  - { name: worker, deployment: web, containers: [app, sidecar], produces: [t] }\n',
    expected: [
      'c.yaml:5:33 services[1].deployment (service "worker"): container "app" of Deployment default/web is already patched by service "api" (services[0]): a container gets the env of one service only',
    ],
  },
];

describe('bad catalog entries for Deployment patching', () => {
  for (const c of CATALOG_CASES) {
    it(c.name, () => {
      const { problems } = parseCatalog(TOPICS + c.services, 'c.yaml');
      assertExactly(
        problems.map((p) => `${p.where}: ${p.message}`),
        c.expected,
      );
    });
  }

  it('two services may patch different containers of one Deployment', () => {
    const { catalog, problems } = parseCatalog(
      TOPICS +
        '  - { name: api, deployment: web, container: app, produces: [t] }\n' +
        '  - { name: worker, deployment: web, containers: [jobs], serviceAccount: worker, produces: [t] }\n',
      'c.yaml',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(catalog.services[1]?.containers, ['jobs']);
  });
});

describe('rules across settings and catalog', () => {
  const sharedAccount =
    TOPICS +
    '  - { name: api, serviceAccount: shared, produces: [t] }\n' +
    '  - { name: worker, serviceAccount: shared, produces: [t] }\n';

  it('refuses two services sharing a ServiceAccount when each gets its own identity', () => {
    const catalog = writeCatalog(sharedAccount);
    const raw: RawConfig = { values: { ...base, catalog, kubernetes: {} }, secretKeys: new Set() };
    assert.throws(
      () => validateInput(raw, 'dev'),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.message ===
          'Found 1 configuration problem:\n' +
            '  - kafka:kubernetes.serviceAccounts: "annotate" gives each service its own cloud identity, but services "api" and "worker" share ServiceAccount default/shared: give them separate serviceAccount names in the catalog, or set kafka:kubernetes.serviceAccounts to "none"',
    );
  });

  it('refuses a MirrorMaker cutover in render mode (its Secret would be rendered in plain text)', () => {
    const raw: RawConfig = {
      values: {
        ...base,
        kubernetes: { mode: 'render' },
        migration: { source: { bootstrapServers: 'old-kafka:9092' }, replicationFactor: 1 },
      },
      secretKeys: new Set(),
    };
    assert.throws(
      () => validateInput(raw, 'dev'),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.message ===
          'Found 1 configuration problem:\n' +
            '  - kafka:migration: runs MirrorMaker 2 on the cluster the stack applies to, and kafka:kubernetes.mode "render" applies nothing (its Secret holds both clusters\' credentials and would be rendered in plain text): run the cutover from a stack in mode "cluster"',
    );
  });

  it('allows a shared ServiceAccount when the stack leaves ServiceAccounts alone', () => {
    const catalog = writeCatalog(sharedAccount);
    const raw: RawConfig = {
      values: { ...base, catalog, kubernetes: { serviceAccounts: 'none' } },
      secretKeys: new Set(),
    };
    assert.equal(validateInput(raw, 'dev').catalog.services.length, 2);
  });
});
