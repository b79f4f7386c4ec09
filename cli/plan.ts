import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RunError } from '@pulumi/pulumi';
import { ValidationError } from '../config/problems';
import { diffPlans, PlanDiff } from '../plan/diff';
import { planInTree, RefError, unpackRef } from '../plan/gitRef';
import { iamPolicies, NoIamPolicy } from '../plan/iamPolicy';
import { EngineRefusal } from '../plan/mockRuntime';
import { Plan, planStack } from '../plan/plan';
import { renderJson, renderText } from '../plan/render';
import { DiffSides, renderDiffMarkdown, renderDiffText } from '../plan/renderDiff';
import { cloudStacks, deployedStackProblems, findStack, repoStacks, RepoStack } from '../plan/stacks';
import { shellDir } from './io';

const USAGE = [
  'usage: npm run plan -- --stack NAME [--config-file PATH] [--verbose | --json]',
  '       npm run plan -- --stack NAME | --all  --diff-against GIT_REF [--json | --markdown]',
  '       npm run plan -- --stack NAME [--config-file PATH] --iam-policy',
  '       npm run plan -- --list all|committed|cloud|examples [--json]',
  '  --diff-against: what the working tree changes in the plan of the stack (or of every committed',
  '  stack and backend example, --all) compared with the commit GIT_REF; secrets stay [secret].',
  "  --verbose: every resource's parent, dependencies and inputs, and every list in the stack outputs",
  '  (without it the plan fits one screen plus a line per resource).',
  '  --iam-policy: the IAM policy documents of the identities that preview and deploy the stack (JSON),',
  '  derived from what the plan registers; other backends are told what applies to them instead.',
].join('\n');

const LISTS = ['all', 'committed', 'cloud', 'examples'] as const;

/** A plan that could not be made, with the message a user sees (never a secret value). */
class PlanFailure extends Error {}

