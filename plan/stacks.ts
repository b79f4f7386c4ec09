import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { PERSONAL_STACK } from '../config/personalStack';
import { isProductionStack } from '../policy/production';
import { BACKENDS } from '../providers';

/** A stack the repository defines: a committed `Pulumi.<stack>.yaml` or a backend's example. */
export interface RepoStack {
  /** The stack name the plan runs with (`dev`; an example's file name without `.yaml`). */
  name: string;
  /** Its config file, relative to the project directory, `/`-separated. */
  configFile: string;
  /** `committed`: a stack people deploy; `example`: a backend's example, planned and snapshotted only. */
  kind: 'committed' | 'example';
  /** Its `kafka:provider` (`msk`, `local`, ...), or `unknown` when the file does not say. */
  provider: string;
  /** Named like a production stack (`prod*`): deployed behind approvals, held to the production guardrails. */
  production: boolean;
  /**
   * The kubeconfig context the machine running `pulumi up` must have for this stack (`''`: its
   * current context), or null when it needs none: Kubernetes disabled, render mode, or the
   * kubeconfig in the stack's own secret `kafka:kubeconfig`.
   */
  kubeContext: string | null;
  /** Its plan snapshot, relative to the project directory. */
  snapshot: string;
}

/** Where plan snapshots live, relative to the project directory. */
export const SNAPSHOT_DIR = 'plan/snapshots';

/**
 * Stack files a test creates in the project root while it runs (tests/harness/engine.ts names
 * them `e2e-<prefix>-<random>`; .gitignore keeps them out of commits): never repository stacks.
 */
const TEST_STACK = /^e2e-/;

/**
 * Every stack the repository defines, read from the repository itself: each `Pulumi.<stack>.yaml`
 * in the project root, and each example a registered backend declares (`conformance.examples`).
 * A new backend's examples and a new committed stack appear here, in the CI matrices and in the
 * snapshots, without any list to edit. Sorted: committed stacks first, then examples by file.
 */
export function repoStacks(projectDir: string): RepoStack[] {
  const committed = fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file))
    .filter((m): m is RegExpExecArray => !!m && !TEST_STACK.test(m[1]!) && !PERSONAL_STACK.test(m[1]!))
    .map((m) => stackOf(projectDir, m[1]!, m[0], 'committed'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const committedFiles = new Set(committed.map((s) => s.configFile));
  const examples = BACKENDS.flatMap((b) => (b.available ? b.conformance.examples : []))
    // A committed stack file may double as an example; one a change deletes is no example either.
    .filter((file) => !committedFiles.has(file) && fs.existsSync(path.join(projectDir, file)))
    .sort()
    .map((file) => stackOf(projectDir, path.basename(file, '.yaml'), file, 'example'));
  return [...committed, ...examples];
}

/** The stacks `pulumi preview`, `pulumi up` and drift detection run on: committed, not `local`. */
export function cloudStacks(stacks: readonly RepoStack[]): RepoStack[] {
  return stacks.filter((s) => s.kind === 'committed' && s.provider !== 'local');
}

/** Looks a stack up by the name `npm run plan -- --stack NAME` takes. */
export function findStack(stacks: readonly RepoStack[], name: string): RepoStack | undefined {
  return stacks.find((s) => s.name === name && s.kind === 'committed') ?? stacks.find((s) => s.name === name);
}

function stackOf(projectDir: string, name: string, configFile: string, kind: RepoStack['kind']): RepoStack {
  const config = configOf(path.join(projectDir, configFile));
  const provider = config['kafka:provider'];
  const snapshot =
    kind === 'committed'
      ? `${SNAPSHOT_DIR}/${name}.txt`
      : `${SNAPSHOT_DIR}/examples/${exampleOwner(configFile)}/${name}.txt`;
  return {
    name,
    configFile,
    kind,
    provider: typeof provider === 'string' ? provider : 'unknown',
    production: isProductionStack(name),
    kubeContext: kubeContextOf(config),
    snapshot,
  };
}

/** What the stack file says about reaching Kubernetes (the project default: enabled, cluster mode). */
function kubeContextOf(config: Record<string, unknown>): string | null {
  const k8s = (config['kafka:kubernetes'] ?? { enabled: true }) as {
    enabled?: boolean;
    mode?: string;
    context?: string;
  };
  if (k8s.enabled === false || k8s.mode === 'render' || config['kafka:kubeconfig'] !== undefined) return null;
  return typeof k8s.context === 'string' ? k8s.context : '';
}

/** `providers/msk/examples/x.yaml` -> `msk`: the backend folder an example belongs to. */
function exampleOwner(configFile: string): string {
  const parts = configFile.split('/');
  return parts[0] === 'providers' && parts[1] ? parts[1] : 'other';
}

function configOf(file: string): Record<string, unknown> {
  try {
    const doc = parse(fs.readFileSync(file, 'utf8')) as { config?: Record<string, unknown> } | null;
    return doc?.config ?? {};
  } catch {
    return {};
  }
}
