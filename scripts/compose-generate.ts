import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { COMPOSE_FILE, renderComposeFile } from '../compose/composeFile';
import { ENV_DIR, renderEnvFiles } from '../compose/envFiles';
import { formatProblems } from '../config/problems';
import { DEFAULT_CATALOG } from '../core/settings';
import { loadCatalog } from '../topics/loadCatalog';

/**
 * Writes the local-development files generated from the catalog: docker-compose.kafka.yml and
 * the env files under env/. `--check` writes nothing and exits 1 when a committed file differs.
 */
function main(): number {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const projectDir = path.resolve(__dirname, '..');
  const { catalog, problems } = loadCatalog(DEFAULT_CATALOG, projectDir);
  if (problems.length > 0) {
    process.stderr.write(`${formatProblems(problems)}\n`);
    return 2;
  }
  const wanted = [{ path: COMPOSE_FILE, content: renderComposeFile(catalog) }, ...renderEnvFiles(catalog)];
  const wantedPaths = new Set(wanted.map((f) => f.path));
  const stale = listFiles(path.join(projectDir, ENV_DIR))
    .map((full) => path.relative(projectDir, full).split(path.sep).join('/'))
    .filter((rel) => rel.endsWith('.env') && !wantedPaths.has(rel));

  if (values.check) {
    const differing = wanted
      .filter((f) => read(path.join(projectDir, f.path)) !== f.content)
      .map((f) => f.path);
    const out = [...differing, ...stale.map((s) => `${s} (no such service in the catalog)`)];
    if (out.length > 0) {
      process.stderr.write(
        `out of date, run npm run compose:generate:\n${out.map((o) => `  ${o}`).join('\n')}\n`,
      );
      return 1;
    }
    process.stdout.write(`up to date: ${wanted.length} files\n`);
    return 0;
  }
  for (const file of wanted) {
    const full = path.join(projectDir, file.path);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, file.content);
  }
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

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

process.exit(main());
