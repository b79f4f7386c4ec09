import * as pulumi from '@pulumi/pulumi';
import { NAMESPACE, RawConfig } from './settings';

/**
 * Reads the `kafka:` namespace from the running Pulumi program (the I/O edge of config).
 * Structured values arrive as JSON text and are parsed here; parse failures become strings so
 * validation reports them against their key.
 */
export function readStackConfig(): RawConfig {
  const all = pulumi.runtime.allConfig();
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  const project: Record<string, unknown> = {};
  const prefix = `${NAMESPACE}:`;
  const projectPrefix = `${pulumi.getProject()}:`;
  for (const [fullKey, text] of Object.entries(all)) {
    if (fullKey.startsWith(projectPrefix)) project[fullKey.slice(projectPrefix.length)] = parseValue(text);
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    values[key] = parseValue(text);
    if (isSecret(fullKey)) secretKeys.add(key);
  }
  return { values, secretKeys, project };
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
