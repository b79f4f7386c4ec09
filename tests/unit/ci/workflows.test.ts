import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PROJECT_DIR } from '../../harness/plan';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  uses?: string;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  strategy?: { matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
  steps?: Step[];
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(PROJECT_DIR, '.github', 'workflows');
const read = (name: string) => parse(fs.readFileSync(path.join(WORKFLOWS, name), 'utf8')) as Workflow;
const actionlint = path.join(PROJECT_DIR, '.cache', 'bin', 'actionlint');

/**
 * The workflows as a team relies on them. actionlint (in `npm run lint`, and run here on a broken
 * copy to show it checks) catches what GitHub would reject; these tests hold the promises the
 * docs make: policy pack on every preview and update, updates never cancelled, production behind
 * its environment, fork code never run with a token that can write, matrices from the repository.
 */
describe('GitHub workflows', () => {
  it('actionlint and ShellCheck pass, and fail a workflow with a broken run script', () => {
    const ok = spawnSync(actionlint, ['-no-color'], { cwd: PROJECT_DIR, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlint-'));
    try {
      // actionlint finds the workflows of the git repository it runs in.
      spawnSync('git', ['init', '-q'], { cwd: dir });
      fs.cpSync(path.join(PROJECT_DIR, '.github'), path.join(dir, '.github'), { recursive: true });
      const file = path.join(dir, '.github', 'workflows', 'drift.yml');
      fs.writeFileSync(
        file,
        fs
          .readFileSync(file, 'utf8')
          .replace('cat drift.md >> "$GITHUB_STEP_SUMMARY"', 'cat drift.md >> $GITHUB_STEP_SUMMARY'),
      );
      const broken = spawnSync(actionlint, ['-no-color'], { cwd: dir, encoding: 'utf8' });
      assert.equal(broken.status, 1);
      assert.match(broken.stdout, /drift\.yml:\d+:\d+: shellcheck reported issue in this script: SC2086/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every pulumi preview and up runs the policy pack', () => {
    const steps = fs
      .readdirSync(WORKFLOWS)
      .flatMap((f) => Object.values(read(f).jobs).flatMap((j) => j.steps ?? []));
    const uses = steps.filter((s) => s.uses?.startsWith('pulumi/actions@') && s.with?.command);
    assert.deepEqual(uses.map((s) => s.with!.command).sort(), ['up']);
    for (const s of uses) assert.equal(s.with!.policyPacks, 'policy');
    // The preview runs through our script, whose output our own comment posts.
    assert.ok(steps.some((s) => s.run?.includes('scripts/ci/pulumi-preview.sh')));
    assert.match(
      fs.readFileSync(path.join(PROJECT_DIR, 'scripts/ci/pulumi-preview.sh'), 'utf8'),
      /pulumi preview --stack "\$stack" --diff --policy-pack policy/,
    );
  });

  it('every pulumi/actions step installs the CLI version the e2e suite runs (the SDK version)', () => {
    const steps = fs
      .readdirSync(WORKFLOWS)
      .flatMap((f) => Object.values(read(f).jobs).flatMap((j) => j.steps ?? []))
      .filter((s) => s.uses?.startsWith('pulumi/actions@'));
    assert.ok(steps.length >= 5);
    for (const s of steps) assert.equal(s.with?.['pulumi-version-file'], '.github/pulumi-version');
    const sdk = JSON.parse(
      fs.readFileSync(path.join(PROJECT_DIR, 'node_modules/@pulumi/pulumi/package.json'), 'utf8'),
    ) as {
      version: string;
    };
    assert.equal(
      fs.readFileSync(path.join(PROJECT_DIR, '.github/pulumi-version'), 'utf8').trim(),
      sdk.version,
    );
  });

  it('deploy: tests first, non-production then production, one update per stack, never cancelled', () => {
    const deploy = read('deploy.yml');
    assert.deepEqual(Object.keys(deploy.on), ['push', 'workflow_dispatch']);
    assert.deepEqual(deploy.on.push, { branches: ['main'] });
    assert.equal(deploy.jobs.test!.uses, './.github/workflows/ci.yml');
    assert.equal(deploy.jobs.up!.with!.stacks, '${{ needs.stacks.outputs.staging }}');
    assert.equal(deploy.jobs['up-production']!.with!.stacks, '${{ needs.stacks.outputs.production }}');
    assert.match(
      deploy.jobs['up-production']!.if!,
      /needs\.up\.result == 'success' \|\| needs\.up\.result == 'skipped'/,
    );
    const up = read('pulumi-up.yml').jobs.up!;
    assert.equal(
      up.environment,
      '${{ matrix.stack.name }}',
      'each stack in its own environment (production: reviewers)',
    );
    assert.deepEqual(up.concurrency, {
      group: 'pulumi-up-${{ matrix.stack.name }}',
      'cancel-in-progress': false,
    });
  });

  it('stack matrices come from the repository (npm run plan -- --list cloud), never a list in YAML', () => {
    for (const name of ['preview.yml', 'deploy.yml', 'drift.yml']) {
      const text = fs.readFileSync(path.join(WORKFLOWS, name), 'utf8');
      assert.match(text, /npm run -s plan -- --list cloud --json/, name);
      assert.doesNotMatch(text, /stack: \[/, `${name} has no literal stack list`);
    }
  });

  it('fork pull requests: no cloud preview, the offline difference instead, commented without running their code', () => {
    const preview = read('preview.yml');
    assert.match(
      preview.jobs.preview!.if!,
      /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/,
    );
    const diff = read('plan-diff.yml');
    assert.deepEqual(Object.keys(diff.on), ['pull_request'], 'every pull request gets the difference');
    assert.equal(diff.jobs['offline-plan-diff']!.if, undefined);
    assert.deepEqual(diff.permissions, { contents: 'read' });
    assert.deepEqual(preview.permissions, { contents: 'read' });
    const comment = read('plan-comment.yml');
    assert.deepEqual(Object.keys(comment.on), ['workflow_run']);
    const steps = comment.jobs.comment!.steps!;
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    assert.deepEqual(checkout?.with, { 'sparse-checkout': 'scripts/ci' }, 'the default branch, scripts only');
    assert.ok(!steps.some((s) => s.run?.includes('npm')), 'nothing of the pull request runs');
  });

  it('drift: nightly and by hand, read-only access, one issue per stack', () => {
    const drift = read('drift.yml');
    assert.deepEqual(Object.keys(drift.on).sort(), ['schedule', 'workflow_dispatch']);
    const job = drift.jobs.drift!;
    assert.equal(job.environment, '${{ matrix.stack.name }}-drift');
    const issue = job.steps!.find((s) => s.run?.includes('scripts/ci/drift-issue.sh'));
    assert.equal(issue?.if, 'always()', 'a check that could not run is reported too');
    assert.deepEqual(job.permissions, { contents: 'read', 'id-token': 'write', issues: 'write' });
    assert.ok(job.steps!.some((s) => s.run?.includes('scripts/ci/drift-check.sh')));
    assert.ok(job.steps!.some((s) => s.run?.includes('scripts/ci/drift-issue.sh')));
  });
});
