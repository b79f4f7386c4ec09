import { readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { E2eStack, Engine } from '../../tests/harness/engine';
import { REPO_ROOT } from '../../tests/harness/kafka';
import { BenchTopic, changed, ModeResult } from './catalog';
import { measure } from './processTree';

function writeCatalog(file: string, topics: readonly BenchTopic[]): void {
  writeFileSync(file, stringify({ topics, services: [] }));
}

/**
 * One Pulumi stack through the rows: `up` (create), a no-op `preview`, `preview --refresh`, then
 * one topic's config changed in the catalog and `up`.
 */
async function runStack(
  engine: Engine,
  stack: E2eStack,
  catalog: string,
  topics: readonly BenchTopic[],
): Promise<ModeResult> {
  const roots = ['pulumi'];
  writeCatalog(catalog, topics);
  const create = await measure(roots, () => stack.up());
  const state = stateBytes(engine, stack);
  const preview = await measure(roots, () => stack.preview());
  const refresh = await measure(roots, () => stack.preview({ refresh: true }));
  writeCatalog(
    catalog,
    topics.map((t, i) => (i === 0 ? changed(t) : t)),
  );
  const change = await measure(roots, () => stack.up());
  return { create, preview, refresh, change, state };
}

/** kafka-platform's `local` stack in a `kafka:topicResources` mode. */
export async function runPlatform(
  engine: Engine,
  dir: string,
  bootstrap: string,
  mode: 'per-topic' | 'sharded',
  topics: readonly BenchTopic[],
): Promise<ModeResult> {
  const catalog = path.join(dir, `catalog-${mode}.yaml`);
  const stack = await engine.newStack(`bench-${mode}`);
  await stack.configure({
    'kafka:provider': 'local',
    'kafka:catalog': catalog,
    'kafka:local': { bootstrapServers: bootstrap, defaultReplicationFactor: 1 },
    'kafka:kubernetes': { enabled: false },
    'kafka:topicResources': mode,
  });
  return runStack(engine, stack, catalog, topics);
}

/** The engine's floor: as many trivial dynamic resources, same inputs, a provider doing nothing. */
export async function runFloor(
  engine: Engine,
  dir: string,
  bootstrap: string,
  topics: readonly BenchTopic[],
): Promise<ModeResult> {
  const catalog = path.join(dir, 'catalog-floor.yaml');
  const stack = await engine.newStack('floor', path.join(REPO_ROOT, 'bench', 'trivial'));
  await stack.configure({ 'trivial:catalog': catalog, 'trivial:bootstrapServers': bootstrap });
  return runStack(engine, stack, catalog, topics);
}

function stateBytes(engine: Engine, stack: E2eStack): number {
  const dir = path.join(new URL(engine.env.PULUMI_BACKEND_URL!).pathname, '.pulumi', 'stacks');
  const files = readdirSync(dir, { recursive: true }) as string[];
  const file = files.find((f) => f.endsWith(`${stack.name}.json`));
  return file ? statSync(path.join(dir, file)).size : 0;
}
