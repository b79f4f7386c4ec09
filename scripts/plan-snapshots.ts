import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { snapshotFiles } from '../plan/snapshots';
import { repoStacks, SNAPSHOT_DIR } from '../plan/stacks';
import { runGenerator, staleFiles, writeOrCheck } from './generatedFiles';

/**
 * Writes plan/snapshots/ (`npm run plan:update`): the offline plan of every committed stack and
 * backend example. `--check` writes nothing and exits 1 when a snapshot differs from what the
 * program now plans, is missing, or belongs to no stack (npm test runs it). `--snapshots DIR`
 * reads and writes another directory (relative to the project), for tests.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      snapshots: { type: 'string', default: SNAPSHOT_DIR },
    },
  });
  // As in cli/plan.ts: source-mapped stack traces per SDK promise dominate plan time, and a user
  // error carries no stack.
  process.setSourceMapsEnabled(false);
  const projectDir = path.resolve(__dirname, '..');
  const dir = path.relative(projectDir, path.resolve(projectDir, values.snapshots)).split(path.sep).join('/');
  const wanted = await snapshotFiles(projectDir, repoStacks(projectDir), dir);
  const stale = staleFiles(projectDir, dir, '.txt', wanted, 'no such stack or example');
  return writeOrCheck({ projectDir, wanted, stale, check: values.check, script: 'plan:update' });
}

runGenerator(main);
