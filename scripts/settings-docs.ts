import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SETTINGS_DOCS_DIR, settingsDocFiles } from '../config/settingsDocs';
import { settingsSections } from '../input';

/**
 * Writes docs/settings/*.md from the settings declarations (one page per section, plus an index).
 * `--check` writes nothing and exits 1 when a committed page differs or a stale one is left.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const projectDir = path.resolve(__dirname, '..');
  const wanted = await settingsDocFiles(settingsSections(), projectDir);
  const wantedPaths = new Set(wanted.map((f) => f.path));
  const dir = path.join(projectDir, SETTINGS_DOCS_DIR);
  const stale = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    .map((name) => `${SETTINGS_DOCS_DIR}/${name}`)
    .filter((rel) => rel.endsWith('.md') && !wantedPaths.has(rel));

  if (values.check) {
    const differing = wanted
      .filter((f) => read(path.join(projectDir, f.path)) !== f.content)
      .map((f) => f.path);
    const out = [...differing, ...stale.map((s) => `${s} (no such settings section)`)];
    if (out.length > 0) {
      process.stderr.write(
        `out of date, run npm run settings:docs:\n${out.map((o) => `  ${o}`).join('\n')}\n`,
      );
      return 1;
    }
    process.stdout.write(`up to date: ${wanted.length} files\n`);
    return 0;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const file of wanted) fs.writeFileSync(path.join(projectDir, file.path), file.content);
  for (const rel of stale) fs.rmSync(path.join(projectDir, rel));
  process.stdout.write(
    `wrote ${wanted.length} files${stale.length ? `, removed ${stale.join(', ')}` : ''}\n`,
  );
  return 0;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
