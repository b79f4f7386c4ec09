import { ADOPTION_POLICIES, AdoptionPolicy } from '../topics/ownership';
import { MIGRATION_KEYS, MigrationSettings, parseMigrationSettings } from '../migration/settings';
import { Fields } from './fields';
import { KubernetesMode, parseKubernetesSettings, ServiceAccountMode } from './kubernetesSettings';
import { oneOf, Problem, show } from './problems';

/** Every backend the program knows; `kafka:provider` picks one per stack. */
export const PROVIDERS = ['msk', 'eventhubs', 'confluent', 'local'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The config namespace: `pulumi config set kafka:provider local`. */
export const NAMESPACE = 'kafka';
export const DEFAULT_CATALOG = 'topics/catalog.yaml';

/**
 * Stack config as it arrives: values by key (without the `kafka:` prefix), objects already parsed
 * from JSON, and which keys were set with `pulumi config set --secret`.
 */
export interface RawConfig {
  values: Record<string, unknown>;
  secretKeys: ReadonlySet<string>;
  /** Project-namespaced keys (`kafka-platform:owner`), typed in Pulumi.yaml and checked by Pulumi. */
  project?: Record<string, unknown>;
}

/** A reference to a secret config key; resolved to a Pulumi secret Output at the edge. */
export interface SecretRef {
  key: string;
}

export interface KubernetesSettings {
  /** Deliver nothing to Kubernetes (e.g. Compose-only local stacks). Default true. */
  enabled: boolean;
  /** kubeconfig context to use; default the kubeconfig's current context. */
  context?: string;
  /** Path of a kubeconfig file on the machine running Pulumi; default the usual lookup. */
  kubeconfigPath?: string;
  /** kubeconfig contents from the secret key `kafka:kubeconfig` (it usually holds credentials). */
  kubeconfig?: SecretRef;
  /** `cluster` applies to the cluster; `render` writes manifests to renderDirectory instead. Default cluster. */
  mode: KubernetesMode;
  /** Render mode: where manifests go (the provider's renderYamlToDirectory). Default rendered/<stack>/manifests. */
  renderDirectory?: string;
  /**
   * Render mode: where Secrets go, below the git-ignored rendered/ only. Unset (the default): Secrets
   * are not rendered at all, so no credential is ever written to disk.
   */
  renderSecretsDirectory?: string;
  /** Create the services' namespaces (kept on delete). Default false: they must exist. */
  createNamespaces: boolean;
  /** Patch each catalog Deployment's env (envFrom + rollout hash). Default true. */
  patchDeployments: boolean;
  /** `annotate` an existing ServiceAccount, `create` it, or `none`. Default annotate. */
  serviceAccounts: ServiceAccountMode;
}

export interface Settings<B = unknown> {
  stack: string;
  provider: ProviderName;
  /** Path of the topic catalog, relative to the project directory. */
  catalogPath: string;
  /** Protect clusters and topics against `pulumi destroy` and replacement. Default: on for stacks named prod*. */
  protect: boolean;
  /** Let Pulumi delete topics removed from the catalog. Default false: they are only dropped from state. */
  allowTopicDeletion: boolean;
  /**
   * What a topic resource does with a topic that already exists on the cluster (admin-API
   * backends): `unmanaged` (default) adopts it when no other stack manages it, `shared` also when
   * another stack does, `never` refuses. Either way it must match the catalog.
   */
  topicAdoption: AdoptionPolicy;
  /** Owner tag for cloud resources (project key `owner`, typed in Pulumi.yaml). */
  owner?: string;
  kubernetes: KubernetesSettings;
  /** The chosen backend's own settings (`kafka:local`, `kafka:msk`, ...). */
  backend: B;
  /** MirrorMaker 2 from an old cluster during a cutover (`kafka:migration`); absent when off. */
  migration?: MigrationSettings;
}

/** What each backend module contributes to config parsing. */
export interface BackendSettingsParser {
  name: ProviderName;
  /** Whether the backend is implemented; others fail with "not available yet". */
  available: boolean;
  /** Config keys (without namespace) this backend reads, secrets included. */
  keys: readonly string[];
  parse(f: Fields, raw: RawConfig, stack: string): unknown;
}

const CORE_KEYS = [
  'provider',
  'catalog',
  'protect',
  'allowTopicDeletion',
  'topicAdoption',
  'kubernetes',
  'kubeconfig',
];

/** Where a config problem is: the full key, with a path inside structured values. */
export function configWhere(path: readonly (string | number)[]): string {
  const [key, ...rest] = path;
  let out = `${NAMESPACE}:${String(key)}`;
  for (const part of rest) out += typeof part === 'number' ? `[${part}]` : `.${part}`;
  return out;
}

/**
 * Parses and validates the whole `kafka:` namespace. Pure; reports every problem at once.
 * `backends` supplies each backend's parser so new backends need no change here.
 */
export function parseSettings(
  raw: RawConfig,
  stack: string,
  backends: readonly BackendSettingsParser[],
): { settings: Settings; problems: Problem[] } {
  const problems: Problem[] = [];
  const f = new Fields(problems, configWhere);
  const v = raw.values;

  const known = new Set([...CORE_KEYS, ...MIGRATION_KEYS, ...backends.flatMap((b) => b.keys)]);
  for (const key of Object.keys(v)) {
    if (!known.has(key)) {
      f.report([key], `is not a known setting (known: ${oneOf([...known].sort())})`);
    }
  }

  const providerValue = f.requiredString(v.provider, ['provider'], { allowed: PROVIDERS });
  const provider = providerValue as ProviderName | undefined;
  const backend = backends.find((b) => b.name === provider);
  if (provider && (!backend || !backend.available)) {
    const ready = backends.filter((b) => b.available).map((b) => b.name);
    f.report(['provider'], `${show(provider)} is not available yet (available now: ${oneOf(ready)})`);
  }

  const catalogPath = f.string(v.catalog, ['catalog']) ?? DEFAULT_CATALOG;
  const protect = f.boolean(v.protect, ['protect']) ?? /^prod/.test(stack);
  const allowTopicDeletion = f.boolean(v.allowTopicDeletion, ['allowTopicDeletion']) ?? false;
  if (protect && allowTopicDeletion) {
    f.report(
      ['allowTopicDeletion'],
      'cannot be true while kafka:protect is true (protected topics are never deleted)',
    );
  }
  const topicAdoption =
    (f.string(v.topicAdoption, ['topicAdoption'], { allowed: ADOPTION_POLICIES }) as
      AdoptionPolicy | undefined) ?? 'unmanaged';
  const owner = typeof raw.project?.owner === 'string' ? raw.project.owner : undefined;

  const kubernetes = parseKubernetesSettings(f, raw, stack, secretRef);

  const migration = parseMigrationSettings(f, raw, kubernetes.enabled);
  const backendSettings = backend?.available ? backend.parse(f, raw, stack) : undefined;
  const settings: Settings = {
    stack,
    provider: provider ?? 'local',
    catalogPath,
    protect,
    allowTopicDeletion,
    topicAdoption,
    kubernetes,
    backend: backendSettings,
    ...opt('owner', owner),
    ...opt('migration', migration),
  };
  return { settings, problems };
}

/**
 * Reads a secret key. A credential set without `--secret` is refused: it would sit in plain
 * text in the stack file and in state.
 */
export function secretRef(f: Fields, raw: RawConfig, key: string): SecretRef | undefined {
  if (raw.values[key] === undefined) return undefined;
  if (!raw.secretKeys.has(key)) {
    f.report(
      [key],
      `holds a credential and must be set with: pulumi config set --secret ${NAMESPACE}:${key} <value>`,
    );
    return undefined;
  }
  return { key };
}

/** `{ key: value }` when value is defined, `{}` otherwise (keeps optional fields absent). */
export function opt<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}
