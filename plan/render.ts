import { stringify } from 'yaml';
import { Plan } from './plan';

/** The plan as one JSON document (the `--json` contract). */
export function renderJson(plan: Plan): string {
  return JSON.stringify(
    {
      stack: plan.stack,
      note: plan.note,
      resources: plan.resources.map((r) => ({
        type: r.type,
        name: r.name,
        parent: r.parent,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        dependsOn: r.dependsOn,
        inputs: r.inputs,
        ...(r.provider ? { provider: r.provider } : {}),
        ...(r.read ? { read: true } : {}),
      })),
      services: plan.services.map((s) => ({ name: s.name, namespace: s.namespace, env: s.env })),
      outputs: plan.outputs,
    },
    null,
    2,
  );
}

/** How much of the plan the text shows. */
export interface TextOptions {
  /**
   * Every resource's parent, dependencies and inputs, and every stack output in full (the
   * snapshots, for review). Without it the plan fits one screen plus a line per resource.
   */
  verbose?: boolean;
}

/** Lists in stack outputs longer than this are counted, not listed, unless verbose. */
export const OUTPUT_LIST_MAX = 5;

/** The plan for people: resources in registration order, each service's env and the stack outputs. */
export function renderText(plan: Plan, opts: TextOptions = {}): string {
  const lines: string[] = [];
  lines.push(`Plan for stack "${plan.stack}"`, '', wrap(plan.note), '');
  lines.push(`Resources (${plan.resources.length}):`);
  if (!opts.verbose) lines.push('');
  for (const r of plan.resources) {
    const verb = r.read ? '= read (must exist)' : '+';
    if (!opts.verbose) {
      const flags = [r.protect ? 'protected' : '', r.retainOnDelete ? 'retained on delete' : ''].filter(
        Boolean,
      );
      lines.push(`  ${verb} ${r.type}  ${r.name}${flags.length ? `  (${flags.join(', ')})` : ''}`);
      continue;
    }
    const flags = [
      r.parent ? `parent ${r.parent}` : 'no parent',
      r.provider ? `via provider ${r.provider.split('::').pop()}` : undefined,
      r.protect ? 'protected' : undefined,
      r.retainOnDelete ? 'retained on delete' : undefined,
    ].filter(Boolean);
    lines.push('', `  ${verb} ${r.type}  ${r.name}`, `      ${flags.join(', ')}`);
    if (r.dependsOn.length) lines.push(`      depends on ${r.dependsOn.length} resource(s)`);
    if (Object.keys(r.inputs).length) lines.push(indent(stringify(r.inputs, { lineWidth: 0 }), 6));
  }
  lines.push('', `Service env (${plan.services.length}):`);
  for (const s of plan.services) {
    lines.push('', `  ${s.name} (namespace ${s.namespace})`);
    for (const [k, v] of Object.entries(s.env)) lines.push(`      ${k}=${v}`);
  }
  const outputs = opts.verbose ? plan.outputs : summarise(plan.outputs);
  lines.push('', 'Stack outputs:', indent(stringify(outputs, { lineWidth: 0 }), 2));
  if (!opts.verbose) {
    lines.push(
      '',
      `Each resource's inputs, parent and dependencies, and every list in the outputs: add --verbose (or --json).`,
    );
  }
  return lines.join('\n');
}

/**
 * Stack outputs with long lists counted: the monitoring summary (an alert per broker, topic and
 * consumer group; a reason per signal a backend cannot watch) would otherwise fill the screen.
 * A list of `{ row, ... }` entries is counted per row, the kinds a dashboard has.
 */
export function summarise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const rows = value.map((v) => (v && typeof v === 'object' ? (v as { row?: unknown }).row : undefined));
    if (rows.length > 0 && rows.every((r) => typeof r === 'string')) {
      const counts = new Map<string, number>();
      for (const r of rows as string[]) counts.set(r, (counts.get(r) ?? 0) + 1);
      const per = [...counts].map(([r, n]) => `${r} ${n}`).join(', ');
      return `${value.length} (${per}; each with why: --verbose)`;
    }
    if (value.length > OUTPUT_LIST_MAX) return `${value.length} (listed with --verbose)`;
    return value.map(summarise);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarise(v)]));
  }
  return value;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function wrap(text: string, width = 100): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}
