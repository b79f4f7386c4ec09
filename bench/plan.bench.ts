/**
 * npm run bench:plan — the offline plan of a generated catalog (1,000 topics, 100 services)
 * against the Pulumi SDK registering the same number of bare resources under the same mocks,
 * in one process. Reports wall time, the ratio (target <= 1.5x) and memory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as pulumi from '@pulumi/pulumi';
import { stringify } from 'yaml';
import { runUnderMocks } from '../plan/mockRuntime';
import { planStack } from '../plan/plan';

const TOPICS = Number(process.env.BENCH_TOPICS ?? 1000);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function generatedCatalog(): string {
  const topics = Array.from({ length: TOPICS }, (_, i) => ({
    name: `bench.topic.${i}`,
    partitions: 1 + (i % 12),
    config: { 'retention.ms': String(86400000 * (1 + (i % 7))), 'cleanup.policy': 'delete' },
  }));
  const services = Array.from({ length: SERVICES }, (_, s) => ({
    name: `service-${s}`,
    namespace: `team-${s % 10}`,
    produces: Array.from({ length: 5 }, (_, k) => `bench.topic.${(s * 10 + k) % TOPICS}`),
    consumes: Array.from({ length: 5 }, (_, k) => ({
      topic: `bench.topic.${(s * 10 + 5 + k) % TOPICS}`,
      group: `service-${s}`,
    })),
  }));
  return stringify({ topics, services });
}

class Bare extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super('bench:index:Bare', name, props);
  }
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function main(): Promise<void> {
  // Same setting as the plan CLI: stack traces are not source-mapped (see cli/plan.ts).
  process.setSourceMapsEnabled(false);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-plan-'));
  const catalog = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(catalog, generatedCatalog());
  const stackFile = path.join(dir, 'Pulumi.bench.yaml');
  fs.writeFileSync(
    stackFile,
    stringify({
      config: {
        'kafka:provider': 'local',
        'kafka:catalog': catalog,
        'kafka:local': { bootstrapServers: 'localhost:19092', clientBootstrapServers: 'redpanda:9092' },
      },
    }),
  );
  const projectDir = path.resolve(__dirname, '..');

  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);

  // Warm-up: load modules and serialize the dynamic provider once, like any real run does.
  const warm = await planStack({ projectDir, stack: 'bench', configFile: stackFile });
  const count = warm.resources.length;

  const planMs: number[] = [];
  const bareMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    planMs.push((await time(() => planStack({ projectDir, stack: 'bench', configFile: stackFile }))).ms);
    bareMs.push(
      (
        await time(() =>
          runUnderMocks({ project: 'kafka-platform', stack: 'bench', config: {}, secretKeys: [] }, () =>
            Array.from(
              { length: count },
              (_, i) => new Bare(`bare-${i}`, { index: i, name: `bench.topic.${i}` }),
            ),
          ),
        )
      ).ms,
    );
  }
  clearInterval(sampler);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const plan = median(planMs);
  const bare = median(bareMs);
  const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(`catalog: ${TOPICS} topics, ${SERVICES} services -> ${count} resources registered per run`);
  console.log(
    `plan (validate + program + mocks), median of ${ROUNDS}: ${plan.toFixed(0)} ms  [${planMs.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `bare SDK registrations, median of ${ROUNDS}:          ${bare.toFixed(0)} ms  [${bareMs.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(`ratio plan / bare: ${(plan / bare).toFixed(2)}x (target <= 1.5x)`);
  console.log(
    `peak heap used: ${mib(peakHeap)} MiB, peak RSS: ${mib(process.resourceUsage().maxRSS * 1024)} MiB`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
