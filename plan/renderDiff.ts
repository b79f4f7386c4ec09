import { stringify } from 'yaml';
import { isEmptyDiff, PlanDiff, ValueChange } from './diff';
import { PlanResource } from './plan';

/** The two sides of a difference as people name them (`origin/main (1a2b3c4)`, `working tree`). */
export interface DiffSides {
  base: string;
  head: string;
}

/** One stack's difference as the plan CLI prints it: a summary line, then each change. */
export function renderDiffText(d: PlanDiff, sides: DiffSides, note?: string): string {
  const lines = [`Plan difference for stack "${d.stack}" (${sides.base} -> ${sides.head}): ${summaryOf(d)}`];
  if (note) lines.push(`  ${note}`);
  lines.push(...diffBody(d));
  return lines.join('\n');
}

/** `2 to add, 1 to remove, 3 to change` (or `no change`), env and outputs counted too. */
export function summaryOf(d: PlanDiff): string {
  if (isEmptyDiff(d)) return 'no change';
  const parts = [
    d.added.length ? `${d.added.length} to add` : '',
    d.removed.length ? `${d.removed.length} to remove` : '',
    d.changed.length ? `${d.changed.length} to change` : '',
    d.env.length ? `env of ${d.env.length} service(s)` : '',
    d.outputs.length ? `${d.outputs.length} output(s)` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * Several stacks' differences as one pull-request comment: a table of summaries, then each
 * changed stack's details in a collapsed `diff` block. `failures` are stacks whose plan could not
 * be made on one side, with the message (validation errors name keys and files, never values).
 */
export function renderDiffMarkdown(
  diffs: readonly { diff: PlanDiff; note?: string }[],
  sides: DiffSides,
  failures: readonly { stack: string; message: string }[] = [],
): string {
  const out = [
    `### Offline plan difference: ${sides.base} -> ${sides.head}`,
    '',
    'What the change does to what `pulumi up` would register, per stack, from `npm run plan` on both ' +
      'commits (no credentials, no cloud; secrets shown as `[secret]`). Run it yourself: ' +
      '`npm run plan -- --stack NAME --diff-against <base>`.',
    '',
    '| stack | difference |',
    '| --- | --- |',
    ...diffs.map(({ diff }) => `| \`${diff.stack}\` | ${summaryOf(diff)} |`),
    ...failures.map((f) => `| \`${f.stack}\` | **plan failed** |`),
  ];
  for (const { diff, note } of diffs) {
    if (isEmptyDiff(diff)) continue;
    out.push(
      '',
      `<details><summary><code>${diff.stack}</code>: ${summaryOf(diff)}</summary>`,
      '',
      ...(note ? [note, ''] : []),
      '```diff',
      ...diffBody(diff).slice(1).map(fence),
      '```',
      '</details>',
    );
  }
  for (const f of failures) {
    out.push('', `<details><summary><code>${f.stack}</code>: plan failed</summary>`, '', '```');
    out.push(...f.message.split('\n').map(fence), '```', '</details>');
  }
  return out.join('\n');
}

function diffBody(d: PlanDiff): string[] {
  const lines: string[] = [];
  for (const r of d.added) {
    lines.push('', `+ ${r.type}  ${r.name}`, `+     ${flagsOf(r)}`);
    if (Object.keys(r.inputs).length) {
      lines.push(...indent(stringify(r.inputs, { lineWidth: 0 }), 6).map((l) => `+${l.slice(1)}`));
    }
  }
  for (const r of d.removed) {
    lines.push('', `- ${r.type}  ${r.name}`, `-     ${flagsOf(r)}`);
    if (r.protect) lines.push('-     protected: `pulumi up` refuses to delete it until it is unprotected');
  }
  for (const r of d.changed) {
    const head = r.replacedBy
      ? [`+- ${r.type}  ${r.name}`, `      replace: ${r.replacedBy.join(', ')} cannot change in place`]
      : [`~ ${r.type}  ${r.name}`];
    lines.push('', ...head, ...r.changes.map((c) => `      ${changeLine(c)}`));
  }
  if (d.env.length) {
    lines.push('', 'Service env:');
    for (const e of d.env) lines.push(`~ ${e.service}`, ...e.changes.map((c) => `      ${changeLine(c)}`));
  }
  if (d.outputs.length) {
    lines.push('', 'Stack outputs:', ...d.outputs.map((c) => `      ${changeLine(c)}`));
  }
  return lines;
}

function changeLine(c: ValueChange): string {
  if (c.added || c.removed) {
    const parts = [
      c.added ? `added ${c.added.map(show).join(', ')}` : '',
      c.removed ? `removed ${c.removed.map(show).join(', ')}` : '',
    ];
    return `${c.path}: ${parts.filter(Boolean).join('; ')}`;
  }
  if (!('before' in c)) return `${c.path}: (not set) -> ${show(c.after)}`;
  if (!('after' in c)) return `${c.path}: ${show(c.before)} -> (not set)`;
  return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}

function flagsOf(r: PlanResource): string {
  return [
    r.parent ? `parent ${r.parent}` : 'no parent',
    r.provider ? `via provider ${r.provider.split('::').pop()}` : undefined,
    r.protect ? 'protected' : undefined,
    r.retainOnDelete ? 'retained on delete' : undefined,
    r.read ? 'read (must exist)' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? 'undefined';
}

function indent(text: string, n: number): string[] {
  const pad = ' '.repeat(n);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => pad + l);
}

/** A line inside a fenced block never closes the fence early. */
function fence(line: string): string {
  return line.replace(/^```/, '` ``');
}
