import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { MockRunOptions, Registration, runUnderMocks } from '../../plan/mockRuntime';
import { Plan, planStack, synthesizeStack, Synthesis, toPlan } from '../../plan/plan';
import { makeTempDirSync } from './kafka';

export const PROJECT_DIR = path.resolve(__dirname, '..', '..');

/** Runs `use` with an in-memory stack config written to a temp Pulumi.<stack>.yaml, then removes it. */
async function withStackFile<T>(
  config: Record<string, unknown>,
  stack: string,
  use: (configFile: string) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-plan-'));
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(file, stringify({ config }));
  try {
    return await use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Plans a stack from an in-memory stack config (`{ 'kafka:provider': 'local', ... }`) through
 * the same path as `npm run plan`: Pulumi.yaml defaults + this config, real program, mock runtime.
 */
export function planWith(config: Record<string, unknown>, stack = 'test'): Promise<Plan> {
  return withStackFile(config, stack, (configFile) =>
    planStack({ projectDir: PROJECT_DIR, stack, configFile }),
  );
}

/** The same run, also returning the synthesis itself (secrets still in clear) for assertions on them. */
export function synthesizeWith(
  config: Record<string, unknown>,
  stack = 'test',
): Promise<{ synthesis: Synthesis; plan: Plan }> {
  return withStackFile(config, stack, async (configFile) => {
    const synthesis = await synthesizeStack({ projectDir: PROJECT_DIR, stack, configFile });
    return { synthesis, plan: await toPlan(stack, synthesis) };
  });
}

/** Plans one of the committed stacks (Pulumi.<stack>.yaml). */
export function planCommittedStack(stack: string): Promise<Plan> {
  return planStack({ projectDir: PROJECT_DIR, stack });
}

/**
 * The config of a committed stack file, as plain keys (`kafka:local`, ...): tests start from it and
 * change what they test, so their expectations follow the committed files, not literals.
 */
export function committedStackConfig(stack: string): Record<string, unknown> {
  const file = path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`);
  return (parse(fs.readFileSync(file, 'utf8')) as { config?: Record<string, unknown> }).config ?? {};
}

/**
 * A plan's stack outputs with each document (dashboard, rules) back in place of the file path the
 * stack output names, for tests that read the documents themselves.
 */
export function withDocuments(plan: Plan): Record<string, unknown> {
  const put = (v: unknown, at: string): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, put(x, at ? `${at}.${k}` : k)]))
      : (plan.documents?.[at] ?? v);
  return put(plan.outputs, '') as Record<string, unknown>;
}

/** A catalog file in a temp dir (removed when the test process exits), for tests that need their own topics and services. */
export function writeCatalog(yamlText: string): string {
  const dir = makeTempDirSync('kafka-platform-catalog-');
  const file = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(file, yamlText);
  return file;
}

export function resourcesOfType(plan: Plan, type: string) {
  return plan.resources.filter((r) => r.type === type);
}

/** Resources of a type the stack would create, without the existing ones it only reads (lookups). */
export function createdOfType(plan: Plan, type: string) {
  return resourcesOfType(plan, type).filter((r) => !r.read);
}

/**
 * Runs the Pulumi entry point (program.ts `program()`, as `pulumi up` does) under the mock runtime
 * and returns what it registered and what it threw (a RunError for user mistakes).
 */
export async function programUnderMocks(
  options: MockRunOptions,
): Promise<{ registrations: Registration[]; caught: unknown }> {
  const { program } = await import('../../program');
  let caught: unknown;
  const { registrations } = await runUnderMocks(options, () => {
    try {
      return program();
    } catch (err) {
      caught = err;
      return undefined;
    }
  });
  return { registrations, caught };
}
