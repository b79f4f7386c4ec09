// Relative paths on the command line mean the user's shell directory, as they do for every other
// tool, although `npm run` starts the scripts in the project root. Run through npm from a
// subdirectory, as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_DIR } from '../../harness/plan';

// Inside the project (npm finds package.json upwards), in the git-ignored cache.
fs.mkdirSync(path.join(PROJECT_DIR, '.cache'), { recursive: true });
const here = fs.mkdtempSync(path.join(PROJECT_DIR, '.cache', 'shell-dir-'));
after(() => fs.rmSync(here, { recursive: true, force: true }));

function npmRun(script: string, ...args: string[]) {
  const result = spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: here,
    encoding: 'utf8',
    env: { ...process.env, PULUMI_CONFIG: '', PULUMI_CONFIG_SECRET_KEYS: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('relative --catalog, --out, --merge and --config-file resolve against the shell directory', () => {
  it('topics:diff --catalog: a missing file is reported with the flag and the resolved path', () => {
    const { code, stderr } = npmRun('topics:diff', '--brokers', '127.0.0.1:1', '--catalog', 'mine.yaml');
    assert.equal(code, 2);
    assert.match(
      stderr,
      new RegExp(
        `--catalog: catalog file "mine.yaml" does not exist \\(resolved to ${path.join(here, 'mine.yaml')}\\)`,
      ),
    );
  });

  it('topics:diff without --catalog reads the project catalog, wherever the shell is', () => {
    // Exit 3 (cluster unreachable) means the catalog was found and valid: it got as far as the cluster.
    const { code, stderr } = npmRun('topics:diff', '--brokers', '127.0.0.1:1', '--connect-timeout-ms', '500');
    assert.equal(code, 3, stderr);
    assert.match(stderr, /cannot reach Kafka brokers 127\.0\.0\.1:1/);
  });

  it('topics:export --merge and --out name their flag and resolve in the shell directory', () => {
    fs.writeFileSync(path.join(here, 'out.yaml'), 'topics: []\n');
    const { code, stderr } = npmRun(
      'topics:export',
      '--brokers',
      '127.0.0.1:1',
      '--merge',
      'nope.yaml',
      '--out',
      'out.yaml',
    );
    assert.equal(code, 2);
    assert.match(
      stderr,
      new RegExp(
        `--merge: catalog file "nope.yaml" does not exist \\(resolved to ${path.join(here, 'nope.yaml')}\\)`,
      ),
    );
    assert.match(
      stderr,
      new RegExp(`--out out.yaml: ${path.join(here, 'out.yaml')} already exists; add --force`),
    );
  });

  it('plan --config-file reads the stack file next to the user', () => {
    fs.writeFileSync(
      path.join(here, 'Pulumi.mine.yaml'),
      'config:\n  kafka:provider: local\n  kafka:local:\n    bootstrapServers: localhost:19092\n  kafka:kubernetes:\n    enabled: false\n',
    );
    const ok = npmRun('plan', '--stack', 'mine', '--config-file', 'Pulumi.mine.yaml', '--json');
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { stack: string }).stack, 'mine');
    const missing = npmRun('plan', '--stack', 'mine', '--config-file', 'Pulumi.other.yaml');
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      new RegExp(
        `^--config-file Pulumi.other.yaml: file not found \\(resolved to ${path.join(here, 'Pulumi.other.yaml')}\\)`,
      ),
    );
  });
});
