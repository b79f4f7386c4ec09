// `npm run lint` on a machine that has only what lint checks with: Go (to build actionlint) and
// the usual shell tools, but no apt-get and no docker-compose (macOS, Fedora). It must not try to
// install anything else.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeTempDir, removeTempDir, REPO_ROOT } from '../harness/kafka';

const run = promisify(execFile);

/** The directory holding a command, found on this machine's PATH. */
async function which(command: string): Promise<string> {
  const { stdout } = await run('bash', ['-c', `command -v ${command}`]);
  return stdout.trim();
}

describe('lint needs only what it checks with', { timeout: 300_000 }, () => {
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map(removeTempDir)));

  it('lints the workflows without apt-get or docker-compose on PATH', async () => {
    const dir = await makeTempDir('lint-tools-');
    dirs.push(dir);
    const project = path.join(dir, 'project');
    await cp(path.join(REPO_ROOT, 'scripts'), path.join(project, 'scripts'), { recursive: true });
    await cp(path.join(REPO_ROOT, '.github'), path.join(project, '.github'), { recursive: true });
    await cp(path.join(REPO_ROOT, '.ci'), path.join(project, '.ci'), { recursive: true }); // shellchecked too
    await mkdir(path.join(project, '.git')); // actionlint finds the project by its .git
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    // A PATH with just these commands: no apt-get, no docker-compose, no actionlint yet; ShellCheck
    // is one of the two tools lint checks with (workflow run scripts, scripts/ci, composite actions).
    const bin = path.join(dir, 'bin');
    await mkdir(bin);
    for (const command of [
      'bash',
      'go',
      'node',
      'shellcheck',
      'ls',
      'wc',
      'mkdir',
      'dirname',
      'id',
      'cat',
      'env',
    ]) {
      await symlink(await which(command), path.join(bin, command));
    }
    const goEnv = Object.fromEntries(
      await Promise.all(
        ['GOPATH', 'GOMODCACHE', 'GOCACHE'].map(async (k) => [
          k,
          (await run('go', ['env', k])).stdout.trim(),
        ]),
      ),
    );
    const { stdout } = await run(path.join(bin, 'bash'), ['scripts/lint-workflows.sh'], {
      cwd: project,
      env: { PATH: bin, HOME: process.env.HOME ?? dir, ...goEnv },
    });
    const workflows = (await readdir(path.join(REPO_ROOT, '.github', 'workflows'))).length;
    assert.match(stdout, new RegExp(`actionlint: ${workflows} workflow\\(s\\) clean`));
  });
});
