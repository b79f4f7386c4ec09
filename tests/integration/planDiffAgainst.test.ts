import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SECRET_PLACEHOLDER } from '../../plan/stackConfig';
import { PROJECT_DIR } from '../harness/plan';

/**
 * `npm run plan -- --diff-against <ref>` as a user (or the fork-PR workflow) runs it: in a git
 * repository of its own holding the project, with two real commits, the CLI of the later one
 * plans both and prints what changed. Nothing is mocked: the earlier commit is unpacked and its
 * own plan CLI runs there.
 */
describe('npm run plan -- --diff-against (two real commits)', { timeout: 600_000 }, () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });
  const plan = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/plan.ts', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, PULUMI_CONFIG: '', PULUMI_CONFIG_SECRET_KEYS: '' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const edit = (file: string, change: (text: string) => string) => {
    const full = path.join(repo, file);
    const text = fs.readFileSync(full, 'utf8');
    const changed = change(text);
    assert.notEqual(changed, text, `the test's edit of ${file} changed nothing`);
    fs.writeFileSync(full, changed);
  };

  before(() => {
    // The project's files as they are now (tracked and new, not ignored), in a repository of their own.
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-diff-repo-'));
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: PROJECT_DIR,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(PROJECT_DIR, f)));
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
      fs.copyFileSync(path.join(PROJECT_DIR, f), path.join(repo, f));
    }
    fs.symlinkSync(path.join(PROJECT_DIR, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    git('init', '-q', '-b', 'main');
    fs.appendFileSync(path.join(repo, '.git', 'info', 'exclude'), 'node_modules\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');

    // The change under review: a new topic a service produces to, more partitions for another, a
    // service with a SASL password (a secret) on the sasl example, and a topic removed on dev.
    edit('topics/catalog.yaml', (t) =>
      t
        .replace(/(- name: ml\.jobs\.failed\n(?:.*\n)*?\s+partitions:) 3/, '$1 6')
        .replace('\nservices:', '\n  - name: ml.jobs.audit\n    partitions: 3\n\nservices:')
        .replace(
          'produces: [ml.jobs.completed, ml.jobs.failed]',
          'produces: [ml.jobs.completed, ml.jobs.failed, ml.jobs.audit]',
        ),
    );
    edit('Pulumi.dev.yaml', (t) => t.replace('brokerCount: 2', 'brokerCount: 4'));
    edit('providers/local/examples/sasl.yaml', (t) =>
      t.replace('username: platform-services', 'username: platform-services-2'),
    );
    git('commit', '-q', '-am', 'head');
  });

  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('prints what a catalog change adds and changes in a stack, with before and after', () => {
    const { code, stdout, stderr } = plan('--stack', 'local', '--diff-against', 'HEAD~1');
    assert.equal(code, 0, stderr);
    const base = git('rev-parse', '--short=7', 'HEAD~1').trim();
    const head = git('rev-parse', '--short=7', 'HEAD').trim();
    assert.match(
      stdout,
      new RegExp(
        `^Plan difference for stack "local" \\(HEAD~1 \\(${base}\\) -> HEAD \\(${head}\\)\\): 1 to add, \\d+ to change`,
        'm',
      ),
    );
    assert.match(stdout, /^\+ pulumi-nodejs:dynamic\/kafka:Topic {2}ml\.jobs\.audit$/m);
    assert.match(
      stdout,
      /^~ pulumi-nodejs:dynamic\/kafka:Topic {2}ml\.jobs\.failed\n {6}inputs\.partitions: 3 -> 6$/m,
    );
    assert.match(
      stdout,
      /^ {6}KAFKA_PRODUCES: "ml\.jobs\.completed,ml\.jobs\.failed" -> "ml\.jobs\.completed,ml\.jobs\.failed,ml\.jobs\.audit"$/m,
    );
    assert.match(stdout, /topics: added "ml\.jobs\.audit"/);
  });

  it('shows a stack config change on its own stack', () => {
    const { code, stdout } = plan('--stack', 'dev', '--diff-against', 'HEAD~1');
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^~ aws:msk\/cluster:Cluster {2}msk\n(?: {6}.*\n)*? {6}inputs\.numberOfBrokerNodes: 2 -> 4$/m,
    );
  });

  it('keeps what lives in a Secret out of the difference: a new SASL user shows only as pods rolling', () => {
    const { code, stdout } = plan('--stack', 'sasl', '--diff-against', 'HEAD~1', '--json');
    assert.equal(code, 0);
    for (const value of [SECRET_PLACEHOLDER, 'v1:AAABAExampleOnly', 'platform-services-2']) {
      assert.ok(!stdout.includes(value), `${value} in the difference`);
    }
    const doc = JSON.parse(stdout) as {
      stacks: { diff: { changed: { type: string; name: string; changes: { path: string }[] }[] } }[];
    };
    const changed = doc.stacks[0]!.diff.changed;
    assert.ok(
      !changed.some((r) => r.type === 'kubernetes:core/v1:Secret'),
      'Secret data is [secret] on both sides',
    );
    // backend-api's topics did not change: its connection hash moves only because its credentials did.
    const rollout = changed.find((r) => r.name === 'backend-api-env');
    assert.deepEqual(
      rollout?.changes.map((c) => c.path),
      ['inputs.spec.template.metadata.annotations.kafka-platform/connection-hash'],
    );
  });

  it('--all --markdown: one pull-request comment over every committed stack and example', () => {
    const { code, stdout, stderr } = plan('--all', '--diff-against', 'HEAD~1', '--markdown');
    assert.equal(code, 0, stderr);
    for (const stack of ['dev', 'local', 'prod', 'sasl', 'scram-acls', 'serverless']) {
      assert.match(stdout, new RegExp(`^\\| \`${stack}\` \\| .*to (add|change).* \\|$`, 'm'), stack);
    }
    assert.match(stdout, /^\+ aws:msk\/topic:Topic {2}ml\.jobs\.audit$/m);
    assert.ok(!stdout.includes(SECRET_PLACEHOLDER));
  });

  it('--all: a committed stack the change deletes shows as everything removed', () => {
    const file = path.join(repo, 'Pulumi.prod.yaml');
    const kept = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      const { code, stdout, stderr } = plan('--all', '--diff-against', 'HEAD', '--markdown');
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^\| `prod` \| \d+ to remove, env of 2 service\(s\), \d+ output\(s\) \|$/m);
      assert.match(stdout, /Pulumi\.prod\.yaml is deleted at working tree: everything is removed\./);
      assert.match(stdout, /^- aws:msk\/cluster:Cluster {2}msk$/m);
    } finally {
      fs.writeFileSync(file, kept);
    }
  });

  it('a stack the base commit does not have is all new; a ref that is no commit is a clear error', () => {
    fs.copyFileSync(path.join(repo, 'Pulumi.local.yaml'), path.join(repo, 'Pulumi.staging.yaml'));
    try {
      const added = plan('--stack', 'staging', '--diff-against', 'HEAD');
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /\(HEAD \([0-9a-f]{7}\) -> working tree\): \d+ to add/);
      assert.match(added.stdout, /Pulumi\.staging\.yaml does not exist at HEAD/);
    } finally {
      fs.rmSync(path.join(repo, 'Pulumi.staging.yaml'));
    }
    const bad = plan('--stack', 'local', '--diff-against', 'no-such-branch');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--diff-against: "no-such-branch" is not a commit of this repository/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  });
});
