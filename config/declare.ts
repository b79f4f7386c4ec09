import { Fields } from './fields';
import { RawConfig, SecretRef, secretRef } from './rawConfig';

/** Where a value sits in the config: `['msk', 'storage', 'volumeSizeGiB']`. */
export type Path = readonly (string | number)[];

/** The kind of value a setting takes, for the docs and for the conformance suite's wrong values. */
export type Shape = 'string' | 'integer' | 'boolean' | 'list' | 'mapping';

/** What every declaration says about itself for people (docs/settings/<section>.md). */
interface Doc {
  /** One line: why the setting exists. */
  why: string;
  /** Rules beyond the type, as the docs show them (markdown). */
  constraint?: string;
  /** A default the section parser computes from other settings, as the docs show it. */
  defaultText?: string;
}

/**
 * One setting, declared once: name (its key), type, default, constraint and why. The parser reads
 * values through `read`, the docs are generated from the rest, so the two cannot disagree.
 */
export interface Setting<T> {
  readonly shape: Shape;
  /** The type as the docs show it, e.g. `host:port list`. */
  readonly type: string;
  readonly why: string;
  /** Default as the docs show it; `required` for required settings. */
  readonly defaultText?: string;
  readonly constraint?: string;
  /** Settings inside this one: a mapping's keys, or the keys of each list item. */
  readonly fields?: Declarations;
  /** Reads one raw value; problems name the value's full key. Returns a usable value even then. */
  read(f: Fields, value: unknown, path: Path): T;
}

/**
 * A credential key of the namespace (`kafka:localSaslPassword`): only accepted when set with
 * `pulumi config set --secret`, and only ever handled as a Pulumi secret.
 */
export interface SecretSetting {
  readonly shape: 'secret';
  readonly why: string;
  /** When the key is needed, as the docs show it. */
  readonly defaultText?: string;
}

export type Declaration = Setting<unknown> | SecretSetting;
export type Declarations = Readonly<Record<string, Declaration>>;

/** The value type a setting reads to. */
export type ValueOf<S> = S extends Setting<infer T> ? T : never;
type SettingKey<F> = { [K in keyof F]: F[K] extends Setting<unknown> ? K : never }[keyof F] & string;
type SecretKey<F> = { [K in keyof F]: F[K] extends SecretSetting ? K : never }[keyof F] & string;

/** A mapping read against its declarations: unknown keys are reported, each key is read on demand. */
export interface Group<F extends Declarations> {
  /** Whether the mapping was given at all. */
  readonly given: boolean;
  readonly path: Path;
  /** Whether `key` was set. */
  has(key: keyof F & string): boolean;
  /** The value of `key` as given, unchecked (for rules about the raw shape). */
  value(key: keyof F & string): unknown;
  /** Reads `key` through its declaration (once per key: problems are reported as it reads). */
  read<K extends SettingKey<F>>(key: K): ValueOf<F[K]>;
  /** The full path of a key inside the mapping. */
  at(...rest: (string | number)[]): Path;
}

/** Reads a mapping: anything but a mapping is reported, and so is every key not declared. */
export function readGroup<F extends Declarations>(
  f: Fields,
  fields: F,
  value: unknown,
  path: Path,
): Group<F> {
  const raw = f.object(value, path);
  f.onlyKeys(raw, path, Object.keys(fields));
  return {
    given: value !== undefined && value !== null,
    path,
    has: (key) => raw[key] !== undefined,
    value: (key) => raw[key],
    read: (key) => (fields[key] as Setting<unknown>).read(f, raw[key], [...path, key]) as never,
    at: (...rest) => [...path, ...rest],
  };
}

/** What a section parser reads from: the problems collector, the raw stack config and the stack name. */
export interface SectionInput {
  f: Fields;
  raw: RawConfig;
  stack: string;
}

/** A section's top-level keys in the `kafka:` namespace, read against their declarations. */
export interface Namespace<F extends Declarations> {
  has(key: keyof F & string): boolean;
  read<K extends SettingKey<F>>(key: K): ValueOf<F[K]>;
  /** A credential key: a reference to it when it was set with --secret, a problem when in plain text. */
  secret(key: SecretKey<F>): SecretRef | undefined;
}

