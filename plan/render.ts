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

/** The plan for people: resources in registration order with their options and inputs. */
export function renderText(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`Plan for stack "${plan.stack}"`, '', wrap(plan.note), '');
  lines.push(`Resources (${plan.resources.length}):`);
  for (const r of plan.resources) {
    const flags = [
      r.parent ? `parent ${r.parent}` : 'no parent',
      r.provider ? `via provider ${r.provider.split('::').pop()}` : undefined,
      r.protect ? 'protected' : undefined,
      r.retainOnDelete ? 'retained on delete' : undefined,
    ].filter(Boolean);
    const verb = r.read ? '= read (must exist)' : '+';
    lines.push('', `  ${verb} ${r.type}  ${r.name}`, `      ${flags.join(', ')}`);
    if (r.dependsOn.length) lines.push(`      depends on ${r.dependsOn.length} resource(s)`);
    if (Object.keys(r.inputs).length) lines.push(indent(stringify(r.inputs, { lineWidth: 0 }), 6));
  }
  lines.push('', `Service env (${plan.services.length}):`);
  for (const s of plan.services) {
    lines.push('', `  ${s.name} (namespace ${s.namespace})`);
    for (const [k, v] of Object.entries(s.env)) lines.push(`      ${k}=${v}`);
  }
  lines.push('', 'Stack outputs:', indent(stringify(plan.outputs, { lineWidth: 0 }), 2));
  return lines.join('\n');
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
