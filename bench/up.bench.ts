/**
 * npm run bench:up [-- N] — the real Pulumi engine against a real Kafka broker on loopback, for a
 * generated catalog of N topics (default 100; 3 partitions and one config each), in one run:
 *   per-topic: kafka-platform's `local` stack, one engine resource per topic (the default);
 *   sharded:   the same stack with kafka:topicResources sharded;
 *   floor:     as many trivial dynamic resources with the same inputs and a provider that does
 *              nothing (bench/trivial), on the same engine: what the engine itself costs;
 *   peer:      OpenTofu + the Mongey Kafka provider, when BENCH_TOFU and BENCH_TOFU_PROVIDER
 *              are given (see up/peer.ts).
 * Rows: create (`up`), no-op `preview`, `preview --refresh`, one topic's config changed and `up`,
 * state size, and the peak memory of each command's process tree. BENCH_MODES picks modes
 * (comma-separated, default all). Run it under `nice` on a shared machine; the load average is
 * printed with the figures.
 */
import { loadavg } from 'node:os';
import { startEngine } from '../tests/harness/engine';
import { makeTempDir, startKafka } from '../tests/harness/kafka';
import { benchTopics, ModeResult } from './up/catalog';
import { runFloor, runPlatform } from './up/modes';
import { runPeer } from './up/peer';
import { Measure } from './up/processTree';

const positional = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const TOPICS = Number(positional ?? process.env.BENCH_TOPICS ?? 100);
const MODES = (process.env.BENCH_MODES ?? 'per-topic,sharded,floor,peer').split(',');

async function main(): Promise<void> {
  const kafka = await startKafka();
  const engine = await startEngine();
  const results = new Map<string, ModeResult>();
  const load: number[] = [];
  try {
    const dir = await makeTempDir('bench-up-');
    for (const mode of ['per-topic', 'sharded'] as const) {
      if (!MODES.includes(mode)) continue;
      console.error(`${mode}: ${TOPICS} topics ...`);
      results.set(
        mode,
        await runPlatform(engine, dir, kafka.bootstrap, mode, benchTopics(`bench.${mode}`, TOPICS)),
      );
      progress(mode, results.get(mode)!);
      load.push(loadavg()[0]!);
    }
    if (MODES.includes('floor')) {
      console.error(`floor: ${TOPICS} trivial resources ...`);
      results.set('floor', await runFloor(engine, dir, kafka.bootstrap, benchTopics('bench.floor', TOPICS)));
      progress('floor', results.get('floor')!);
      load.push(loadavg()[0]!);
    }
    const tofu = process.env.BENCH_TOFU;
    const provider = process.env.BENCH_TOFU_PROVIDER;
    if (MODES.includes('peer') && tofu && provider) {
      console.error(`peer: OpenTofu + Mongey kafka, ${TOPICS} topics ...`);
      results.set(
        'peer',
        await runPeer(tofu, provider, dir, kafka.bootstrap, benchTopics('bench.peer', TOPICS)),
      );
      load.push(loadavg()[0]!);
    }
  } finally {
    await engine.close();
    await kafka.stop();
  }
  print(results, load);
}

/** One mode's figures as soon as it is done (a long run interrupted still says something). */
function progress(mode: string, r: ModeResult): void {
  const s = (m: Measure) => `${(m.ms / 1000).toFixed(1)} s`;
  console.error(
    `  ${mode}: create ${s(r.create)}, preview ${s(r.preview)}, preview --refresh ${s(r.refresh)}, ` +
      `one-change up ${s(r.change)}, state ${r.state} bytes, peak RSS ${r.create.peakRssMb} MB; load ${loadavg()[0]!.toFixed(1)}`,
  );
}

function print(results: Map<string, ModeResult>, load: number[]): void {
  const modes = [...results.keys()];
  const floor = results.get('floor');
  const peer = results.get('peer');
  const s = (m: Measure) => `${(m.ms / 1000).toFixed(1)} s`;
  const kb = (bytes: number) =>
    bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${Math.round(bytes / 1024)} KB`;
  const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}x` : '–');
  const rows: [string, (r: ModeResult) => number, (r: ModeResult) => string][] = [
    ['create (up)', (r) => r.create.ms, (r) => s(r.create)],
    ['no-op preview', (r) => r.preview.ms, (r) => s(r.preview)],
    ['preview --refresh', (r) => r.refresh.ms, (r) => s(r.refresh)],
    ['one-change up', (r) => r.change.ms, (r) => s(r.change)],
    ['state', (r) => r.state, (r) => kb(r.state)],
    ['peak RSS of up (create)', (r) => r.create.peakRssMb, (r) => `${r.create.peakRssMb} MB`],
    ['peak RSS of preview', (r) => r.preview.peakRssMb, (r) => `${r.preview.peakRssMb} MB`],
    ['peak RSS of one-change up', (r) => r.change.peakRssMb, (r) => `${r.change.peakRssMb} MB`],
  ];
  console.log(
    `\nbench:up — ${TOPICS} topics (3 partitions, one config each), one broker on loopback, one run`,
  );
  console.log(`load average (1 min) after each mode: ${load.map((l) => l.toFixed(1)).join(', ')}\n`);
  const header = ['row', ...modes];
  if (floor) header.push(...modes.filter((m) => m !== 'floor' && m !== 'peer').map((m) => `${m}/floor`));
  if (peer) header.push(...modes.filter((m) => m !== 'floor' && m !== 'peer').map((m) => `${m}/peer`));
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const [label, value, shown] of rows) {
    const cells = [label, ...modes.map((m) => shown(results.get(m)!))];
    for (const base of [floor, peer]) {
      if (!base) continue;
      for (const m of modes.filter((x) => x !== 'floor' && x !== 'peer'))
        cells.push(ratio(value(results.get(m)!), value(base)));
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log('\npeak RSS by process kind during create (MB):');
  for (const [mode, r] of results) {
    const kinds = [...r.create.byProcess]
      .filter(([, mb]) => mb > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, mb]) => `${kind} ${mb}`)
      .join(', ');
    console.log(`  ${mode}: ${kinds}`);
  }
  if (!peer)
    console.log(
      '\npeer not run: set BENCH_TOFU (tofu binary) and BENCH_TOFU_PROVIDER (Mongey provider binary or mirror)',
    );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
