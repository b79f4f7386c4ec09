import * as path from 'node:path';
import {
  choice,
  custom,
  flag,
  group,
  Group,
  readNamespace,
  secret,
  Setting,
  SettingsSection,
  text,
  texts,
  whole,
} from '../config/declare';
import { Fields } from '../config/fields';
import { SecretRef } from '../config/rawConfig';
import { DNS_LABEL, DNS_LABEL_HINT } from '../topics/names';
import { ipBlockCidrProblem, labelKeyProblem, labelValueProblem } from './networkRules';

/** Where manifests go: applied to a cluster, or written to a directory for GitOps. */
export const KUBERNETES_MODES = ['cluster', 'render'] as const;
export type KubernetesMode = (typeof KUBERNETES_MODES)[number];

/** What the program does with each service's ServiceAccount. */
export const SERVICE_ACCOUNT_MODES = ['annotate', 'create', 'none'] as const;
export type ServiceAccountMode = (typeof SERVICE_ACCOUNT_MODES)[number];

/**
 * The one directory of this repository that .gitignore ignores for rendered output. Secrets may
 * only be rendered below it, so a credential can never be committed by `git add .`.
 */
export const IGNORED_RENDER_ROOT = 'rendered';

/** `kafka:kubernetes` (and `kafka:kubeconfig`), validated. */
export interface KubernetesSettings {
  /** Deliver nothing to Kubernetes (e.g. Compose-only local stacks). */
  enabled: boolean;
  /** kubeconfig context to use; absent: the kubeconfig's current context. */
  context?: string;
  /** Path of a kubeconfig file on the machine running Pulumi; absent: the usual lookup. */
  kubeconfigPath?: string;
  /** kubeconfig contents from the secret key `kafka:kubeconfig` (it usually holds credentials). */
  kubeconfig?: SecretRef;
  /** `cluster` applies to the cluster; `render` writes manifests to renderDirectory instead. */
  mode: KubernetesMode;
  /** Render mode: where manifests go (the provider's renderYamlToDirectory). */
  renderDirectory?: string;
  /** Render mode: where Secrets go, below the git-ignored rendered/ only; absent: not rendered. */
  renderSecretsDirectory?: string;
  /** Create the services' namespaces (kept on delete); otherwise they must exist. */
  createNamespaces: boolean;
  /** Patch each catalog Deployment's env (envFrom + rollout hash). */
  patchDeployments: boolean;
  /** `annotate` an existing ServiceAccount, `create` it, or `none`. */
  serviceAccounts: ServiceAccountMode;
  /** `pulumi up` waits for each patched Deployment's rollout (cluster mode). */
  waitForRollout: boolean;
  /** How long it waits before failing. */
  rolloutTimeoutSeconds: number;
  /** Take over fields of the patch another field manager owns, instead of stopping. */
  forceConflicts: boolean;
  /** Egress NetworkPolicies to the brokers and DNS; absent: none (opt-in). */
  networkPolicy?: NetworkPolicySettings;
}

/** Where a service's pods must be able to connect to reach the brokers. */
export type BrokerPeers =
  /** Brokers outside the cluster (cloud backends, VMs): address ranges. */
  | { cidrs: string[] }
  /** Brokers in the cluster (a Redpanda or Strimzi StatefulSet): their namespace and pod labels. */
  | { namespace: string; podLabels: Record<string, string> };

/** `kafka:kubernetes.networkPolicy`, validated. */
export interface NetworkPolicySettings {
  brokers: BrokerPeers;
  /** TCP ports of the brokers; absent: the ports of the services' broker list. */
  brokerPorts?: number[];
  /** The cluster DNS the services resolve broker names with. */
  dns: { namespace: string; podLabels: Record<string, string> };
}

/** Default provider await (pulumi-kubernetes waits 10 minutes for a Deployment). */
export const DEFAULT_ROLLOUT_TIMEOUT_SECONDS = 600;

