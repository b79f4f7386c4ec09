import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Declaration } from '../../config/declare';
import { settingsSections } from '../../input';
import { BACKENDS } from '../../providers';
import { PROJECT_DIR } from '../harness/plan';

/** Every Markdown file a user reads: README.md and docs/** (generated settings pages included). */
function docs(): { file: string; text: string }[] {
  const out: string[] = ['README.md'];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.md')) out.push(rel);
    }
  };
  walk('docs');
  return out.map((file) => ({ file, text: fs.readFileSync(path.join(PROJECT_DIR, file), 'utf8') }));
}

/** `file:line` of each match of `re` in the docs. */
function occurrences(re: RegExp): { at: string; match: RegExpExecArray }[] {
  const found: { at: string; match: RegExpExecArray }[] = [];
  for (const { file, text } of docs()) {
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(new RegExp(re.source, `${re.flags.replace('g', '')}g`)))
        found.push({ at: `${file}:${i + 1}`, match: m as RegExpExecArray });
    });
  }
  return found;
}

/** Declared settings keys, dotted (`local.bootstrapServers`), from the one declaration system. */
function declaredKeys(): Set<string> {
  const keys = new Set<string>();
  const add = (prefix: string, decl: Declaration) => {
    keys.add(prefix);
    const fields = (decl as { fields?: Record<string, Declaration> }).fields;
    if (fields) for (const [k, d] of Object.entries(fields)) add(`${prefix}.${k}`, d);
  };
  for (const section of settingsSections(BACKENDS))
    for (const [k, d] of Object.entries(section.keys)) add(k, d as Declaration);
  return keys;
}

describe('docs cannot drift from the code', () => {
  it('every `npm run` script a doc names exists in package.json', () => {
    const scripts = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as { scripts: object })
        .scripts,
    );
    const missing = occurrences(/npm run ([a-z][a-z0-9:-]*)/)
      .filter(({ match }) => !scripts.includes(match[1]!))
      .map(({ at, match }) => `${at}: npm run ${match[1]}`);
    assert.deepEqual(missing, []);
  });

  it('every kafka: settings key a doc names is declared', () => {
    const declared = declaredKeys();
    const unknown = occurrences(
      /`(?:pulumi config set (?:--path |--secret )*)?kafka:([a-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)/,
    )
      .filter(({ match }) => !declared.has(match[1]!))
      .map(({ at, match }) => `${at}: kafka:${match[1]}`);
    assert.deepEqual(unknown, []);
  });

  it('no link or path points outside the repository', () => {
    const outside: string[] = [];
    for (const { at, match } of occurrences(/\]\(([^)\s]+)\)/)) {
      const target = match[1]!.split('#')[0]!;
      if (!target || /^(https?:|mailto:)/.test(target)) continue;
      const file = at.slice(0, at.lastIndexOf(':'));
      const resolved = path.resolve(PROJECT_DIR, path.dirname(file), target);
      if (!resolved.startsWith(`${PROJECT_DIR}${path.sep}`)) outside.push(`${at}: ${match[1]}`);
      else if (!fs.existsSync(resolved)) outside.push(`${at}: ${match[1]} (no such file)`);
    }
    for (const { at, match } of occurrences(/(\.\.\/shared\/|\/work\/)\S*/))
      outside.push(`${at}: ${match[0]}`);
    assert.deepEqual(outside, []);
  });

  it('a backend available in the registry is called available everywhere (never "not available yet" or "coming")', () => {
    const available = BACKENDS.filter((b) => b.available).map((b) => b.name);
    assert.ok(available.length >= 4, available.join(', '));
    const contradictions = occurrences(/(not available yet|coming backends?|not yet available)/i).map(
      ({ at, match }) => `${at}: ${match[0]}`,
    );
    assert.deepEqual(contradictions, []);
    // The README's table lists each available backend as available.
    const readme = fs.readFileSync(path.join(PROJECT_DIR, 'README.md'), 'utf8');
    for (const name of available) assert.match(readme, new RegExp(`\\| \`${name}\`\\s*\\| available`), name);
  });
});
