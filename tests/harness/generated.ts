import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_DIR } from './plan';

/** Runs a generator with `--check`, as CI and people do, and asserts the committed files are current. */
export function assertGeneratedUpToDate(script: string): void {
  const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, [script, '--check'], { cwd: PROJECT_DIR, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^up to date: \d+ files$/m);
}
