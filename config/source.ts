import * as pulumi from '@pulumi/pulumi';
import { NAMESPACE, RawConfig } from './rawConfig';

/** Reads the `kafka:` namespace (and project keys) from the running Pulumi program: the I/O edge of config. */
export function readStackConfig(): RawConfig {
  return toRawConfig(pulumi.runtime.allConfig(), isSecret, pulumi.getProject());
}

/**
 * The engine's view of config (full keys, string values, objects as JSON text) as RawConfig.
 * JSON that does not parse stays a string, so validation reports it against its key.
 */
export function toRawConfig(
  all: Record<string, string>,
  isSecretKey: (fullKey: string) => boolean,
  project: string,
): RawConfig {
  const values: Record<string, unknown> = {};
  const projectValues: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  const otherKeys: Record<string, { secret: boolean }> = {};
  for (const [fullKey, text] of Object.entries(all)) {
    const split = fullKey.indexOf(':');
    const [ns, key] = [fullKey.slice(0, split), fullKey.slice(split + 1)];
    if (ns === project) projectValues[key] = parseValue(text);
    if (ns !== NAMESPACE) {
      if (ns !== project) otherKeys[fullKey] = { secret: isSecretKey(fullKey) };
      continue;
    }
    values[key] = parseValue(text);
    if (isSecretKey(fullKey)) secretKeys.add(key);
  }
  return { values, secretKeys, project: projectValues, otherKeys };
}

function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Whether a key was set with --secret. The SDK's runtime knows (from the engine); the function is
 * marked internal in its typings, so it is looked up defensively.
 */
function isSecret(fullKey: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  return typeof runtime.isConfigSecret === 'function' ? runtime.isConfigSecret(fullKey) : false;
}

/** Resolves a secret config key to a Pulumi secret. */
export function readSecret(key: string): pulumi.Output<string> {
  return new pulumi.Config(NAMESPACE).requireSecret(key);
}
