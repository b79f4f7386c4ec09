// docs/ci.md is the set-up checklist a team follows: every variable and secret the workflows and
// composite actions read is in its table with the right kind, nothing else is, and no secret is
// placed at repository level (a same-repository pull request's code would read it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_DIR } from '../../harness/plan';

interface Documented {
  kind: 'secret' | 'variable';
  where: string;
}

/** The names the workflows and actions read: `secrets.X` and `vars.X`. */
function readByWorkflows(): Map<string, 'secret' | 'variable'> {
  const files = [
    ...fs
      .readdirSync(path.join(PROJECT_DIR, '.github', 'workflows'))
      .map((f) => path.join('.github', 'workflows', f)),
    ...fs
      .readdirSync(path.join(PROJECT_DIR, '.github', 'actions'))
      .map((d) => path.join('.github', 'actions', d, 'action.yml')),
  ];
  const names = new Map<string, 'secret' | 'variable'>();
  for (const f of files) {
    const text = fs.readFileSync(path.join(PROJECT_DIR, f), 'utf8');
    for (const m of text.matchAll(/\b(secrets|vars)\.([A-Za-z0-9_]+)/g)) {
      names.set(m[2]!, m[1] === 'secrets' ? 'secret' : 'variable');
    }
  }
  return names;
}

/** The rows of the table in docs/ci.md's "Variables and secrets" step: names, kind, where. */
function documented(): Map<string, Documented> {
  const text = fs.readFileSync(path.join(PROJECT_DIR, 'docs', 'ci.md'), 'utf8');
  const start = text.search(/^### \d+\. Variables and secrets/m);
  assert.ok(start >= 0, 'docs/ci.md has a "Variables and secrets" step');
  const section = text.slice(start).split(/\n### /)[0]!;
  const rows = new Map<string, Documented>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1]!.startsWith('`')) continue;
    const kind = cells[2] as Documented['kind'];
    assert.ok(kind === 'secret' || kind === 'variable', line);
    for (const m of cells[1]!.matchAll(/`([A-Z0-9_]+)`/g)) rows.set(m[1]!, { kind, where: cells[3]! });
  }
  return rows;
}

describe('docs/ci.md matches the workflows', () => {
  it('every variable and secret the workflows read is documented with its kind, and nothing else is', () => {
    const read = readByWorkflows();
    const docs = documented();
    assert.ok(read.size >= 15);
    const missing = [...read].filter(([n]) => !docs.has(n)).map(([n, k]) => `${k} ${n}`);
    const extra = [...docs.keys()].filter((n) => !read.has(n));
    const wrongKind = [...read].filter(([n, k]) => docs.has(n) && docs.get(n)!.kind !== k).map(([n]) => n);
    assert.deepEqual({ missing, extra, wrongKind }, { missing: [], extra: [], wrongKind: [] });
  });

  it('no secret is placed at repository level; the docs say so', () => {
    for (const [name, d] of documented()) {
      if (d.kind === 'secret') assert.doesNotMatch(d.where, /repository|organi[sz]ation/i, name);
    }
    const text = fs.readFileSync(path.join(PROJECT_DIR, 'docs', 'ci.md'), 'utf8');
    assert.match(text, /\*\*No secret lives at repository \(or organisation\) level\.\*\*/);
    assert.match(text, /\.github\/deployed-stacks\.yaml/, 'where the deployed stacks are listed');
    assert.match(text, /The preview identity is not read-only in Kubernetes: it needs the same\s+rights\./);
  });

  it('names every workflow in .github/workflows', () => {
    const text = fs.readFileSync(path.join(PROJECT_DIR, 'docs', 'ci.md'), 'utf8');
    for (const f of fs.readdirSync(path.join(PROJECT_DIR, '.github', 'workflows'))) {
      assert.match(text, new RegExp(`\\| \`${f.replace('.', '\\.')}\`\\s+\\|`), f);
    }
  });
});
