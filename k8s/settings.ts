import * as path from 'node:path';
import { choice, flag, group, readNamespace, secret, SettingsSection, text } from '../config/declare';
import { SecretRef } from '../config/rawConfig';

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
}

const KUBERNETES_FIELDS = {
  enabled: flag({
    default: true,
    why: 'Writes each service’s ConfigMap, Secret and Deployment env to Kubernetes; `false` for Compose-only stacks.',
  }),
  mode: choice(KUBERNETES_MODES, {
    default: 'cluster',
    why: '`cluster` applies to a cluster; `render` writes manifests to a directory for GitOps instead.',
  }),
  context: text({
    defaultText: 'the kubeconfig’s current context',
    why: 'The kubeconfig context to apply to, so nothing lands on whatever cluster is current.',
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

    const settings: KubernetesSettings = {
      enabled: k8s.read('enabled'),
      mode,
      createNamespaces: k8s.read('createNamespaces'),
      patchDeployments: k8s.read('patchDeployments'),
      serviceAccounts,
    };
    if (context) settings.context = context;
    if (kubeconfigPath) settings.kubeconfigPath = kubeconfigPath;
    if (kubeconfig) settings.kubeconfig = kubeconfig;
    if (mode === 'render') settings.renderDirectory = renderDirectory;
    if (mode === 'render' && renderSecretsDirectory) settings.renderSecretsDirectory = renderSecretsDirectory;
    return settings;
  },
};

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
