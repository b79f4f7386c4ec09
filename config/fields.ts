import { oneOf, Problem, show } from './problems';

/**
 * Typed readers for untyped input (parsed YAML or JSON config). Each reader validates one field,
 * records a problem naming the field when the value is wrong, and returns a usable value so
 * validation can go on and report every problem in one pass.
 */
export class Fields {
  constructor(
    readonly problems: Problem[],
    /** Turns a field path into the `where` of a problem (adds file and line when known). */
    private readonly locate: (path: readonly (string | number)[]) => string,
    /**
     * Whether `"3"` counts as the number 3: yes in stack config (Pulumi hands every value over as
     * text), no in files the user writes (the catalog), where quotes make a string.
     */
    private readonly numbersAsText = true,
  ) {}

  report(path: readonly (string | number)[], message: string): void {
    this.problems.push({ where: this.locate(path), message });
  }

  /** An object (mapping); anything else is reported and treated as empty. */
  object(value: unknown, path: readonly (string | number)[]): Record<string, unknown> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.report(path, `must be a mapping of keys to values, got ${show(value)}`);
      return {};
    }
    return value as Record<string, unknown>;
  }

  /** Reports keys this schema does not know, so typos do not silently fall back to defaults. */
  onlyKeys(obj: Record<string, unknown>, path: readonly (string | number)[], known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        this.report([...path, key], `is not a known setting (allowed: ${oneOf(known)})`);
      }
    }
  }

  list(value: unknown, path: readonly (string | number)[]): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report(path, `must be a list, got ${show(value)}`);
      return [];
    }
    return value;
  }

  string(
    value: unknown,
    path: readonly (string | number)[],
    opts: { pattern?: RegExp; patternHint?: string; allowed?: readonly string[] } = {},
  ): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value === '') {
      this.report(path, `must be a non-empty string, got ${show(value)}`);
      return undefined;
    }
    if (opts.allowed && !opts.allowed.includes(value)) {
      this.report(path, `${show(value)} is not one of ${oneOf(opts.allowed)}`);
      return undefined;
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      this.report(path, `${show(value)} ${opts.patternHint ?? `does not match ${opts.pattern}`}`);
      return undefined;
    }
    return value;
  }

  requiredString(
    value: unknown,
    path: readonly (string | number)[],
    opts: { pattern?: RegExp; patternHint?: string; allowed?: readonly string[] } = {},
  ): string | undefined {
    if (value === undefined || value === null) {
      const hint = opts.allowed ? ` (one of ${oneOf(opts.allowed)})` : '';
      this.report(path, `is required${hint}`);
      return undefined;
    }
    return this.string(value, path, opts);
  }

  /** Integers; YAML and Pulumi config may hand them over as strings ("6"). */
  integer(
    value: unknown,
    path: readonly (string | number)[],
    opts: { min?: number; max?: number } = {},
  ): number | undefined {
    if (value === undefined || value === null) return undefined;
    const numeric = typeof value === 'string' && /^-?\d+$/.test(value.trim());
    if (numeric && !this.numbersAsText) {
      this.report(
        path,
        `must be a number, got the string ${show(value)}: write ${value.trim()} without quotes`,
      );
      return undefined;
    }
    const n = numeric ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      this.report(path, `must be a whole number, got ${show(value)}`);
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      this.report(path, `${n} is less than ${opts.min} (allowed: ${range(opts)})`);
      return undefined;
    }
    if (opts.max !== undefined && n > opts.max) {
      this.report(path, `${n} is more than ${opts.max} (allowed: ${range(opts)})`);
      return undefined;
    }
    return n;
  }

  boolean(value: unknown, path: readonly (string | number)[]): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    this.report(path, `must be true or false, got ${show(value)}`);
    return undefined;
  }

  stringList(value: unknown, path: readonly (string | number)[]): string[] {
    return this.list(value, path).flatMap((item, i) => {
      const s = this.string(item, [...path, i]);
      return s === undefined ? [] : [s];
    });
  }
}

function range(opts: { min?: number; max?: number }): string {
  if (opts.min !== undefined && opts.max !== undefined) return `${opts.min} to ${opts.max}`;
  if (opts.min !== undefined) return `${opts.min} or more`;
  return `${opts.max} or less`;
}

/** Renders a field path as users write it: `topics[2].config.retention.ms`. */
export function pathText(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (!/^[A-Za-z0-9_-]+$/.test(part) && out !== '') out += `[${JSON.stringify(part)}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