/** CoreDNS (and kube-dns) pods keep this label in every mainstream distribution. */
const DEFAULT_DNS_POD_LABELS = { 'k8s-app': 'kube-dns' };

/** A mapping of label keys to values, each checked as the API server would. */
function labels(o: { why: string; defaultText: string; constraint?: string }) {
  return custom<Record<string, string> | undefined>({
    shape: 'mapping',
    type: 'mapping of label to value',
    ...o,
    read(f: Fields, value, at) {
      if (value === undefined || value === null) return undefined;
      const given = f.object(value, at);
      const valid: Record<string, string> = {};
      for (const [key, v] of Object.entries(given)) {
        const problem = labelKeyProblem(key) ?? labelValueProblem(v);
        if (problem) f.report([...at, key], problem);
        else valid[key] = v as string;
      }
      return valid;
    },
  });
}

/** A list of distinct TCP ports. */
function ports(o: { why: string; defaultText: string }): Setting<number[] | undefined> {
  return custom({
    shape: 'list',
    type: 'list of ports',
    constraint: '1 to 65535, no duplicates',
    ...o,
    read(f: Fields, value, at) {
      if (value === undefined || value === null) return undefined;
      const list = f.list(value, at);
      if (list.length === 0) f.report(at, 'is empty: list the ports the brokers listen on, or leave it out');
      const read = list.map((v, i) => f.integer(v, [...at, i], { min: 1, max: 65535 }));
      read.forEach((port, i) => {
        if (port !== undefined && read.indexOf(port) < i)
          f.report([...at, i], `lists ${port} more than once`);
      });
      return [...new Set(read.filter((p): p is number => p !== undefined))];
    },
  });
}

const NETWORK_POLICY_FIELDS = {
  brokerCidrs: texts({
    type: 'list of CIDRs',
    defaultText: 'unset',
    constraint: 'IPv4 or IPv6 CIDRs; this or `brokerNamespace`',
    why: 'Brokers outside the cluster (MSK, Event Hubs, Confluent, a VM): the address ranges of every broker, e.g. the MSK subnets or the private endpoint’s range; `0.0.0.0/0` for public endpoints.',
  }),
  brokerNamespace: text({
    pattern: DNS_LABEL,
    hint: DNS_LABEL_HINT,
    defaultText: 'unset',
    constraint: 'this or `brokerCidrs`',
    why: 'Brokers in the cluster (e.g. a Redpanda StatefulSet): the namespace they run in.',
  }),
  brokerPodLabels: labels({
    defaultText: 'every pod of `brokerNamespace`',
    why: 'Brokers in the cluster: labels that select the broker pods in `brokerNamespace`.',
    constraint: 'only with `brokerNamespace`',
  }),
  brokerPorts: ports({
    defaultText: 'the ports of the services’ broker list',
    why: 'TCP ports the brokers listen on; every broker the cluster advertises must be on one of them.',
  }),
  dnsNamespace: text({
    default: 'kube-system',
    pattern: DNS_LABEL,
    hint: DNS_LABEL_HINT,
    why: 'Namespace of the cluster DNS, which services need to resolve broker names.',
  }),
  dnsPodLabels: labels({
    defaultText: '`k8s-app: kube-dns`',
    why: 'Labels of the cluster DNS pods (CoreDNS keeps `k8s-app: kube-dns`), reached on port 53 over UDP and TCP.',
  }),
};

