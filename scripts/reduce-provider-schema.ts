/**
 * Reduces a Pulumi provider's published schema.json to what the offline plan needs for the resource
 * types this program registers: per type, the input properties that force a replacement
 * (`willReplaceOnChanges`, which bridged providers set from the upstream Terraform `ForceNew`), and
 * any enum or pattern constraints. Writes plan/providerSchemas/<package>.json with its source and
 * checksum, so the vendored file can be checked against the original.
 *
 *   npx tsx scripts/reduce-provider-schema.ts <schema.json> <source URL> <type> [<type> ...]
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Property {
  willReplaceOnChanges?: boolean;
  enum?: unknown[];
  pattern?: string;
}
interface Schema {
  name: string;
  version?: string;
  resources: Record<string, { inputProperties?: Record<string, Property> }>;
}

const [schemaFile, source, ...types] = process.argv.slice(2);
if (!schemaFile || !source || types.length === 0) {
  process.stderr.write('usage: tsx scripts/reduce-provider-schema.ts <schema.json> <source URL> <type>...\n');
  process.exit(2);
}
const text = fs.readFileSync(schemaFile);
const schema = JSON.parse(text.toString('utf8')) as Schema;
const resources: Record<
  string,
  { replaceOnChanges: string[]; enums: Record<string, unknown[]>; patterns: Record<string, string> }
> = {};
for (const type of types.sort()) {
  const resource = schema.resources[type];
  if (!resource) throw new Error(`${type} is not a resource of ${schema.name}`);
  const props = Object.entries(resource.inputProperties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  resources[type] = {
    replaceOnChanges: props.filter(([, p]) => p.willReplaceOnChanges).map(([k]) => k),
    enums: Object.fromEntries(props.filter(([, p]) => p.enum).map(([k, p]) => [k, p.enum!])),
    patterns: Object.fromEntries(props.filter(([, p]) => p.pattern).map(([k, p]) => [k, p.pattern!])),
  };
}
const out = {
  package: schema.name,
  source,
  sha256: createHash('sha256').update(text).digest('hex'),
  resources,
};
const file = path.resolve(__dirname, '..', 'plan', 'providerSchemas', `${schema.name}.json`);
fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
