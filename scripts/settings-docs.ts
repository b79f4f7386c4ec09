import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SETTINGS_DOCS_DIR, settingsDocFiles } from '../config/settingsDocs';
import { settingsSections } from '../input';
import { runGenerator, staleFiles, writeOrCheck } from './generatedFiles';

/**
 * Writes docs/settings/*.md from the settings declarations (one page per section, plus an index).
 * `--check` writes nothing and exits 1 when a committed page differs or a stale one is left.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const projectDir = path.resolve(__dirname, '..');
  const wanted = await settingsDocFiles(settingsSections(), projectDir);
  const stale = staleFiles(projectDir, SETTINGS_DOCS_DIR, '.md', wanted, 'no such settings section');
  return writeOrCheck({ projectDir, wanted, stale, check: values.check, script: 'settings:docs' });
}

runGenerator(main);