async function main(): Promise<number> {
  // The Pulumi SDK records a stack trace for every promise it makes; mapping each one back to
  // TypeScript sources dominated plan time on large catalogs. User errors carry no stack anyway.
  process.setSourceMapsEnabled(false);
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        stack: { type: 'string' },
        'config-file': { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'iam-policy': { type: 'boolean', default: false },
        'diff-against': { type: 'string' },
        all: { type: 'boolean', default: false },
        markdown: { type: 'boolean', default: false },
        list: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const projectDir = path.resolve(__dirname, '..');
  if (values.list !== undefined) return list(projectDir, values.list, values.json);
  if (values.all && values.stack) return usage('--all and --stack exclude each other');
  if (values.all && !values['diff-against']) return usage('--all needs --diff-against GIT_REF');
  if (values.markdown && !values['diff-against']) return usage('--markdown needs --diff-against GIT_REF');
  if (values.markdown && values.json) return usage('--markdown and --json exclude each other');
  if (!values.stack && !values.all) return usage('--stack is required');
  if (values['iam-policy'] && (values.json || values.verbose || values['diff-against'] || values.all)) {
    return usage(
      '--iam-policy prints JSON policy documents of one stack: no --json, --verbose, --diff-against or --all',
    );
  }
  if (values.verbose && (values.json || values['diff-against'])) {
    return usage('--verbose applies to the text plan only (--json is always complete)');
  }

  const stacks = repoStacks(projectDir);
  let targets: Pick<RepoStack, 'name' | 'configFile'>[];
  if (values.all) {
    targets = stacks;
  } else {
    const name = values.stack!;
    const given = values['config-file'];
    const resolved = given ? path.resolve(shellDir(), given) : undefined;
    if (given && resolved && !fs.existsSync(resolved)) {
      return usage(`--config-file ${given}: file not found (resolved to ${resolved})`);
    }
    const configFile = resolved
      ? path.relative(projectDir, resolved)
      : (findStack(stacks, name)?.configFile ?? `Pulumi.${name}.yaml`);
    targets = [{ name, configFile }];
  }

  try {
    if (values['diff-against']) {
      return await diffAgainst(projectDir, values['diff-against'], targets, {
        json: values.json,
        markdown: values.markdown,
        all: values.all,
      });
    }
    const plan = await planTarget(projectDir, targets[0]!);
    if (values['iam-policy']) return printIamPolicies(plan);
    process.stdout.write(
      `${values.json ? renderJson(plan) : renderText(plan, { verbose: values.verbose })}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof PlanFailure || err instanceof RefError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** The plan of one stack of the working tree; bad config or catalog is a PlanFailure with every problem. */
async function planTarget(projectDir: string, s: Pick<RepoStack, 'name' | 'configFile'>): Promise<Plan> {
  try {
    return await planStack({ projectDir, stack: s.name, configFile: path.resolve(projectDir, s.configFile) });
  } catch (err) {
    // A RunError carries an already-formatted user message (e.g. validation inside the program).
    // What the engine itself would refuse (duplicate URNs, …) is a user-facing failure as well.
    if (err instanceof ValidationError || err instanceof EngineRefusal || RunError.isInstance(err)) {
      throw new PlanFailure(err.message);
    }
    throw err;
  }
}

/**
 * Plans each target at `ref` (the commit's own code and config, in a temp directory) and in the
 * working tree, and prints what changes between them.
 */
async function diffAgainst(
  projectDir: string,
  ref: string,
  targets: Pick<RepoStack, 'name' | 'configFile'>[],
  format: { json: boolean; markdown: boolean; all: boolean },
): Promise<number> {
  for (const t of targets) {
    if (t.configFile.startsWith('..')) {
      throw new PlanFailure(
        `--config-file must be inside the project to be found at ${ref}: ${t.configFile}`,
      );
    }
  }
  const tree = unpackRef(projectDir, ref);
  if (tree.warning) process.stderr.write(`note: ${tree.warning}\n`);
  const sides: DiffSides = { base: tree.label, head: headLabel(projectDir) };
  const diffs: { diff: PlanDiff; note?: string }[] = [];
  const failures: { stack: string; message: string }[] = [];
  try {
    for (const t of targets) {
      const base = await planInTree(tree.dir, t);
      if ('error' in base) {
        failures.push({ stack: t.name, message: `at ${sides.base}:\n${base.error}` });
        continue;
      }
      let head: Plan;
      try {
        head = await planTarget(projectDir, t);
      } catch (err) {
        if (!(err instanceof PlanFailure)) throw err;
        failures.push({ stack: t.name, message: `at ${sides.head}:\n${err.message}` });
        continue;
      }
      const missing = 'missing' in base;
      diffs.push({
        diff: diffPlans(missing ? undefined : base.plan, head),
        ...(missing ? { note: `${t.configFile} does not exist at ${sides.base}: everything is new.` } : {}),
      });
    }
    // --all: a committed stack the change deletes is everything removed, not silently left out.
    const kept = new Set(targets.map((t) => t.configFile));
    const deleted = format.all
      ? repoStacks(tree.dir).filter((s) => s.kind === 'committed' && !kept.has(s.configFile))
      : [];
    for (const t of deleted) {
      const base = await planInTree(tree.dir, t);
      if ('error' in base) failures.push({ stack: t.name, message: `at ${sides.base}:\n${base.error}` });
      if (!('plan' in base)) continue;
      diffs.push({
        diff: diffPlans(base.plan, undefined),
        note: `${t.configFile} is deleted at ${sides.head}: everything is removed.`,
      });
    }
  } finally {
    tree.remove();
  }

  if (format.markdown) {
    process.stdout.write(`${renderDiffMarkdown(diffs, sides, failures)}\n`);
  } else if (format.json) {
    const doc = { base: { ref, commit: tree.commit }, head: sides.head, stacks: diffs, failures };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    const text = diffs.map((d) => renderDiffText(d.diff, sides, d.note));
    const failed = failures.map((f) => `Plan difference for stack "${f.stack}": plan failed ${f.message}`);
    process.stdout.write(`${[...text, ...failed].join('\n\n')}\n`);
  }
  // A plan that fails on the working tree is the user's to fix (exit 2, as a plain plan does); one
  // that only fails at the base commit is reported in the output.
  return failures.some((f) => f.message.startsWith(`at ${sides.head}`)) ? 2 : 0;
}

/** The stack's preview and deploy IAM policies as one JSON document; exit 2 where none applies. */
function printIamPolicies(plan: Plan): number {
  try {
    const policies = iamPolicies(plan, String(plan.outputs.provider));
    process.stdout.write(`${JSON.stringify(policies, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof NoIamPolicy)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
}

/** `HEAD (1a2b3c4)` when the working tree is clean, else `working tree`. */
function headLabel(projectDir: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', projectDir, ...args], { encoding: 'utf8' }).trim();
  try {
    return git('status', '--porcelain', '--', '.') === ''
      ? `HEAD (${git('rev-parse', '--short=7', 'HEAD')})`
      : 'working tree';
  } catch {
    return 'working tree';
  }
}

/** The repository's stacks, for people and for CI matrices (`--list cloud --json`). */
function list(projectDir: string, which: string, json: boolean): number {
  if (!(LISTS as readonly string[]).includes(which)) {
    return usage(`--list: "${which}" is not one of ${LISTS.join(', ')}`);
  }
  if (which === 'cloud') {
    // A wrong deployed-stacks list fails the CI step that reads it (and so the run), all problems at once.
    const problems = deployedStackProblems(projectDir);
    if (problems.length > 0) {
      process.stderr.write(`${problems.join('\n')}\n`);
      return 1;
    }
  }
  const all = repoStacks(projectDir);
  const stacks =
    which === 'cloud'
      ? cloudStacks(all)
      : which === 'all'
        ? all
        : all.filter((s) => (which === 'committed' ? s.kind === 'committed' : s.kind === 'example'));
  if (json) {
    process.stdout.write(`${JSON.stringify(stacks)}\n`);
  } else {
    for (const s of stacks) {
      const prod = s.production ? ', production' : '';
      process.stdout.write(`${s.name.padEnd(20)} ${s.kind} (${s.provider}${prod})  ${s.configFile}\n`);
    }
  }
  return 0;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
