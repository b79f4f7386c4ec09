import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BACKENDS } from '../../../providers';
import { planCommand } from '../../../plan/snapshots';
import { repoStacks, SNAPSHOT_DIR } from '../../../plan/stacks';
import { SECRET_PLACEHOLDER } from '../../../plan/stackConfig';
import { assertGeneratedUpToDate } from '../../harness/generated';
import { PROJECT_DIR } from '../../harness/plan';

const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
const snapshots = (...args: string[]) =>
  spawnSync(tsx, ['scripts/plan-snapshots.ts', ...args], { cwd: PROJECT_DIR, encoding: 'utf8' });

/**
 * Plan snapshots (plan/snapshots/): the offline plan of every committed stack and backend example,
 * committed as text, so a change to what a stack registers shows in review as a plain diff.
 */
describe('plan snapshots (npm run plan:update)', { timeout: 300_000 }, () => {
  // A scratch snapshot directory inside the project, as --snapshots takes one.
  const scratch = path.join(PROJECT_DIR, '.cache', `snapshots-test-${process.pid}`);
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('there is one snapshot per committed stack and per backend example, each the CLI output it names', () => {
    const stacks = repoStacks(PROJECT_DIR);
    const files = (dir: string): string[] =>
      fs
        .readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    assert.deepEqual(files(SNAPSHOT_DIR).sort(), stacks.map((s) => s.snapshot).sort());
    const examples = BACKENDS.flatMap((b) => (b.available ? b.conformance.examples : []));
    for (const file of examples)
      assert.ok(
        stacks.some((s) => s.configFile === file),
        file,
      );
    for (const s of stacks) {
      const text = fs.readFileSync(path.join(PROJECT_DIR, s.snapshot), 'utf8');
      assert.ok(text.startsWith(`# ${planCommand(s)}\n`), s.snapshot);
      assert.match(text, new RegExp(`^Plan for stack "${s.name}"$`, 'm'));
      assert.ok(!text.includes(SECRET_PLACEHOLDER), `no secret placeholder in ${s.snapshot}`);
    }
  });

  it('the committed snapshots are what the program plans now (npm run plan:update -- --check)', () => {
    assertGeneratedUpToDate('scripts/plan-snapshots.ts');
  });

  it('fails, naming the file, when the program plans something the snapshot does not show', () => {
    fs.cpSync(path.join(PROJECT_DIR, SNAPSHOT_DIR), scratch, { recursive: true });
    const rel = path.relative(PROJECT_DIR, scratch);

    // What a program change does to a snapshot nobody regenerated: the plan no longer matches.
    const prod = path.join(scratch, 'prod.txt');
    fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace('partitionCount: 6', 'partitionCount: 12'));
    fs.rmSync(path.join(scratch, 'local.txt'));
    fs.writeFileSync(path.join(scratch, 'retired.txt'), 'a stack that no longer exists\n');
    const check = snapshots('--check', '--snapshots', rel);
    assert.equal(check.status, 1);
    assert.match(
      check.stderr,
      /^out of date, run npm run regen \(every generated file; npm run plan:update for these alone\):$/m,
    );
    assert.match(check.stderr, new RegExp(`^  ${rel}/prod\\.txt$`, 'm'));
    assert.match(check.stderr, new RegExp(`^  ${rel}/local\\.txt$`, 'm'));
    assert.match(check.stderr, new RegExp(`^  ${rel}/retired\\.txt \\(no such stack or example\\)$`, 'm'));

    // Regenerating repairs all three: the copy is the committed snapshots again.
    const update = snapshots('--snapshots', rel);
    assert.equal(update.status, 0, update.stderr);
    assert.ok(!fs.existsSync(path.join(scratch, 'retired.txt')));
    for (const name of ['prod.txt', 'local.txt']) {
      assert.equal(
        fs.readFileSync(path.join(scratch, name), 'utf8'),
        fs.readFileSync(path.join(PROJECT_DIR, SNAPSHOT_DIR, name), 'utf8'),
      );
    }
  });
});