const KUBERNETES_FIELDS = {
  enabled: flag({
    defaultText:
      '`true`; on `kafka:provider: local`, `true` only when `kafka:kubernetes` sets anything (e.g. `context`)',
    why: 'Writes each service’s ConfigMap, Secret and Deployment env to Kubernetes; `false` for Compose-only stacks. A `local` stack needs no cluster: it writes each service’s env files, and setting `context` alone (or any other key of `kafka:kubernetes`) opts in to delivery to a local cluster (kind, k3d, minikube, Docker Desktop).',
  }),
  mode: choice(KUBERNETES_MODES, {
    default: 'cluster',
    why: '`cluster` applies to a cluster; `render` writes manifests to a directory for GitOps instead.',
  }),
  context: text({
    defaultText:
      'the kubeconfig’s current context, named in a warning on every preview and up (none: refused)',
    why: 'The kubeconfig context to apply to, so nothing lands on whatever cluster is current; a context the kubeconfig does not have stops `preview`, naming this key.',
    constraint: 'cluster mode only',
  }),
  kubeconfigPath: text({
    type: 'path',
    defaultText: 'the usual kubeconfig lookup',
    why: 'A kubeconfig file on the machine running Pulumi.',
    constraint: 'cluster mode only; not together with `kafka:kubeconfig`',
  }),
  renderDirectory: text({
    type: 'path',
    defaultText: '`rendered/<stack>/manifests`',
    why: 'Where render mode writes manifests (e.g. a GitOps checkout); keep it relative, it is part of the provider’s state.',
    constraint: 'render mode only',
  }),
  renderSecretsDirectory: text({
    type: 'path',
    defaultText: 'unset: Secrets are not rendered',
    why: 'Where render mode writes Secrets, which the provider writes in plain text: only below the git-ignored `rendered/`.',
    constraint: `render mode only; a relative path below \`${IGNORED_RENDER_ROOT}/\`, apart from \`renderDirectory\``,
  }),
  createNamespaces: flag({
    default: false,
    why: 'Creates the services’ namespaces (kept on delete); otherwise they must exist and are looked up.',
  }),
  patchDeployments: flag({
    default: true,
    why: 'Patches each catalog Deployment with `envFrom` and the rollout hash; `false` when services reference the ConfigMap and Secret themselves.',
  }),
  serviceAccounts: choice(SERVICE_ACCOUNT_MODES, {
    default: 'annotate',
    why: '`annotate` the existing ServiceAccount with the backend’s cloud identity, `create` it, or `none` (the team manages it).',
    constraint: 'with `annotate` or `create`, two services may not share a ServiceAccount',
  }),
  waitForRollout: flag({
    default: true,
    why: '`pulumi up` waits until each patched Deployment’s new pods are ready and fails, naming the Deployment, when they are not (the old pods keep serving); `false` returns once the patch is applied.',
    constraint: 'cluster mode only',
  }),
  rolloutTimeoutSeconds: whole({
    default: DEFAULT_ROLLOUT_TIMEOUT_SECONDS,
    min: 10,
    max: 3600,
    why: 'How long `pulumi up` waits for a patched Deployment’s new pods before it fails.',
    constraint: 'cluster mode with `waitForRollout` only',
  }),
  forceConflicts: flag({
    default: false,
    why: 'Take over `envFrom`, the hash annotation and the pod labels of the patch when another field manager owns them (like `kubectl apply --server-side --force-conflicts`); by default `pulumi up` stops and names that manager.',
    constraint: 'cluster mode only',
  }),
  networkPolicy: group({
    defaultText: 'unset: no NetworkPolicy',
    why: 'Opt-in: per service an egress NetworkPolicy that lets its pods reach the brokers and DNS, for namespaces under a default-deny policy. A selected pod may then reach only what some policy allows: list its other egress in policies of your own.',
    constraint:
      '`brokerCidrs`, or `brokerNamespace` (with `brokerPodLabels`), not both; needs a CNI that enforces NetworkPolicies',
    fields: NETWORK_POLICY_FIELDS,
  }),
};

const KUBERNETES_KEYS = {
  kubernetes: group({
    why: 'How the services’ Kafka settings reach Kubernetes: which cluster, or manifests for GitOps.',
    fields: KUBERNETES_FIELDS,
  }),
  kubeconfig: secret({
    defaultText: 'unset',
    why: 'kubeconfig contents, when they carry credentials (`pulumi config set --secret kafka:kubeconfig "$(cat kubeconfig.yaml)"`).',
  }),
};

