import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Problem } from '../config/problems';

/** Stack config as the engine would pass it to the program, read from the project's YAML files. */
export interface StackConfig {
  project: string;
  stack: string;
  /** Full keys to string values (objects as JSON), like PULUMI_CONFIG. */
  config: Record<string, string>;
  /** Full keys set with --secret (values the plan cannot and does not decrypt). */
  secretKeys: string[];
}

/** Placeholder the plan uses for encrypted values; it never prints or needs the real one. */
export const SECRET_PLACEHOLDER = 'offline-plan-secret-placeholder';

/**
 * Merges Pulumi.yaml's project config (defaults for typed keys, `value` for namespaced keys) with
 * the stack file, as `pulumi up` does. Encrypted (`secure:`) values become placeholders marked secret.
 */
export function readStackConfig(
  projectDir: string,
  stack: string,
  configFile?: string,
): { stackConfig?: StackConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const projectFile = path.join(projectDir, 'Pulumi.yaml');
  const project = readYaml(projectFile, problems) as
    { name?: string; config?: Record<string, unknown> } | undefined;
  const stackFile = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
  const stackDoc = readYaml(stackFile, problems) as { config?: Record<string, unknown> } | undefined;
  if (!project || !stackDoc) return { problems };
  const name = project.name ?? 'project';

  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  const put = (key: string, value: unknown) => {
    const full = key.includes(':') ? key : `${name}:${key}`;
    if (isSecure(value) || containsSecure(value)) secretKeys.add(full);
    const plain = replaceSecure(value);
    config[full] = typeof plain === 'string' ? plain : JSON.stringify(plain);
  };
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl && typeof decl === 'object' && !Array.isArray(decl)) {
      const d = decl as { value?: unknown; default?: unknown };
      if (d.value !== undefined) put(key, d.value);
      else if (d.default !== undefined) put(key, d.default);
    } else {
      put(key, decl);
    }
  }
  for (const [key, value] of Object.entries(stackDoc.config ?? {})) put(key, value);
  return { stackConfig: { project: name, stack, config, secretKeys: [...secretKeys] }, problems };
}

function readYaml(file: string, problems: Problem[]): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    problems.push({ where: file, message: 'file not found' });
    return undefined;
  }
  try {
    return parse(text) ?? {};
  } catch (err) {
    problems.push({ where: file, message: `invalid YAML: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

function isSecure(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'secure' in value && Object.keys(value).length === 1;
}

function containsSecure(value: unknown): boolean {
  if (isSecure(value)) return true;
  if (value && typeof value === 'object') return Object.values(value).some(containsSecure);
  return false;
}

function replaceSecure(value: unknown): unknown {
  if (isSecure(value)) return SECRET_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(replaceSecure);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v)]));
  }
  return value;
}
