import assert from 'node:assert/strict';
import { Problem } from '../../config/problems';

/**
 * Asserts that `problems` are exactly the expected ones: each expected line must start one
 * reported line (`where: message`), and nothing else may be reported.
 */
export function assertProblems(problems: readonly Problem[], expected: readonly string[]): void {
  assertProblemLines(
    problems.map((p) => `${p.where}: ${p.message}`),
    expected,
  );
}

/** The same check on already formatted `where: message` lines. */
export function assertProblemLines(lines: readonly string[], expected: readonly string[]): void {
  for (const want of expected) {
    assert.ok(
      lines.some((l) => l.startsWith(want)),
      `expected a problem starting with\n  ${want}\ngot\n  ${lines.join('\n  ')}`,
    );
  }
  assert.equal(lines.length, expected.length, `unexpected extra problems:\n  ${lines.join('\n  ')}`);
}
