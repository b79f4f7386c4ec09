/**
 * npm run bench:up — the real engine on a generated catalog (BENCH_TOPICS, default 1,000 topics
 * of 3 partitions and one config each) against a real Kafka broker:
 *   kafka-platform: `pulumi up` (creates every topic), a no-op `pulumi preview`, and
 *                   `pulumi preview --refresh` (reads every topic's live state);
 *   baseline:       the same three commands on as many trivial dynamic resources with the same
 *                   inputs and a provider that does nothing (bench/trivial), on the same engine.
 * Reports wall times, ratios, the peak memory of each command's process tree, the state file's
 * size, and the admin requests the broker received from kafka-platform per topic (counted from the
 * broker's own request log, not by our code).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { E2eStack, Engine, startEngine } from '../tests/harness/engine';
import { makeTempDir, REPO_ROOT, RunningKafka, startKafka } from '../tests/harness/kafka';

const TOPICS = Number(process.env.BENCH_TOPICS ?? 1000);

interface Measure {
  ms: number;
  peakRssMb: number;
  /** Peak RSS (MB) per process kind: the CLI, the language host, the program, the provider host. */
  byProcess: Map<string, number>;
}

/** Runs `op`, sampling the resident memory of every pulumi process and its children. */
async function measure(op: () => Promise<unknown>): Promise<Measure> {
  let peak = 0;
  const byProcess = new Map<string, number>();
  const sample = () => {
    const { total, processes } = treeRss();
    peak = Math.max(peak, total);
    for (const [kind, kib] of processes)
      byProcess.set(kind, Math.max(byProcess.get(kind) ?? 0, Math.round(kib / 1024)));
  };
  const timer = setInterval(sample, 200);
  const start = performance.now();
  try {
    await op();
  } finally {
    clearInterval(timer);
  }
  return { ms: performance.now() - start, peakRssMb: Math.round(peak / 1024), byProcess };
}

/** What a process of the run is, from its command line. */
function kindOf(cmdline: string): string {
  if (/dynamic-provider/.test(cmdline)) return 'dynamic provider host';
  if (/cmd\/run/.test(cmdline)) return 'program (node)';
  if (/pulumi-language-nodejs/.test(cmdline)) return 'language host';
  if (/(^|\/)pulumi /.test(cmdline)) return 'pulumi CLI';
  return 'other';
}

/**
 * Sum of RSS (KiB) of every `pulumi` process started by this one and all processes below it
 * (language host, program, provider plugins). The Kafka broker, also a child, is not counted.
 */
function treeRss(): { total: number; processes: Map<string, number> } {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  const names = new Map<number, string>();
  const cmdlines = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
      cmdlines.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // The process ended meanwhile.
    }
  }
  const inRun = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (names.get(p) === 'pulumi' && parents.get(p) === process.pid) return true;
    }
    return false;
  };
  let total = 0;
  const processes = new Map<string, number>();
  for (const [pid, kib] of rss) {
    if (!inRun(pid)) continue;
    total += kib;
    const kind = kindOf(cmdlines.get(pid) ?? '');
    processes.set(kind, (processes.get(kind) ?? 0) + kib);
  }
  return { total, processes };
}

function stateBytes(engine: Engine, stack: E2eStack): number {
  const dir = path.join(new URL(engine.env.PULUMI_BACKEND_URL!).pathname, '.pulumi', 'stacks');
  const files = readdirSync(dir, { recursive: true }) as string[];
  const file = files.find((f) => f.endsWith(`${stack.name}.json`));
  return file ? statSync(path.join(dir, file)).size : 0;
}