export function readNamespace<F extends Declarations>(input: SectionInput, keys: F): Namespace<F> {
  const { f, raw } = input;
  return {
    has: (key) => raw.values[key] !== undefined,
    read: (key) => (keys[key] as Setting<unknown>).read(f, raw.values[key], [key]) as never,
    secret: (key) => secretRef(f, raw, key),
  };
}

/**
 * The settings a feature owns: its keys in the `kafka:` namespace, declared once, and the parser
 * that turns them into validated data. docs/settings/<name>.md is generated from it.
 */
export interface SettingsSection<T> {
  /** Short name; also the docs file name. */
  readonly name: string;
  /** Heading of its docs page. */
  readonly title: string;
  /** What the section configures and when it applies (markdown, for the docs page). */
  readonly intro: string;
  /** Its top-level keys in the namespace. */
  readonly keys: Declarations;
  /** The file the keys are declared in (`__filename`), named in the generated docs. */
  readonly declaredIn: string;
  /** Rules across keys, or anything else the docs page should say after the keys (markdown). */
  readonly notes?: string;
  /** Parses and validates the section; every problem goes to input.f. Pure. */
  parse(input: SectionInput): T;
}

/** How a declaration with a literal default documents it. */
function defaultDoc(o: { default?: unknown; required?: true; defaultText?: string }): {
  defaultText?: string;
} {
  if (o.defaultText !== undefined) return { defaultText: o.defaultText };
  if (o.required) return { defaultText: 'required' };
  if (o.default !== undefined) return { defaultText: `\`${String(o.default)}\`` };
  return {};
}

function docOf(
  o: Doc & { default?: unknown; required?: true },
  type: string,
  constraints: (string | undefined)[],
): Pick<Setting<unknown>, 'type' | 'why' | 'defaultText' | 'constraint'> {
  const constraint = [...constraints, o.constraint].filter((c) => c).join('; ');
  return { type, why: o.why, ...defaultDoc(o), ...(constraint ? { constraint } : {}) };
}

interface TextOptions extends Doc {
  /** What a valid value looks like; tested by the reader. */
  pattern?: RegExp;
  /** The end of the message for a value that does not match, e.g. `is not a VPC id like vpc-0a1b2c3d`. */
  hint?: string;
  /** The type as the docs show it (default `string`). */
  type?: string;
}

/** A non-empty string, optionally matching a pattern. */
export function text(o: TextOptions & { default: string }): Setting<string>;
export function text(o: TextOptions & { required: true }): Setting<string | undefined>;
export function text(o: TextOptions): Setting<string | undefined>;
export function text(o: TextOptions & { default?: string; required?: true }): Setting<string | undefined> {
  const opts = o.pattern ? { pattern: o.pattern, ...(o.hint ? { patternHint: o.hint } : {}) } : {};
  return {
    shape: 'string',
    ...docOf(o, o.type ?? 'string', []),
    read: (f, value, path) =>
      (o.required ? f.requiredString(value, path, opts) : f.string(value, path, opts)) ?? o.default,
  };
}

/** One of a fixed list of strings. */
export function choice<const V extends string>(values: readonly V[], o: Doc & { default: V }): Setting<V>;
export function choice<const V extends string>(
  values: readonly V[],
  o: Doc & { required: true },
): Setting<V | undefined>;
export function choice<const V extends string>(values: readonly V[], o: Doc): Setting<V | undefined>;
export function choice<const V extends string>(
  values: readonly V[],
  o: Doc & { default?: V; required?: true },
): Setting<V | undefined> {
  return {
    shape: 'string',
    ...docOf(o, 'one of', [values.map((v) => `\`${v}\``).join(', ')]),
    read: (f, value, path) => {
      const read = o.required
        ? f.requiredString(value, path, { allowed: values })
        : f.string(value, path, { allowed: values });
      return (read as V | undefined) ?? o.default;
    },
  };
}

interface WholeOptions extends Doc {
  min?: number;
  max?: number;
}

