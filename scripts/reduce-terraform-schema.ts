/**
 * Reduces the upstream Terraform provider's resource schemas to what the offline plan needs, for a
 * bridged Pulumi provider whose published schema.json cannot be fetched here: per Pulumi type, the
 * top-level inputs marked `ForceNew` (the bridge turns exactly those into `willReplaceOnChanges`),
 * in the format of scripts/reduce-provider-schema.ts, with the upstream files' URLs and checksum.
 *
 * Used for @pulumi/gcp: its schema.json lives in the Go module github.com/pulumi/pulumi-gcp/provider,
 * which the Go module proxy refuses to serve (the module is larger than the proxy's limit), and
 * the stored snapshot of pulumi/pulumi-gcp lacks the file. The bridge reads these Go files.
 *
 *   npx tsx scripts/reduce-terraform-schema.ts <git dir> <commit> <pinned by> <package> <type>=<file>[+<file>] ...
 *
 * <pinned by> is the Pulumi provider repository's `upstream` submodule at the release, e.g.
 * https://github.com/pulumi/pulumi-gcp/blob/ed6078aa/upstream, which pins <commit>.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const [gitDir, commit, pinnedBy, pkg, ...pairs] = process.argv.slice(2);
if (!gitDir || !commit || !pinnedBy || !pkg || pairs.length === 0) {
  process.stderr.write(
    'usage: tsx scripts/reduce-terraform-schema.ts <git dir> <commit> <pinned by> <package> <type>=<file>[+<file>]...\n',
  );
  process.exit(2);
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Top-level keys (the least indented `"key": {` lines) with `ForceNew: true` directly inside. */
function forceNew(source: string): string[] {
  const lines = source.split('\n');
  const keys = lines.flatMap((line, i) => {
    const m = /^(\t+)"([a-z0-9_]+)": \{$/.exec(line);
    return m ? [{ i, depth: m[1]!.length, key: m[2]! }] : [];
  });
  // Identity schemas (import ids) nest deeper than the resource's own schema; the shallowest wins.
  const top = Math.min(...keys.map((k) => k.depth));
  const found = new Set<string>();
  for (const k of keys.filter((x) => x.depth === top)) {
    const close = '\t'.repeat(k.depth) + '},';
    for (let j = k.i + 1; j < lines.length && lines[j] !== close; j++) {
      if (
        lines[j] === `${'\t'.repeat(k.depth + 1)}ForceNew: true,` ||
        (/^\t+ForceNew: +true,$/.test(lines[j]!) && lines[j]!.match(/^\t+/)![0].length === k.depth + 1)
      ) {
        found.add(camel(k.key));
      }
    }
  }
  return [...found].sort();
}

const hash = createHash('sha256');
const sources: string[] = [];
const resources: Record<
  string,
  { replaceOnChanges: string[]; enums: Record<string, never>; patterns: Record<string, never> }
> = {};
for (const pair of pairs.sort()) {
  const [type, files] = pair.split('=') as [string, string];
  const replace = new Set<string>();
  for (const file of files.split('+')) {
    const text = execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${file}`], {
      encoding: 'utf8',
    });
    hash.update(text);
    sources.push(file);
    for (const key of forceNew(text)) replace.add(key);
  }
  resources[type] = { replaceOnChanges: [...replace].sort(), enums: {}, patterns: {} };
}
const out = {
  package: pkg,
  source: `${pinnedBy} = hashicorp/terraform-provider-google-beta@${commit.slice(0, 8)}; ForceNew of ${[...new Set(sources)].sort().join(', ')}`,
  sha256: hash.digest('hex'),
  resources,
};
const file = path.resolve(__dirname, '..', 'plan', 'providerSchemas', `${pkg}.json`);
fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