/** Requests kafka-platform's clients sent, by API, from the broker's request log. */
function requestsByApi(kafka: RunningKafka, since: number): Map<string, number> {
  const lines = readFileSync(kafka.requestLogFile!, 'utf8').split('\n').slice(since);
  const counts = new Map<string, number>();
  for (const line of lines) {
    // KRaft logs a request forwarded to the controller a second time (isForwarded: true).
    if (!/"clientId":"kafka-platform/.test(line) || /"isForwarded":true/.test(line)) continue;
    const api =
      /"requestApiKeyName":"(\w+)"/.exec(line)?.[1] ?? /"requestApiKey":(\d+)/.exec(line)?.[1] ?? '?';
    counts.set(api, (counts.get(api) ?? 0) + 1);
  }
  return counts;
}

const lineCount = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;

async function main(): Promise<void> {
  const kafka = await startKafka({ requestLog: true });
  const engine = await startEngine();
  try {
    const dir = await makeTempDir('bench-up-');
    const catalog = path.join(dir, 'catalog.yaml');
    writeFileSync(
      catalog,
      stringify({
        topics: Array.from({ length: TOPICS }, (_, i) => ({
          name: `bench.topic.${String(i).padStart(4, '0')}`,
          partitions: 3,
          config: { 'retention.ms': String(86_400_000 * (1 + (i % 7))) },
        })),
        services: [],
      }),
    );

    const platform = await engine.newStack('bench');
    await platform.configure({
      'kafka:provider': 'local',
      'kafka:catalog': catalog,
      'kafka:local': { bootstrapServers: kafka.bootstrap, defaultReplicationFactor: 1 },
      'kafka:kubernetes': { enabled: false },
    });
    const trivial = await engine.newStack('trivial', path.join(REPO_ROOT, 'bench', 'trivial'));
    await trivial.configure({ 'trivial:catalog': catalog, 'trivial:bootstrapServers': kafka.bootstrap });

    const run = async (stack: E2eStack) => {
      const before = lineCount(kafka.requestLogFile!);
      const up = await measure(() => stack.up());
      const afterUp = lineCount(kafka.requestLogFile!);
      const preview = await measure(() => stack.preview());
      const refresh = await measure(() => stack.preview({ refresh: true }));
      return {
        up,
        preview,
        refresh,
        state: stateBytes(engine, stack),
        upRequests: requestsByApi(kafka, before - 1),
        refreshRequests: requestsByApi(kafka, afterUp - 1),
      };
    };
    const ours = await run(platform);
    const base = await run(trivial);

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    const perTopic = (m: Map<string, number>) =>
      [...m]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([api, n]) => `${api} ${n} (${(n / TOPICS).toFixed(3)}/topic)`)
        .join(', ') || 'none';
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    console.log(`bench:up — ${TOPICS} topics, 3 partitions, one config each; engine parallelism default`);
    console.log(`                      kafka-platform   trivial   ratio`);
    for (const [label, key] of [
      ['pulumi up', 'up'],
      ['preview (no-op)', 'preview'],
      ['preview --refresh', 'refresh'],
    ] as const) {
      console.log(
        `${label.padEnd(22)}${s(ours[key].ms).padStart(14)}${s(base[key].ms).padStart(10)}${ratio(ours[key].ms, base[key].ms).padStart(8)}` +
          `   peak RSS ${ours[key].peakRssMb} MB vs ${base[key].peakRssMb} MB`,
      );
    }
    const breakdown = (m: Measure) =>
      [...m.byProcess]
        .filter(([, mb]) => mb > 0)
        .sort(([, a], [, b]) => b - a)
        .map(([kind, mb]) => `${kind} ${mb}`)
        .join(', ');
    console.log(
      `peak RSS by process (MB), up: kafka-platform: ${breakdown(ours.up)}; trivial: ${breakdown(base.up)}`,
    );
    console.log(
      `state file            ${mb(ours.state).padStart(14)}${mb(base.state).padStart(10)}${ratio(ours.state, base.state).padStart(8)}`,
    );
    console.log(
      `admin requests, up: ${total(ours.upRequests)} (${(total(ours.upRequests) / TOPICS).toFixed(3)}/topic): ${perTopic(ours.upRequests)}`,
    );
    console.log(
      `admin requests, preview + preview --refresh: ${total(ours.refreshRequests)} (${(total(ours.refreshRequests) / TOPICS).toFixed(3)}/topic): ${perTopic(ours.refreshRequests)}`,
    );
  } finally {
    await engine.close();
    await kafka.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
