import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';

/** Runs the real promtool (Debian's prometheus package); a missing binary is a clear failure, not a skip. */
export function promtool(args: string[], cwd: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (run.error) {
    throw new Error(`promtool is needed (apt-get install -y prometheus): ${run.error.message}`);
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * Runs promtool's rule unit tests (`promtool test rules`) of `tests` against `ruleFile`, series
 * sampled every minute, from a test file written into `dir`; asserts they pass.
 */
export function assertRuleTests(dir: string, ruleFile: string, name: string, tests: object[]): void {
  const file = path.join(dir, `${name}.test.yml`);
  fs.writeFileSync(
    file,
    stringify({
      rule_files: [ruleFile],
      evaluation_interval: '1m',
      tests: tests.map((t) => ({ interval: '1m', ...t })),
    }),
  );
  const run = promtool(['test', 'rules', file], dir);
  assert.equal(run.status, 0, run.output);
}
