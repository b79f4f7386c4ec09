import * as path from 'node:path';
import { Fields } from './fields';
import type { KubernetesSettings, RawConfig, SecretRef } from './settings';

/** Where manifests go: applied to a cluster, or written to a directory for GitOps. */
export const KUBERNETES_MODES = ['cluster', 'render'] as const;
export type KubernetesMode = (typeof KUBERNETES_MODES)[number];

/** What the program does with each service's ServiceAccount. */
export const SERVICE_ACCOUNT_MODES = ['annotate', 'create', 'none'] as const;
export type ServiceAccountMode = (typeof SERVICE_ACCOUNT_MODES)[number];

export const KUBERNETES_KEYS = [
  'enabled',
  'mode',
  'context',
  'kubeconfigPath',
  'renderDirectory',
  'renderSecretsDirectory',
  'createNamespaces',
  'patchDeployments',
  'serviceAccounts',
] as const;

/**
 * The one directory of this repository that .gitignore ignores for rendered output. Secrets may
 * only be rendered below it, so a credential can never be committed by `git add .`.
 */
export const IGNORED_RENDER_ROOT = 'rendered';

/**
 * Parses `kafka:kubernetes` (and the secret `kafka:kubeconfig`). `secretRef` is passed in so
 * this module does not import settings.ts at run time (settings.ts imports it).
 */
export function parseKubernetesSettings(
  f: Fields,
  raw: RawConfig,
  stack: string,
  secretRef: (f: Fields, raw: RawConfig, key: string) => SecretRef | undefined,
): KubernetesSettings {
  const at = (key: string) => ['kubernetes', key];
  const k8s = f.object(raw.values.kubernetes, ['kubernetes']);
  f.onlyKeys(k8s, ['kubernetes'], KUBERNETES_KEYS);
  const kubeconfig = secretRef(f, raw, 'kubeconfig');
  const context = f.string(k8s.context, at('context'));
  const kubeconfigPath = f.string(k8s.kubeconfigPath, at('kubeconfigPath'));
  const mode = (f.string(k8s.mode, at('mode'), { allowed: KUBERNETES_MODES }) ?? 'cluster') as KubernetesMode;
  const serviceAccounts = (f.string(k8s.serviceAccounts, at('serviceAccounts'), {
    allowed: SERVICE_ACCOUNT_MODES,
  }) ?? 'annotate') as ServiceAccountMode;
  const renderDirectoryRaw = f.string(k8s.renderDirectory, at('renderDirectory'));
  const renderSecretsDirectory = f.string(k8s.renderSecretsDirectory, at('renderSecretsDirectory'));

  if (kubeconfig && kubeconfigPath) {
    f.report(
      at('kubeconfigPath'),
      'set either kafka:kubernetes.kubeconfigPath or kafka:kubeconfig, not both',
    );
  }
  if (mode === 'render') {
    // The provider refuses these together with renderYamlToDirectory; say so before it does.
    for (const [key, set] of [
      ['context', context],
      ['kubeconfigPath', kubeconfigPath],
    ] as const) {
      if (set)
        f.report(
          at(key),
          'does not apply with kafka:kubernetes.mode "render" (nothing is applied to a cluster)',
        );
    }
    if (kubeconfig) {
      f.report(
        ['kubeconfig'],
        'does not apply with kafka:kubernetes.mode "render" (nothing is applied to a cluster)',
      );
    }
  } else {
    if (renderDirectoryRaw)
      f.report(at('renderDirectory'), 'only applies with kafka:kubernetes.mode "render"');
    if (renderSecretsDirectory) {
      f.report(at('renderSecretsDirectory'), 'only applies with kafka:kubernetes.mode "render"');
    }
  }
  const renderDirectory = renderDirectoryRaw ?? `${IGNORED_RENDER_ROOT}/${stack}/manifests`;
  if (mode === 'render' && renderSecretsDirectory) {
    const problem = secretsDirectoryProblem(renderSecretsDirectory, renderDirectory);
    if (problem) f.report(at('renderSecretsDirectory'), problem);
  }

  const settings: KubernetesSettings = {
    enabled: f.boolean(k8s.enabled, at('enabled')) ?? true,
    mode,
    createNamespaces: f.boolean(k8s.createNamespaces, at('createNamespaces')) ?? false,
    patchDeployments: f.boolean(k8s.patchDeployments, at('patchDeployments')) ?? true,
    serviceAccounts,
  };
  if (context) settings.context = context;
  if (kubeconfigPath) settings.kubeconfigPath = kubeconfigPath;
  if (kubeconfig) settings.kubeconfig = kubeconfig;
  if (mode === 'render') settings.renderDirectory = renderDirectory;
  if (mode === 'render' && renderSecretsDirectory) settings.renderSecretsDirectory = renderSecretsDirectory;
  return settings;
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