const RENDER_ONLY = 'does not apply with kafka:kubernetes.mode "render" (nothing is applied to a cluster)';

/** `kafka:kubernetes` and the secret `kafka:kubeconfig`. */
export const KUBERNETES_SETTINGS: SettingsSection<KubernetesSettings> = {
  name: 'kubernetes',
  title: 'Kubernetes settings',
  intro:
    'How each service’s connection settings reach its pods: the cluster to apply to, or a directory of ' +
    'manifests for GitOps, and what happens to namespaces, Deployments and ServiceAccounts. ' +
    'How delivery works: [docs/kubernetes.md](../kubernetes.md).',
  keys: KUBERNETES_KEYS,
  declaredIn: __filename,
  parse(input) {
    const { f, stack } = input;
    const ns = readNamespace(input, KUBERNETES_KEYS);
    const k8s = ns.read('kubernetes');
    const kubeconfig = ns.secret('kubeconfig');
    const context = k8s.read('context');
    const kubeconfigPath = k8s.read('kubeconfigPath');
    const mode = k8s.read('mode');
    const serviceAccounts = k8s.read('serviceAccounts');
    const renderDirectoryRaw = k8s.read('renderDirectory');
    const renderSecretsDirectory = k8s.read('renderSecretsDirectory');

    if (kubeconfig && kubeconfigPath) {
      f.report(
        k8s.at('kubeconfigPath'),
        'set either kafka:kubernetes.kubeconfigPath or kafka:kubeconfig, not both',
      );
    }
    if (mode === 'render') {
      // The provider refuses these together with renderYamlToDirectory; say so before it does.
      if (context) f.report(k8s.at('context'), RENDER_ONLY);
      if (kubeconfigPath) f.report(k8s.at('kubeconfigPath'), RENDER_ONLY);
      if (kubeconfig) f.report(['kubeconfig'], RENDER_ONLY);
    } else {
      if (renderDirectoryRaw)
        f.report(k8s.at('renderDirectory'), 'only applies with kafka:kubernetes.mode "render"');
      if (renderSecretsDirectory) {
        f.report(k8s.at('renderSecretsDirectory'), 'only applies with kafka:kubernetes.mode "render"');
      }
    }
    const renderDirectory = renderDirectoryRaw ?? `${IGNORED_RENDER_ROOT}/${stack}/manifests`;
    if (mode === 'render' && renderSecretsDirectory) {
      const problem = secretsDirectoryProblem(renderSecretsDirectory, renderDirectory);
      if (problem) f.report(k8s.at('renderSecretsDirectory'), problem);
    }

    const waitForRollout = k8s.read('waitForRollout');
    const rolloutTimeoutSeconds = k8s.read('rolloutTimeoutSeconds');
    const forceConflicts = k8s.read('forceConflicts');
    for (const key of ['waitForRollout', 'rolloutTimeoutSeconds', 'forceConflicts'] as const) {
      if (mode === 'render' && k8s.has(key)) f.report(k8s.at(key), RENDER_ONLY);
    }
    if (mode === 'cluster' && !waitForRollout && k8s.has('rolloutTimeoutSeconds')) {
      f.report(k8s.at('rolloutTimeoutSeconds'), 'only applies with kafka:kubernetes.waitForRollout: true');
    }
    const networkPolicy = readNetworkPolicy(f, k8s.read('networkPolicy'));

    // A local stack must work with Compose alone: delivery to a (local) cluster is opt-in, by
    // setting anything of kafka:kubernetes (its context, usually). Elsewhere delivery is the point.
    const isLocal = input.raw.values['provider'] === 'local';
    const settings: KubernetesSettings = {
      enabled: k8s.read('enabled') ?? (!isLocal || k8s.given),
      mode,
      createNamespaces: k8s.read('createNamespaces'),
      patchDeployments: k8s.read('patchDeployments'),
      serviceAccounts,
      waitForRollout,
      rolloutTimeoutSeconds,
      forceConflicts,
    };
    if (networkPolicy) settings.networkPolicy = networkPolicy;
    if (context) settings.context = context;
    if (kubeconfigPath) settings.kubeconfigPath = kubeconfigPath;
    if (kubeconfig) settings.kubeconfig = kubeconfig;
    if (mode === 'render') settings.renderDirectory = renderDirectory;
    if (mode === 'render' && renderSecretsDirectory) settings.renderSecretsDirectory = renderSecretsDirectory;
    return settings;
  },
};

