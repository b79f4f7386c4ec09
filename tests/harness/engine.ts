// The real Pulumi engine for the e2e suite: the `pulumi` CLI (the one scripts/pulumi-engine.sh
// puts in ~/.cache, or the user's own at the pinned version) driven through the Automation API, with a file
// state backend in a temp directory and a passphrase secrets provider. Nothing leaves the machine.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LocalWorkspace,
  PulumiCommand,
  Stack,
  type OutputMap,
  type PreviewResult,
  type UpResult,
} from '@pulumi/pulumi/automation';
import { stringify } from 'yaml';
import { makeTempDir, REPO_ROOT } from './kafka';

/** The version the e2e suite runs: the SDK's, pinned in .github/pulumi-version. */
const PULUMI_VERSION = `v${readFileSync(path.join(REPO_ROOT, '.github', 'pulumi-version'), 'utf8').trim()}`;

/** Where scripts/pulumi-engine.sh puts the engine; PULUMI_ENGINE_DIR overrides it there too. */
const BUILT_ENGINE = path.join(
  process.env.PULUMI_ENGINE_DIR ?? path.join(os.homedir(), '.cache', `pulumi-engine-${PULUMI_VERSION}`),
  'bin',
);

/**
 * The directory holding the `pulumi` CLI to test with: the engine scripts/pulumi-engine.sh
 * assembled (CLI, language host and Kubernetes plugin together), else a `pulumi` on PATH at exactly
 * the pinned version (an older CLI, like the one a GitHub runner image ships, would test another engine).
 */
export function pulumiBinDir(): string {
  if (existsSync(path.join(BUILT_ENGINE, 'pulumi'))) {
    linkDynamicProvider(BUILT_ENGINE);
    return BUILT_ENGINE;
  }
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .find((dir) => dir && existsSync(path.join(dir, 'pulumi')));
  if (onPath && versionOf(path.join(onPath, 'pulumi')) === PULUMI_VERSION) return onPath;
  throw new Error(
    `the e2e suite needs the Pulumi CLI ${PULUMI_VERSION} (.github/pulumi-version)` +
      (onPath ? `; ${onPath}/pulumi is ${versionOf(path.join(onPath, 'pulumi'))}` : '') +
      ': get it with bash scripts/pulumi-engine.sh (see docs/testing.md)',
  );
}

