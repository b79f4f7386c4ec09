import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Plan } from './plan';

/** The project as it was at a commit, unpacked in a temp directory, ready to plan. */
export interface RefTree {
  /** The unpacked project directory. */
  dir: string;
  /** The full commit id the ref resolved to. */
  commit: string;
  /** How people name it: `origin/main (1a2b3c4)`. */
  label: string;
  /** Said when the commit's package-lock.json differs from the working tree's (dependencies are shared). */
  warning?: string;
  /** Removes the temp directory. */
  remove(): void;
}

/** What planning one stack at a ref gave: its plan, or that the stack did not exist, or why it failed. */
export type RefPlan = { plan: Plan } | { missing: true } | { error: string };

/** A ref that names no commit, or a repository git cannot read: a user error with what to do. */
export class RefError extends Error {}

/**
 * Unpacks the project directory as it is at `ref` (`git archive`: committed files only, nothing
 * of the working tree) into a temp directory whose node_modules is the project's own, so the
 * commit's own program and plan CLI run there. The repository is not touched (no worktree, no
 * checkout).
 */
export function unpackRef(projectDir: string, ref: string): RefTree {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', projectDir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new RefError(
      `--diff-against: "${ref}" is not a commit of this repository (a shallow clone may need it fetched ` +
        'first, e.g. git fetch origin main)',
    );
  }
  const prefix = git('rev-parse', '--show-prefix');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-base-'));
  try {
    const tar = execFileSync('git', ['-C', projectDir, 'archive', '--format=tar', `${commit}:${prefix}`], {
      maxBuffer: 512 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    // A node_modules the commit holds (a committed symlink) gives way to the project's own.
    fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    fs.symlinkSync(path.join(projectDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const lock = (d: string) => readOrUndefined(path.join(d, 'package-lock.json'));
  const short = commit.slice(0, 7);
  return {
    dir,
    commit,
    label: ref === commit || ref === short ? short : `${ref} (${short})`,
    ...(lock(dir) !== lock(projectDir)
      ? {
          warning:
            `package-lock.json differs at ${ref}: its plan ran with the working tree's dependencies, ` +
            'so a change that comes from a dependency upgrade alone does not show',
        }
      : {}),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Plans one stack in an unpacked tree with that tree's own plan CLI (`--json`), in its own
 * process as a user would run it. A stack whose config file the commit does not have is `missing`
 * (everything in the other plan is new); a plan the commit cannot make is an `error` with its
 * message (validation errors name keys and files, never secret values).
 */
export function planInTree(dir: string, stack: { name: string; configFile: string }): Promise<RefPlan> {
  if (!fs.existsSync(path.join(dir, stack.configFile))) return Promise.resolve({ missing: true });
  const args = [
    '--import',
    'tsx',
    'cli/plan.ts',
    '--stack',
    stack.name,
    '--config-file',
    stack.configFile,
    '--json',
  ];
  return new Promise((resolve) => {
    // The plan reads its stack config from files only: ambient Pulumi config must not leak in.
    const env = { ...process.env, PULUMI_CONFIG: '', PULUMI_CONFIG_SECRET_KEYS: '' };
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', (err) => resolve({ error: err.message }));
    child.on('close', (code) => {
      if (code !== 0) return resolve({ error: stderr.trim() || `plan exited with code ${code}` });
      try {
        resolve({ plan: JSON.parse(stdout) as Plan });
      } catch {
        resolve({ error: 'the plan CLI of that commit printed no JSON plan' });
      }
    });
  });
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