/** A whole number within bounds (YAML and Pulumi config may hand it over as a string). */
export function whole(o: WholeOptions & { default: number }): Setting<number>;
export function whole(o: WholeOptions): Setting<number | undefined>;
export function whole(o: WholeOptions & { default?: number }): Setting<number | undefined> {
  const bounds = {
    ...(o.min !== undefined ? { min: o.min } : {}),
    ...(o.max !== undefined ? { max: o.max } : {}),
  };
  return {
    shape: 'integer',
    ...docOf(o, 'integer', [rangeText(o)]),
    read: (f, value, path) => f.integer(value, path, bounds) ?? o.default,
  };
}

/** The allowed range as the docs show it. */
export function rangeText(o: { min?: number; max?: number }): string | undefined {
  if (o.min !== undefined && o.max !== undefined) return `${o.min} to ${o.max}`;
  if (o.min !== undefined) return `${o.min} or more`;
  if (o.max !== undefined) return `${o.max} or less`;
  return undefined;
}

/** true or false. */
export function flag(o: Doc & { default: boolean }): Setting<boolean>;
export function flag(o: Doc): Setting<boolean | undefined>;
export function flag(o: Doc & { default?: boolean }): Setting<boolean | undefined> {
  return {
    shape: 'boolean',
    ...docOf(o, 'boolean', []),
    read: (f, value, path) => f.boolean(value, path) ?? o.default,
  };
}

/** A list of non-empty strings (empty when absent). */
export function texts(o: Doc & { type?: string }): Setting<string[]> {
  return {
    shape: 'list',
    ...docOf({ defaultText: '`[]`', ...o }, o.type ?? 'list of strings', []),
    read: (f, value, path) => f.stringList(value, path),
  };
}

/** A mapping with declared keys; read it key by key through the returned Group. */
export function group<const F extends Declarations>(o: Doc & { fields: F }): Setting<Group<F>> {
  return {
    shape: 'mapping',
    ...docOf(o, 'mapping', []),
    fields: o.fields,
    read: (f, value, path) => readGroup(f, o.fields, value, path),
  };
}

/** A list of mappings with declared keys, one Group per item. */
export function items<const F extends Declarations>(o: Doc & { fields: F }): Setting<Group<F>[]> {
  return {
    shape: 'list',
    ...docOf(o, 'list of mappings', []),
    fields: o.fields,
    read: (f, value, path) =>
      f.list(value, path).map((item, i) => readGroup(f, o.fields, item, [...path, i])),
  };
}

/** A setting whose reading needs its own code; its documentation is still declared here. */
export function custom<T>(
  o: Doc & {
    shape: Shape;
    type: string;
    fields?: Declarations;
    read(f: Fields, value: unknown, path: Path): T;
  },
): Setting<T> {
  return {
    shape: o.shape,
    ...docOf(o, o.type, []),
    ...(o.fields ? { fields: o.fields } : {}),
    read: o.read,
  };
}

/**
 * A key that moved elsewhere: setting it is a problem naming where it lives now, instead of an
 * unknown-key message that leaves the user guessing. Read it so the problem is reported.
 */
export function moved(to: string, shape: Shape): Setting<undefined> {
  return {
    shape,
    type: 'moved',
    why: `Moved to ${to}.`,
    read: (f, value, path) => {
      if (value !== undefined)
        f.report(path, `has moved to ${to}: set it there (it applies to every backend)`);
      return undefined;
    },
  };
}

/** A credential key of the namespace. */
export function secret(o: { why: string; defaultText?: string }): SecretSetting {
  return { shape: 'secret', ...o };
}

/**
 * A value of the wrong kind for a declaration, e.g. a word where a number belongs: the conformance
 * suite sets one per key to prove every key is read and its problem names it.
 */
export function wrongValueFor(d: Declaration): unknown {
  switch (d.shape) {
    case 'string':
      return { not: 'a string' };
    case 'integer':
      return 'not-a-number';
    case 'boolean':
      return 'not-a-boolean';
    case 'list':
      return 'not-a-list';
    case 'mapping':
      return 'not-a-mapping';
    case 'secret':
      return 'set in plain text';
  }
}
