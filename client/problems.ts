/**
 * A user mistake found while reading settings, the catalog or a service's env. `where` names the exact place:
 * a config key (`kafka:provider`) or a file position (`topics/catalog.yaml:12:7 topics[2].partitions`).
 */
export interface Problem {
  where: string;
  message: string;
}

/**
 * Every problem found in one pass, so users fix them all at once instead of one per run.
 * Thrown before any resource is registered; printed without a stack trace.
 */
export class ValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(formatProblems(problems));
    this.name = 'ValidationError';
  }
}

export function formatProblems(problems: readonly Problem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  const lines = problems.map((p) => `  - ${p.where}: ${p.message}`);
  return [`Found ${problems.length} configuration ${noun}:`, ...lines].join('\n');
}

/** Throws a ValidationError when there is anything to report. */
export function throwIfAny(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Quotes a user value the way messages show it: strings in double quotes, the rest as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

/** "a, b or c" for lists of allowed values. */
export function oneOf(values: readonly string[]): string {
  return values.join(', ');
}
