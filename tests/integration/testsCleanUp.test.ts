// The test suites that write catalogs, stack files and manifests leave nothing in the system's
// temporary folder: run as their own process with a fresh TMPDIR, which must be empty afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { makeTempDirSync, removeTempDir, REPO_ROOT } from '../harness/kafka';

const SUITES = [
  'tests/unit/program.test.ts',
  'tests/unit/cli/plan.test.ts',
  'tests/unit/k8s/badInput.test.ts',
  'tests/unit/migration/plan.test.ts',
  'tests/unit/providers/msk/cluster.test.ts',
];

describe('tests clean up after themselves', { timeout: 600_000 }, () => {
  const tmp = makeTempDirSync('tests-tmpdir-');
  after(() => removeTempDir(tmp));

  it(`leaves the temporary folder as it found it (${SUITES.length} suites that write files)`, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...SUITES], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      // Without the runner's NODE_TEST_CONTEXT, the child runs its tests instead of reporting to us.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, TMPDIR: tmp },
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /\n# pass [1-9]\d*\n/);
    // tsx keeps its compile cache there (tsx-<uid>); that one is not ours to remove.
    assert.deepEqual(
      readdirSync(tmp).filter((f) => !f.startsWith('tsx-')),
      [],
    );
  });
});
