import * as pulumi from '@pulumi/pulumi';
import * as confluentcloud from './providerSchemas/confluentcloud.json';

/**
 * A provider's published schema reduced to the resource types this program registers (written by
 * scripts/reduce-provider-schema.ts). Property specs follow the Pulumi package schema
 * (https://www.pulumi.com/docs/iac/extending-pulumi/schema/): `type` is one of string, integer,
 * number, boolean, array, object; `$ref` names a kept object or enum type (or `pulumi.json#/Any`).
 */
export interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  enum?: unknown[];
  pattern?: string;
  /** The provider replaces the resource when this input changes (`willReplaceOnChanges`). */
  replaceOnChanges?: true;
}
export interface TypeSpec {
  type: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, PropertySpec>;
}
export interface ReducedSchema {
  package: string;
  /** The upstream schema.json it was reduced from, at the SDK's version. */
  source: string;
  /** sha256 of that upstream file. */
  sha256: string;
  resources: Record<
    string,
    { replaceOnChanges: string[]; required: string[]; inputs: Record<string, PropertySpec> }
  >;
  types: Record<string, TypeSpec>;
}

/**
 * The vendored schemas by package. @pulumi/aws (7.48.0) and @pulumi/azure-native (3.28.0) are not
 * vendored: their schema.json is not reachable from here (the Go module proxy answers 403 for
 * github.com/pulumi/pulumi-aws/provider/v7@v7.48.0 and pulumi-azure-native/provider/v3@v3.28.0,
 * and the repositories are 0.7 GB and 1.8 GB). Their resources are not checked.
 */
export const VENDORED_SCHEMAS: readonly ReducedSchema[] = [confluentcloud as ReducedSchema];
const BY_PACKAGE = new Map(VENDORED_SCHEMAS.map((s) => [s.package, s]));

/** The vendored schema of the package a resource type belongs to (`confluentcloud:index/...`). */
export function schemaFor(type: string): ReducedSchema | undefined {
  return BY_PACKAGE.get(type.split(':')[0] ?? '');
}

/** What the check needs of a registration. */
export interface CheckedResource {
  type: string;
  name: string;
  custom: boolean;
  read?: true;
  inputs: Record<string, unknown>;
}

/**
 * The engine's messages for a provider's Check failures (`issueCheckFailures` in
 * pkg/resource/deploy/step_generator.go; `GetResourceInvalidError` 2002 and
 * `GetResourcePropertyInvalidValueError` 2003 in sdk/go/common/diag/errors.go, pulumi v3.248.0).
 */
export const resourceProblem = (type: string, name: string, reason: string) =>
  `${type} resource '${name}' has a problem: ${reason}`;
export const propertyProblem = (
  type: string,
  name: string,
  property: string,
  value: string,
  reason: string,
) => `${type} resource '${name}': property ${property} value ${value} has a problem: ${reason}`;

/**
 * Checks one registration against its provider's vendored schema, as the provider's Check would
 * before anything is created: the type exists, required inputs are present, no unknown input names,
 * and every value has the schema's type, enum value and pattern. Provider resources
 * (`pulumi:providers:*`) and reads are not checked. Returns the engine-style messages.
 */
export function checkAgainstSchema(r: CheckedResource, schema = schemaFor(r.type)): string[] {
  if (!r.custom || r.read || r.type.startsWith('pulumi:') || !schema) return [];
  const resource = schema.resources[r.type];
  if (!resource) {
    return [
      resourceProblem(
        r.type,
        r.name,
        `not a resource type of the vendored ${schema.package} schema (plan/providerSchemas/${schema.package}.json); ` +
          'if the provider has it, add it with scripts/reduce-provider-schema.ts',
      ),
    ];
  }
  const problems: string[] = [];
  const report = (property: string, value: unknown, reason: string) =>
    problems.push(propertyProblem(r.type, r.name, property, show(value), reason));
  checkObject(schema, resource.inputs, resource.required, r.inputs, '', report);
  return problems;
}

type Report = (property: string, value: unknown, reason: string) => void;

function checkObject(
  schema: ReducedSchema,
  properties: Record<string, PropertySpec>,
  required: readonly string[],
  value: Record<string, unknown>,
  prefix: string,
  report: Report,
): void {
  for (const key of required) {
    if (value[key] === undefined || value[key] === null) {
      report(`${prefix}${key}`, undefined, `missing required property '${key}'`);
    }
  }
  for (const [key, v] of Object.entries(value)) {
    const spec = properties[key];
    if (!spec) {
      const known = Object.keys(properties).join(', ');
      report(`${prefix}${key}`, v, `unknown property '${key}' (known: ${known})`);
    } else {
      checkValue(schema, spec, v, `${prefix}${key}`, report);
    }
  }
}

const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9'; // the SDK's sentinel for a value not known yet

function unwrapSecret(v: unknown): unknown {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrapSecret(o.value);
  }
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function checkValue(
  schema: ReducedSchema,
  spec: PropertySpec,
  raw: unknown,
  path: string,
  report: Report,
): void {
  const v = unwrapSecret(raw);
  if (v === undefined || v === null || v === UNKNOWN) return;
  if (spec.$ref) {
    if (spec.$ref.startsWith('pulumi.json#/')) return; // Any, Archive, Asset: no constraint
    const t = schema.types[spec.$ref];
    if (!t) return;
    if (t.enum) {
      if (!t.enum.includes(v))
        report(path, raw, `must be one of ${t.enum.map((e) => JSON.stringify(e)).join(', ')}`);
      return;
    }
    if (!isPlainObject(v)) return report(path, raw, 'expected an object');
    return checkObject(schema, t.properties ?? {}, t.required ?? [], v, `${path}.`, report);
  }
  switch (spec.type) {
    case 'string':
      if (typeof v !== 'string') return report(path, raw, `expected a string, got ${kind(v)}`);
      if (spec.pattern && !matches(spec.pattern, v)) return report(path, raw, `must match ${spec.pattern}`);
      break;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v))
        return report(path, raw, `expected an integer, got ${kind(v)}`);
      break;
    case 'number':
      if (typeof v !== 'number') return report(path, raw, `expected a number, got ${kind(v)}`);
      break;
    case 'boolean':
      if (typeof v !== 'boolean') return report(path, raw, `expected a boolean, got ${kind(v)}`);
      break;
    case 'array':
      if (!Array.isArray(v)) return report(path, raw, `expected a list, got ${kind(v)}`);
      if (spec.items) v.forEach((item, i) => checkValue(schema, spec.items!, item, `${path}[${i}]`, report));
      break;
    case 'object':
      if (!isPlainObject(v)) return report(path, raw, `expected a map, got ${kind(v)}`);
      if (spec.additionalProperties) {
        for (const [k, item] of Object.entries(v)) {
          checkValue(schema, spec.additionalProperties, item, `${path}.${k}`, report);
        }
      }
      break;
  }
  if (spec.enum && !spec.enum.includes(v)) {
    report(path, raw, `must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true; // a pattern in a dialect JavaScript cannot read is not ours to enforce
  }
}

const kind = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`);

/** A value as the engine prints it, with secrets masked (the plan never shows them). */
function show(raw: unknown): string {
  if (raw === undefined) return '<missing>';
  const text = JSON.stringify(raw, (_key, v: unknown) => (unwrapSecret(v) !== v ? '[secret]' : v));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