function versionOf(pulumi: string): string {
  try {
    return execFileSync(pulumi, ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * pulumi-engine.sh links the dynamic-provider plugin (a script in @pulumi/pulumi that resolves the provider
 * from the program's directory) out of the checkout it ran in; once that checkout is gone (a CI
 * clone), the link dangles and every dynamic resource fails with "no resource plugin". The script
 * is the same in every checkout, so a dangling or missing link is pointed at this one.
 */
function linkDynamicProvider(binDir: string): void {
  const link = path.join(binDir, 'pulumi-resource-pulumi-nodejs');
  if (existsSync(link)) return; // follows the link: present and resolving
  const script = path.join(REPO_ROOT, 'node_modules', '@pulumi', 'pulumi', 'pulumi-resource-pulumi-nodejs');
  try {
    unlinkSync(link);
  } catch {
    // there was no link at all
  }
  symlinkSync(script, link);
}

export interface EngineRun {
  /** Everything the CLI printed (stdout and stderr), for assertions on messages. */
  output: string;
}

/** What a failed operation printed, with the CLI's exit. */
export class EngineError extends Error {
  constructor(
    readonly output: string,
    cause: unknown,
  ) {
    super(`${(cause as Error)?.message ?? String(cause)}\n--- output ---\n${output}`);
  }
}

export interface E2eStack {
  readonly name: string;
  readonly stack: Stack;
  /** Writes the stack's config file as a user would edit Pulumi.<stack>.yaml (plain keys). */
  configure(config: Record<string, unknown>): Promise<void>;
  /** `pulumi config set --secret key value` for each entry. */
  setSecrets(secrets: Record<string, string>): Promise<void>;
  up(opts?: { replace?: string[]; refresh?: boolean }): Promise<UpResult & EngineRun>;
  preview(opts?: { refresh?: boolean; diff?: boolean }): Promise<PreviewResult & EngineRun>;
  refresh(): Promise<EngineRun & { summary: Record<string, number> }>;
  destroy(): Promise<EngineRun>;
  /** `pulumi stack export` as text, as a user runs it (secrets stay encrypted). */
  exportText(): Promise<string>;
  outputs(): Promise<OutputMap>;
  /** Removes the stack (state included) and its config file. */
  remove(): Promise<void>;
}

export interface Engine {
  /**
   * A new stack, named e2e-<prefix>-<random>, of the kafka-platform project (the repo itself) or
   * of the project in `workDir` (benchmark fixtures).
   */
  newStack(prefix: string, workDir?: string): Promise<E2eStack>;
  /**
   * An existing stack of this engine, run from another program directory (the same stack under
   * another version of the program: the upgrade test). Its config file is copied from `from`.
   */
  openStack(from: E2eStack, workDir: string): Promise<E2eStack>;
  /**
   * A stack of a small program of the test's own (Automation API inline program), for resources
   * the kafka-platform program registers only with a cloud around them (e.g. SCRAM ACLs on MSK).
   * Its directory is inside the repo, so the engine's provider host finds node_modules.
   */
  newInlineStack(prefix: string, program: () => Promise<Record<string, unknown> | void>): Promise<Stack>;
  /** `pulumi stack export` (secrets stay encrypted) of any stack of this engine. */
  exportText(stack: Stack): string;
  /** Environment for the CLI: state backend, passphrase, no plugin downloads. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** A file state backend in a temp directory, shared by the stacks of one test file. */
export async function startEngine(): Promise<Engine> {
  const binDir = pulumiBinDir();
  const stateDir = await makeTempDir('pulumi-state-');
  const home = await makeTempDir('pulumi-home-');
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(binDir), skipVersionCheck: true });
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: 'e2e-passphrase',
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    // Plugins come from this run's PULUMI_HOME (installBuiltPlugins), not from next to the CLI.
    PULUMI_IGNORE_AMBIENT_PLUGINS: 'true',
  };
  installBuiltPlugins(binDir, env);
  const stacks: E2eStack[] = [];
  // Not the Automation API's exportStack: that one passes --show-secrets.
  const exportText = (stack: Stack) =>
    execFileSync(path.join(binDir, 'pulumi'), ['stack', 'export', '--stack', stack.name], {
      cwd: stack.workspace.workDir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });

  const newStack = async (prefix: string, workDir = REPO_ROOT): Promise<E2eStack> => {
    const name = `e2e-${prefix}-${randomBytes(3).toString('hex')}`;
    const stack = await LocalWorkspace.createStack(
      { stackName: name, workDir },
      { pulumiCommand, envVars: env },
    );
    return wrap(name, workDir, stack);
  };

  const openStack = async (from: E2eStack, workDir: string): Promise<E2eStack> => {
    const file = (dir: string) => path.join(dir, `Pulumi.${from.name}.yaml`);
    writeFileSync(file(workDir), readFileSync(file(from.stack.workspace.workDir)));
    const stack = await LocalWorkspace.selectStack(
      { stackName: from.name, workDir },
      { pulumiCommand, envVars: env },
    );
    return wrap(from.name, workDir, stack);
  };

  const wrap = (name: string, workDir: string, stack: Stack): E2eStack => {
    const configFile = path.join(workDir, `Pulumi.${name}.yaml`);
    const capture = () => {
      let output = '';
      const onOutput = (text: string) => (output += text);
      return { onOutput, onError: onOutput, get: () => output };
    };
    const run = async <T>(op: (c: ReturnType<typeof capture>) => Promise<T>): Promise<T & EngineRun> => {
      const c = capture();
      try {
        const result = await op(c);
        return Object.assign(result as object, { output: c.get() }) as T & EngineRun;
      } catch (err) {
        throw new EngineError(c.get() + ((err as { stderr?: string }).stderr ?? ''), err);
      }
    };
    const e2e: E2eStack = {
      name,
      stack,
      async configure(config) {
        // Keep the encryption salt the CLI wrote, as a user's edit of the file would.
        const existing = existsSync(configFile) ? readFileSync(configFile, 'utf8') : '';
        const salt = /^encryptionsalt: .*$/m.exec(existing)?.[0];
        const secure = Object.fromEntries(
          [...existing.matchAll(/^ {2}(\S+):\n {4}secure: (\S+)$/gm)].map((m) => [m[1]!, { secure: m[2]! }]),
        );
        writeFileSync(
          configFile,
          `${salt ? `${salt}\n` : ''}${stringify({ config: { ...config, ...secure } })}`,
        );
      },
      async setSecrets(secrets) {
        for (const [key, value] of Object.entries(secrets))
          await stack.setConfig(key, { value, secret: true });
      },
      up: (opts = {}) =>
        run((c) => stack.up({ ...opts, onOutput: c.onOutput, onError: c.onError, color: 'never' })),
      preview: (opts = {}) =>
        run((c) => stack.preview({ ...opts, onOutput: c.onOutput, onError: c.onError, color: 'never' })),
      refresh: () =>
        run(async (c) => {
          const r = await stack.refresh({ onOutput: c.onOutput, onError: c.onError, color: 'never' });
          return { summary: (r.summary.resourceChanges ?? {}) as Record<string, number> };
        }),
      destroy: () => run((c) => stack.destroy({ onOutput: c.onOutput, onError: c.onError, color: 'never' })),
      exportText: async () => exportText(stack),
      outputs: () => stack.outputs(),
      async remove() {
        await stack.workspace.removeStack(name, { force: true }).catch(() => undefined);
        rmSync(configFile, { force: true });
      },
    };
    stacks.push(e2e);
    return e2e;
  };

  const inlineStacks: Stack[] = [];
  const newInlineStack = async (prefix: string, program: () => Promise<Record<string, unknown> | void>) => {
    const name = `e2e-${prefix}-${randomBytes(3).toString('hex')}`;
    const workDir = path.join(REPO_ROOT, '.cache', 'e2e', name);
    mkdirSync(workDir, { recursive: true });
    const stack = await LocalWorkspace.createStack(
      {
        stackName: name,
        projectName: `kafka-platform-${prefix}`,
        program: async () => (await program()) ?? {},
      },
      { workDir, pulumiCommand, envVars: env },
    );
    inlineStacks.push(stack);
    return stack;
  };

  return {
    newStack,
    openStack,
    newInlineStack,
    exportText,
    env,
    async close() {
      for (const s of stacks) await s.remove();
      for (const s of inlineStacks) {
        await s.workspace.removeStack(s.name, { force: true }).catch(() => undefined);
        rmSync(s.workspace.workDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Plugins built next to the engine (the Kubernetes provider, with BUILD_K8S=1) are installed into
 * this run's PULUMI_HOME, as a user installs a plugin they built: `pulumi plugin install --file`.
 */
function installBuiltPlugins(binDir: string, env: Record<string, string>): void {
  const k8s = path.join(binDir, 'pulumi-resource-kubernetes');
  if (!existsSync(k8s)) return;
  const version = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'node_modules', '@pulumi', 'kubernetes', 'package.json'), 'utf8'),
  ).version as string;
  execFileSync(
    path.join(binDir, 'pulumi'),
    ['plugin', 'install', 'resource', 'kubernetes', `v${version}`, '--file', k8s],
    {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    },
  );
}

/** Whether the Kubernetes provider plugin is available to the e2e suite. */
export function hasKubernetesPlugin(): boolean {
  try {
    return existsSync(path.join(pulumiBinDir(), 'pulumi-resource-kubernetes'));
  } catch {
    return false;
  }
}
