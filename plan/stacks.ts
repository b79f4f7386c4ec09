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
  /**
   * Whether the runner needs a kubeconfig for this stack (`kubeContext !== null`), as a boolean:
   * workflows test this, never `kubeContext != null`, because GitHub's expressions coerce `''`
   * (the current context) to null-equal (https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#operators).
   */
  needsKubeconfig: boolean;
  /** Listed in DEPLOYED_STACKS_FILE: CI previews, deploys and drift-checks it. */
  deployed: boolean;
  /** Its plan snapshot, relative to the project directory. */
  snapshot: string;
}

/**
 * The one list of stacks CI previews, deploys (`pulumi up` on main) and checks for drift, relative
 * to the project directory: `stacks: [name, ...]`, each a committed `Pulumi.<name>.yaml`. Every
 * other stack file is planned and snapshotted only (the committed `dev` and `prod` are examples
 * with placeholder ids). docs/ci.md tells a team to edit it.
 */
export const DEPLOYED_STACKS_FILE = '.github/deployed-stacks.yaml';

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
  const deployed = new Set(deployedStackNames(projectDir).map((d) => d.name));
  const committed = fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file))
    .filter((m): m is RegExpExecArray => !!m && !TEST_STACK.test(m[1]!) && !PERSONAL_STACK.test(m[1]!))
    .map((m) => ({ ...stackOf(projectDir, m[1]!, m[0], 'committed'), deployed: deployed.has(m[1]!) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const committedFiles = new Set(committed.map((s) => s.configFile));
  const examples = BACKENDS.flatMap((b) => (b.available ? b.conformance.examples : []))
    // A committed stack file may double as an example; one a change deletes is no example either.
    .filter((file) => !committedFiles.has(file) && fs.existsSync(path.join(projectDir, file)))
    .sort()
    .map((file) => stackOf(projectDir, path.basename(file, '.yaml'), file, 'example'));
  return [...committed, ...examples];
}

/** The stacks `pulumi preview`, `pulumi up` and drift detection run on: listed in DEPLOYED_STACKS_FILE. */
export function cloudStacks(stacks: readonly RepoStack[]): RepoStack[] {
  return stacks.filter((s) => s.kind === 'committed' && s.deployed);
}

/** A name in DEPLOYED_STACKS_FILE, with its line (for error messages). */
export interface DeployedName {
  name: string;
  line: number;
}

/** The names DEPLOYED_STACKS_FILE lists (none when the file is absent or lists none). */
export function deployedStackNames(projectDir: string): DeployedName[] {
  const file = path.join(projectDir, DEPLOYED_STACKS_FILE);
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const doc = parse(lines.join('\n')) as { stacks?: unknown } | null;
  const names = Array.isArray(doc?.stacks) ? doc.stacks : [];
  return names.map((n) => {
    const name = String(n);
    // Its line: the first (comment-free) line with the name as a word of its own.
    const line = lines.findIndex((l) =>
      l
        .replace(/#.*/, '')
        .split(/[\s[\],:'"]+|^-/)
        .includes(name),
    );
    return { name, line: line + 1 };
  });
}

/**
 * What is wrong with DEPLOYED_STACKS_FILE, all at once: names without a committed stack file,
 * the `local` backend (a developer's own cluster, not CI's), test stacks. Empty when it is right.
 */
export function deployedStackProblems(projectDir: string): string[] {
  const file = path.join(projectDir, DEPLOYED_STACKS_FILE);
  if (fs.existsSync(file)) {
    const doc = parse(fs.readFileSync(file, 'utf8')) as { stacks?: unknown } | null;
    if (doc !== null && (typeof doc !== 'object' || !Array.isArray(doc.stacks))) {
      return [
        `${DEPLOYED_STACKS_FILE}: \`stacks\` must be a list of stack names (e.g. stacks: [staging, prod-eu])`,
      ];
    }
  }
  const committed = new Map(
    repoStacks(projectDir)
      .filter((s) => s.kind === 'committed')
      .map((s) => [s.name, s]),
  );
  const problems: string[] = [];
  for (const { name, line } of deployedStackNames(projectDir)) {
    const at = `${DEPLOYED_STACKS_FILE}:${line}`;
    const stack = committed.get(name);
    if (!stack) problems.push(`${at}: stack "${name}" has no Pulumi.${name}.yaml in the project directory`);
    else {
      // Which backends CI deploys, each backend says (providers/<backend>/ciAccess.ts).
      const backend = BACKENDS.find((b) => b.available && b.name === stack.provider);
      if (backend?.available && !backend.ciAccess.deploy) {
        const deployable = BACKENDS.filter((b) => b.available && b.ciAccess.deploy).map((b) => b.name);
        problems.push(
          `${at}: stack "${name}" is kafka:provider ${stack.provider} (${backend.ciAccess.why}): CI deploys only ${deployable.join(', ')} stacks`,
        );
      }
    }
  }
  return problems;
}

/** Looks a stack up by the name `npm run plan -- --stack NAME` takes. */
export function findStack(stacks: readonly RepoStack[], name: string): RepoStack | undefined {
  return stacks.find((s) => s.name === name && s.kind === 'committed') ?? stacks.find((s) => s.name === name);
}

function stackOf(projectDir: string, name: string, configFile: string, kind: RepoStack['kind']): RepoStack {
  const config = configOf(path.join(projectDir, configFile));
  const provider = config['kafka:provider'];
  const kubeContext = kubeContextOf(config);
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
    kubeContext,
    needsKubeconfig: kubeContext !== null,
    deployed: false,
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
