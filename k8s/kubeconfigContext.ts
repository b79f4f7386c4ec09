import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Problem } from '../config/problems';
import { KubernetesSettings } from './settings';

/** A kubeconfig file the Kubernetes provider would read, and its text when it exists. */
export interface KubeconfigFile {
  path: string;
  text?: string;
}

/**
 * The files the provider merges, in its order: `kafka:kubernetes.kubeconfigPath`, else every file
 * of `$KUBECONFIG`, else `~/.kube/config` (client-go's loading rules,
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files).
 */
export function kubeconfigFiles(
  settings: Pick<KubernetesSettings, 'kubeconfigPath'>,
  env: NodeJS.ProcessEnv = process.env,
): KubeconfigFile[] {
  const paths = settings.kubeconfigPath
    ? [settings.kubeconfigPath]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(path.delimiter).filter(Boolean)
      : [path.join(os.homedir(), '.kube', 'config')];
  return paths.map((p) => (existsSync(p) ? { path: p, text: readFileSync(p, 'utf8') } : { path: p }));
}

/** The context names a set of kubeconfig files defines (unreadable files define none). */
export function contextNames(files: readonly KubeconfigFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    if (file.text === undefined) continue;
    let doc: unknown;
    try {
      doc = parse(file.text);
    } catch {
      continue; // the provider reports a broken kubeconfig in its own words
    }
    const contexts = (doc as { contexts?: unknown } | null)?.contexts;
    if (!Array.isArray(contexts)) continue;
    for (const c of contexts) {
      const name = (c as { name?: unknown } | null)?.name;
      if (typeof name === 'string') names.add(name);
    }
  }
  return [...names];
}

/**
 * A missing kubeconfig context, said before the Kubernetes provider says it (its message suggests
 * PULUMI_K8S_DELETE_UNREACHABLE, which is never the fix here): which setting names it, which
 * contexts exist, and the two ways out. Pure.
 */
export function missingContextProblem(
  settings: Pick<KubernetesSettings, 'context' | 'kubeconfigPath' | 'kubeconfig' | 'mode' | 'enabled'>,
  files: readonly KubeconfigFile[],
  provider: string,
): Problem | undefined {
  const { context } = settings;
  // Contents held in the secret kafka:kubeconfig are only readable as a Pulumi secret: the provider checks them.
  if (!settings.enabled || settings.mode !== 'cluster' || !context || settings.kubeconfig) return undefined;
  const known = contextNames(files);
  if (known.includes(context)) return undefined;
  const read = files.map((f) => (f.text === undefined ? `${f.path} (absent)` : f.path)).join(', ');
  const off =
    provider === 'local'
      ? 'or keep to Compose and host runs (each service’s env files, no cluster): ' +
        '`pulumi config rm --path kafka:kubernetes.context`'
      : 'or turn delivery off: `pulumi config set --path kafka:kubernetes.enabled false`';
  const hint =
    provider === 'local' && /^kind-/.test(context)
      ? ` (e.g. \`kind create cluster --name ${context.replace(/^kind-/, '')}\`)`
      : '';
  return {
    where: 'kafka:kubernetes.context',
    message:
      `context ${JSON.stringify(context)} is not in the kubeconfig (read ${read}; ` +
      `contexts there: ${known.length ? known.map((k) => JSON.stringify(k)).join(', ') : 'none'}). ` +
      `Create that cluster${hint} or set kafka:kubernetes.context to one of them, ${off}`,
  };
}

/** The current context the provider would use: the first file that sets one wins (client-go's merge). */
export function currentContext(files: readonly KubeconfigFile[]): { name: string; file: string } | undefined {
  for (const file of files) {
    if (file.text === undefined) continue;
    try {
      const name = (parse(file.text) as { 'current-context'?: unknown } | null)?.['current-context'];
      if (typeof name === 'string' && name) return { name, file: file.path };
    } catch {
      // a broken file: the provider says so
    }
  }
  return undefined;
}

/**
 * Delivery with no `kafka:kubernetes.context`: the provider takes the kubeconfig's current
 * context, whichever cluster that is today. Said on every run (a notice naming it), and a problem
 * when there is none. Pure.
 */
export function implicitContext(
  settings: Pick<KubernetesSettings, 'context' | 'kubeconfig' | 'mode' | 'enabled'>,
  files: readonly KubeconfigFile[],
): { problem?: Problem; notice?: string } {
  if (!settings.enabled || settings.mode !== 'cluster' || settings.context || settings.kubeconfig) return {};
  const current = currentContext(files);
  const read = files.map((f) => (f.text === undefined ? `${f.path} (absent)` : f.path)).join(', ');
  if (!current) {
    return {
      problem: {
        where: 'kafka:kubernetes.context',
        message: `is not set and the kubeconfig (read ${read}) has no current context: set it to the context of the cluster to deliver to`,
      },
    };
  }
  return {
    notice:
      `kafka:kubernetes.context is not set: delivering to the kubeconfig's current context ` +
      `${JSON.stringify(current.name)} (${current.file}); set kafka:kubernetes.context to pin the cluster`,
  };
}
