// `npm run regen`: every generated file of the repository, one command (`-- --check`: compare only,
// exit 1 naming what is out of date). A catalog or settings change needs nothing else.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The generators, in order: each is an npm script whose file writes through writeOrCheck
 * (scripts/generatedFiles.ts). tests/unit/regen.test.ts fails when a generator is missing here.
 */
export const GENERATORS = [
  'settings:docs',
  'compose:generate',
  'ci:access',
  'monitoring:scale',
  'python:contract',
  'plan:update',
] as const;

function main(): number {
  const args = process.argv.slice(2);
  const projectDir = path.resolve(__dirname, '..');
  let failed = 0;
  for (const script of GENERATORS) {
    process.stdout.write(`npm run ${script}${args.length ? ` -- ${args.join(' ')}` : ''}\n`);
    const run = spawnSync('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      cwd: projectDir,
      stdio: 'inherit',
    });
    if (run.status !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main();
