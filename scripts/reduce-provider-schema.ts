/**
 * Reduces a Pulumi provider's published schema.json to what the offline plan needs for the resource
 * types this program registers: per type, the input properties (name, type, nested object types,
 * enum values, pattern), the required inputs, and the inputs that force a replacement
 * (`willReplaceOnChanges`, which bridged providers set from the upstream Terraform `ForceNew`).
 * Object and enum types the inputs reference (`#/types/...`) are kept, reduced the same way.
 * Writes plan/providerSchemas/<package>.json with its source and checksum, so the vendored file can
 * be checked against the original. The format is documented in plan/providerSchema.ts.
 *
 *   npx tsx scripts/reduce-provider-schema.ts [--out <dir>] <schema.json> <source URL> <type> [<type> ...]
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PropertySpec, ReducedSchema, TypeSpec } from '../plan/providerSchema';

interface Property {
  type?: string;
  $ref?: string;
  items?: Property;
  additionalProperties?: Property;
  willReplaceOnChanges?: boolean;
  enum?: unknown[];
  pattern?: string;
}
interface ObjectOrEnum {
  type?: string;
  properties?: Record<string, Property>;
  required?: string[];
  enum?: { value: unknown }[];
}
interface Schema {
  name: string;
  resources: Record<string, { inputProperties?: Record<string, Property>; requiredInputs?: string[] }>;
  types?: Record<string, ObjectOrEnum>;
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outDir =
  outAt >= 0
    ? path.resolve(args.splice(outAt, 2)[1] ?? '.')
    : path.resolve(__dirname, '..', 'plan', 'providerSchemas');
const [schemaFile, source, ...types] = args;
if (!schemaFile || !source || types.length === 0) {
  process.stderr.write(
    'usage: tsx scripts/reduce-provider-schema.ts [--out <dir>] <schema.json> <source URL> <type>...\n',
  );
  process.exit(2);
}
const text = fs.readFileSync(schemaFile);
const schema = JSON.parse(text.toString('utf8')) as Schema;
const keptTypes: Record<string, TypeSpec> = {};
const LOCAL = '#/types/';

function reduceProperty(p: Property): PropertySpec {
  const out: PropertySpec = {};
  if (p.$ref) {
    out.$ref = p.$ref.startsWith(LOCAL) ? p.$ref.slice(LOCAL.length) : p.$ref;
    if (p.$ref.startsWith(LOCAL)) keepType(out.$ref);
  }
  if (p.type) out.type = p.type;
  if (p.items) out.items = reduceProperty(p.items);
  if (p.additionalProperties) out.additionalProperties = reduceProperty(p.additionalProperties);
  if (p.enum) out.enum = p.enum;
  if (p.pattern) out.pattern = p.pattern;
  if (p.willReplaceOnChanges) out.replaceOnChanges = true;
  return out;
}

function reduceProperties(props: Record<string, Property> = {}): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(props)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, p]) => [k, reduceProperty(p)]),
  );
}

function keepType(token: string): void {
  if (keptTypes[token]) return;
  const t = schema.types?.[token];
  if (!t) throw new Error(`${token} is referenced but not a type of ${schema.name}`);
  if (t.enum) {
    keptTypes[token] = { type: t.type ?? 'string', enum: t.enum.map((e) => e.value) };
    return;
  }
  keptTypes[token] = { type: 'object', required: [], properties: {} }; // placeholder against cycles
  keptTypes[token] = {
    type: 'object',
    required: [...(t.required ?? [])].sort(),
    properties: reduceProperties(t.properties),
  };
}

const resources: ReducedSchema['resources'] = {};
for (const type of types.sort()) {
  const resource = schema.resources[type];
  if (!resource) throw new Error(`${type} is not a resource of ${schema.name}`);
  const inputs = reduceProperties(resource.inputProperties);
  resources[type] = {
    replaceOnChanges: Object.keys(inputs).filter((k) => inputs[k]!.replaceOnChanges),
    required: [...(resource.requiredInputs ?? [])].sort(),
    inputs,
  };
}
const out: ReducedSchema = {
  package: schema.name,
  source,
  sha256: createHash('sha256').update(text).digest('hex'),
  resources,
  types: Object.fromEntries(Object.entries(keptTypes).sort(([a], [b]) => (a < b ? -1 : 1))),
};
const file = path.join(outDir, `${schema.name}.json`);
fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
