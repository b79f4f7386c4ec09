import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Declarations } from '../../../config/declare';
import { SETTINGS_DOCS_DIR, settingsDocFiles } from '../../../config/settingsDocs';
import { settingsSections } from '../../../input';
import { BACKENDS } from '../../../providers';
import { assertGeneratedUpToDate } from '../../harness/generated';
import { PROJECT_DIR } from '../../harness/plan';

const read = (rel: string) => fs.readFileSync(path.join(PROJECT_DIR, rel), 'utf8');

/** Every declared key with its full name, the way the docs name it. */
function keysOf(keys: Declarations, prefix?: string): string[] {
  return Object.entries(keys).flatMap(([name, d]) => {
    const key = prefix === undefined ? `kafka:${name}` : `${prefix}.${name}`;
    const inner =
      d.shape !== 'secret' && d.fields ? keysOf(d.fields, d.shape === 'list' ? `${key}[]` : key) : [];
    return [key, ...inner];
  });
}

describe('generated settings reference (docs/settings)', () => {
  it('covers the core, kubernetes, migration and monitoring sections and every built backend’s', () => {
    assert.deepEqual(
      settingsSections().map((s) => s.name),
      [
        'core',
        'kubernetes',
        'migration',
        'monitoring',
        ...BACKENDS.filter((b) => b.available).map((b) => b.name),
      ],
    );
    assert.ok(['msk', 'local'].every((name) => settingsSections().some((s) => s.name === name)));
  });

  it('every committed page is what the declarations generate (run npm run settings:docs)', async () => {
    const files = await settingsDocFiles(settingsSections(), PROJECT_DIR);
    for (const file of files) assert.equal(read(file.path), file.content, file.path);
    const committed = fs
      .readdirSync(path.join(PROJECT_DIR, SETTINGS_DOCS_DIR))
      .map((f) => `${SETTINGS_DOCS_DIR}/${f}`);
    assert.deepEqual(committed.sort(), files.map((f) => f.path).sort(), 'no page without a section');
  });

  it('every declared key has its own entry with why it exists', () => {
    for (const section of settingsSections()) {
      const page = read(`${SETTINGS_DOCS_DIR}/${section.name}.md`);
      for (const key of keysOf(section.keys)) {
        assert.match(page, new RegExp(`^## \`${key.replace(/[.[\]]/g, '\\$&')}\`\\n\\n\\S`, 'm'), key);
      }
    }
  });

  it('npm run settings:docs -- --check agrees (what CI and people run)', () => {
    assertGeneratedUpToDate('scripts/settings-docs.ts');
  });
});
