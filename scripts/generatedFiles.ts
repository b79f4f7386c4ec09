import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file a generator makes, relative to the project directory. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * Writes generated files and removes stale ones, or with `check` only compares them with the
 * committed ones: the one behaviour of every `npm run <generator>` (`-- --check` in tests and CI).
 * `stale` are committed files the generator no longer makes, with why. Returns the exit code.
 */
export function writeOrCheck(o: {
  projectDir: string;
  wanted: readonly GeneratedFile[];
  stale: readonly { path: string; why: string }[];
  check: boolean;
  /** The npm script that regenerates them, named in the message. */
  script: string;
}): number {
  const { projectDir, wanted, stale } = o;
  if (o.check) {
    const differing = wanted
      .filter((f) => read(path.join(projectDir, f.path)) !== f.content)
      .map((f) => f.path);
    const out = [...differing, ...stale.map((s) => `${s.path} (${s.why})`)];
    if (out.length > 0) {
      process.stderr.write(
        `out of date, run npm run regen (every generated file; npm run ${o.script} for these alone):\n` +
          `${out.map((p) => `  ${p}`).join('\n')}\n`,
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
  for (const s of stale) fs.rmSync(path.join(projectDir, s.path));
  const removed = stale.length ? `, removed ${stale.map((s) => s.path).join(', ')}` : '';
  process.stdout.write(`wrote ${wanted.length} files${removed}\n`);
  return 0;
}

/** The committed files below `dir` with `ending` that no generated file is any more, with `why`. */
export function staleFiles(
  projectDir: string,
  dir: string,
  ending: string,
  wanted: readonly GeneratedFile[],
  why: string,
): { path: string; why: string }[] {
  const wantedPaths = new Set(wanted.map((f) => f.path));
  return committedFiles(projectDir, dir, ending)
    .filter((rel) => !wantedPaths.has(rel))
    .map((rel) => ({ path: rel, why }));
}

/** Runs a generator as the process entry point: its exit code, or 1 with the error. */
export function runGenerator(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** Files below `dir` (recursively) with `ending`, relative to the project directory, `/`-separated. */
export function committedFiles(projectDir: string, dir: string, ending: string): string[] {
  const list = (full: string): string[] =>
    fs.existsSync(full)
      ? fs
          .readdirSync(full, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? list(path.join(full, e.name)) : [path.join(full, e.name)]))
      : [];
  return list(path.join(projectDir, dir))
    .map((full) => path.relative(projectDir, full).split(path.sep).join('/'))
    .filter((rel) => rel.endsWith(ending));
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