/** `kafka:kubernetes.networkPolicy`: where the brokers are (outside or inside the cluster), ports, DNS. */
function readNetworkPolicy(
  f: Fields,
  np: Group<typeof NETWORK_POLICY_FIELDS>,
): NetworkPolicySettings | undefined {
  if (!np.given) return undefined;
  const cidrs = np.read('brokerCidrs').filter((cidr, i) => {
    const problem = ipBlockCidrProblem(cidr);
    if (problem) f.report(np.at('brokerCidrs', i), problem);
    return !problem;
  });
  const namespace = np.read('brokerNamespace');
  const podLabels = np.read('brokerPodLabels');
  const brokerPorts = np.read('brokerPorts');
  const dns = {
    namespace: np.read('dnsNamespace'),
    podLabels: np.read('dnsPodLabels') ?? DEFAULT_DNS_POD_LABELS,
  };
  const outside = np.has('brokerCidrs');
  const inside = np.has('brokerNamespace');
  if (outside && inside) {
    f.report(
      np.at('brokerCidrs'),
      'set either brokerCidrs (brokers outside the cluster) or brokerNamespace (brokers in the cluster), not both',
    );
  } else if (!outside && !inside) {
    f.report(
      np.path,
      'must say where the brokers are: brokerCidrs for brokers outside the cluster (e.g. [10.20.0.0/16]), ' +
        'or brokerNamespace (and brokerPodLabels) for brokers in the cluster',
    );
  }
  const givenCidrs = np.value('brokerCidrs');
  if (Array.isArray(givenCidrs) && givenCidrs.length === 0) {
    f.report(np.at('brokerCidrs'), 'is empty: list the address ranges of the brokers');
  }
  if (np.has('brokerPodLabels') && !inside) {
    f.report(np.at('brokerPodLabels'), 'only applies together with brokerNamespace');
  }
  const ports = brokerPorts ? { brokerPorts } : {};
  if (outside && !inside) return { brokers: { cidrs }, ...ports, dns };
  if (inside && !outside && namespace) {
    return { brokers: { namespace, podLabels: podLabels ?? {} }, ...ports, dns };
  }
  return undefined;
}

/**
 * Rendered Secrets hold credentials in plain text (the provider writes them as they are), so they
 * may only go below the ignored `rendered/` directory, and never next to the manifests that are
 * meant to be committed to a GitOps repository.
 */
export function secretsDirectoryProblem(secretsDir: string, manifestsDir: string): string | undefined {
  const norm = (p: string) => path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  const secrets = norm(secretsDir);
  const manifests = norm(manifestsDir);
  const root = IGNORED_RENDER_ROOT;
  if (path.posix.isAbsolute(secrets) || !secrets.startsWith(`${root}/`)) {
    return (
      `${JSON.stringify(secretsDir)} must be a relative path below ${root}/ (the directory .gitignore ignores), ` +
      `e.g. ${root}/secrets: rendered Secrets hold credentials in plain text`
    );
  }
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  if (inside(secrets, manifests) || inside(manifests, secrets)) {
    return `${JSON.stringify(secretsDir)} overlaps kafka:kubernetes.renderDirectory ${JSON.stringify(manifestsDir)}: keep Secrets apart from manifests meant to be committed`;
  }
  return undefined;
}
