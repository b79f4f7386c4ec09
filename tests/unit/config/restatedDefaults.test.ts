import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

/**
 * A default lives in its one declaration (issue 23, "Declared once, everywhere"). This test greps
 * the program's source for each declared default's literal written again elsewhere, in the forms a
 * restated default takes (a fallback, a `return`, a doc string, a project-config `default:`).
 */
const ROOT = path.resolve(__dirname, '../../..');

/** Program source: every .ts file outside tests, generated output and dependencies. */
function sourceFiles(dir = ROOT): string[] {
  const skip = new Set(['node_modules', 'tests', '.git', 'dist', 'bench', 'plan/snapshots']);
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(ROOT, full);
    if (skip.has(rel) || entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

interface Declared {
  /** The setting, as the user writes it. */
  key: string;
  /** The one file that declares its default. */
  declaredIn: string;
  /** The declaration itself (must occur exactly once, in `declaredIn`). */
  declaration: RegExp;
  /** The literal written again as a default anywhere else (or twice in `declaredIn`). */
  restated: RegExp;
  /** Where the setting is read (a path prefix), when the literal is common elsewhere. */
  scope?: string;
}

const DECLARED: Declared[] = [
  {
    key: 'kafka:msk.logRetentionDays',
    declaredIn: 'providers/msk/settingsKeys.ts',
    declaration: /DEFAULT_LOG_RETENTION_DAYS = 14;/g,
    restated: /(?:return|\?\?|\|\||default:)\s*14\b|`14`|DEFAULT_LOG_RETENTION_DAYS = 14;/g,
  },
  {
    key: 'kafka:msk.brokerCount',
    declaredIn: 'providers/msk/settingsKeys.ts',
    declaration: /MIN_DEFAULT_BROKERS = 2;/g,
    restated: /Math\.max\(\s*[\w.]+,\s*2\s*\)|at least 2\b|MIN_DEFAULT_BROKERS = 2;/g,
    scope: 'providers/msk/',
  },
  {
    key: 'kafka-platform:owner',
    declaredIn: 'config/stackSettings.ts',
    declaration: /DEFAULT_OWNER = 'platform-team';/g,
    restated: /platform-team|unassigned|core\.owner \?\? /g,
  },
  {
    key: 'kafka:catalog',
    declaredIn: 'config/stackSettings.ts',
    declaration: /DEFAULT_CATALOG = 'topics\/catalog\.yaml';/g,
    restated: /['"]topics\/catalog\.yaml['"]/g,
  },
  {
    key: 'kafka:allowTopicDeletion',
    declaredIn: 'config/stackSettings.ts',
    declaration: /allowTopicDeletion: flag\(\{\s*default: false,/g,
    restated: /allowTopicDeletion: flag\(\{\s*default: false,|allowTopicDeletion \?\? /g,
  },
];

describe('restated defaults', () => {
  const files = sourceFiles();
  const text = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));

  for (const d of DECLARED) {
    it(`${d.key}: its default is declared once, in ${d.declaredIn}`, () => {
      const declaring = text.get(d.declaredIn);
      assert.ok(declaring !== undefined, `${d.declaredIn} not found`);
      assert.equal(
        declaring.match(d.declaration)?.length ?? 0,
        1,
        `declaration ${d.declaration} in ${d.declaredIn}`,
      );
      const restatements: string[] = [];
      for (const [file, body] of text) {
        if (d.scope && !file.startsWith(d.scope)) continue;
        const hits = [...body.matchAll(d.restated)];
        // The declaration itself matches once in its own file; anything more is a restatement.
        const allowed = file === d.declaredIn ? 1 : 0;
        for (const hit of hits.slice(allowed)) {
          const line = body.slice(0, hit.index).split('\n').length;
          restatements.push(`${file}:${line}: ${hit[0]}`);
        }
      }
      assert.deepEqual(restatements, [], `${d.key}'s default restated outside its declaration`);
    });
  }

  it('Pulumi.yaml restates no default the code declares', () => {
    const project = parse(fs.readFileSync(path.join(ROOT, 'Pulumi.yaml'), 'utf8')) as {
      config?: Record<string, unknown>;
    };
    const restated = Object.entries(project.config ?? {})
      .filter(([key, decl]) => {
        const declared = key.startsWith('kafka:') || key === 'owner' || key === 'kafka-platform:owner';
        const hasValue =
          decl === null ||
          typeof decl !== 'object' ||
          'default' in (decl as object) ||
          'value' in (decl as object);
        return declared && hasValue;
      })
      .map(([key]) => key);
    assert.deepEqual(restated, [], 'defaults in Pulumi.yaml of keys declared in the code');
  });
});
