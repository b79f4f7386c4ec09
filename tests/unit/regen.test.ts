import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { writeOrCheck } from '../../scripts/generatedFiles';
import { GENERATORS } from '../../scripts/regen';
import { PROJECT_DIR } from '../harness/plan';

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** One command regenerates everything: the drift errors name it, docs/catalog.md says so. */
describe('npm run regen', () => {
  it('runs every generator: each npm script whose file writes through writeOrCheck', () => {
    const generators = Object.entries(pkg.scripts)
      .filter(([, command]) => {
        const file = /^tsx (\S+\.ts)$/.exec(command)?.[1];
        return file && fs.readFileSync(path.join(PROJECT_DIR, file), 'utf8').includes('writeOrCheck(');
      })
      .map(([name]) => name)
      .sort();
    assert.ok(generators.length >= 3, generators.join(', '));
    assert.deepEqual([...GENERATORS].sort(), generators);
    assert.equal(pkg.scripts.regen, 'tsx scripts/regen.ts');
  });

  it('a drift error names npm run regen (and the one generator, for those who want only it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regen-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'old\n');
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (
      written.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    let code: number;
    try {
      code = writeOrCheck({
        projectDir: dir,
        wanted: [{ path: 'a.txt', content: 'new\n' }],
        stale: [],
        check: true,
        script: 'compose:generate',
      });
    } finally {
      process.stderr.write = original;
    }
    assert.equal(code, 1);
    assert.equal(
      written.join(''),
      'out of date, run npm run regen (every generated file; npm run compose:generate for these alone):\n  a.txt\n',
    );
  });

  it('docs/catalog.md tells whoever edits the catalog to run it', () => {
    const doc = fs.readFileSync(path.join(PROJECT_DIR, 'docs/catalog.md'), 'utf8');
    assert.match(doc, /`npm run regen`/);
  });
});
