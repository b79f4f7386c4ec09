import { Fields } from './fields';

/** The config namespace: `pulumi config set kafka:provider local`. */
export const NAMESPACE = 'kafka';

/**
 * Stack config as it arrives: values by key (without the `kafka:` prefix), objects already parsed
 * from JSON, and which keys were set with `pulumi config set --secret`.
 */
export interface RawConfig {
  values: Record<string, unknown>;
  secretKeys: ReadonlySet<string>;
  /** Project-namespaced keys (`kafka-platform:owner`); their defaults are declared in the code. */
  project?: Record<string, unknown>;
  /**
   * Which keys of other namespaces are set (full key, e.g. `confluentcloud:cloudApiKey`) and whether
   * with --secret; their values stay out. A backend whose cloud credentials are its Pulumi provider's
   * own config keys refuses them when missing or in plain text, like every other credential.
   */
  otherKeys?: Readonly<Record<string, { secret: boolean }>>;
}

/** A reference to a secret config key; resolved to a Pulumi secret Output at the edge. */
export interface SecretRef {
  key: string;
}

/** Where a config problem is: the full key, with a path inside structured values. */
export function configWhere(path: readonly (string | number)[]): string {
  const [key, ...rest] = path;
  let out = `${NAMESPACE}:${String(key)}`;
  for (const part of rest) out += typeof part === 'number' ? `[${part}]` : `.${part}`;
  return out;
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

/**
 * Reads a credential that is another namespace's key (a Pulumi provider's own config, e.g.
 * `confluentcloud:cloudApiSecret`): required, and only accepted when set with --secret. Reports
 * under the full key; true when it can be used.
 */
export function otherSecretKey(f: Fields, raw: RawConfig, fullKey: string): boolean {
  const key = raw.otherKeys?.[fullKey];
  const command = `pulumi config set --secret ${fullKey} <value>`;
  if (!key) {
    f.problems.push({ where: fullKey, message: `is required: set it with ${command}` });
    return false;
  }
  if (!key.secret) {
    f.problems.push({ where: fullKey, message: `holds a credential and must be set with: ${command}` });
    return false;
  }
  return true;
}

/** `{ key: value }` when value is defined, `{}` otherwise (keeps optional fields absent). */
export function opt<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}
