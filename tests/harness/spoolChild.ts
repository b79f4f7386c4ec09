// A process using a dual-write spool, for the fault-injection tests in
// tests/unit/client/spoolFaults.test.ts: run under a file-size limit, on a full file system, with a
// small heap, or next to another writer. Settings as JSON in SPOOL_CHILD; one line per event on stdout.
//   append: appends `messages` in groups of `group`, printing `acked <n>` once append() resolved
//           and `failed <n> <error>` when it rejected; then closes.
//   stream: appends `messages`, `group` per event-loop turn without waiting for earlier ones (so
//           appends arrive while a write is on its way to disk and join the next group commit);
//           prints `acked`/`failed` lines as they settle, then `stats <json>` (fsyncs, messages synced).
//   hold:   opens the spool, prints `open`, and holds it until killed.
//   count:  opens, reads every owed message back in batches, prints `owed <json>` (count, order, memory).
import { createEnvelope } from '../../client/envelope';
import { Spool } from '../../client/spool';

interface Settings {
  mode: 'append' | 'stream' | 'hold' | 'count';
  dir: string;
  messages?: number;
  group?: number;
  lockWaitMs?: number;
}

async function main(): Promise<void> {
  const s = JSON.parse(process.env.SPOOL_CHILD ?? '{}') as Settings;
  const { spool, recovery } = await Spool.open({
    dir: s.dir,
    maxBytes: 2 ** 40,
    ...(s.lockWaitMs !== undefined ? { lockWaitMs: s.lockWaitMs } : {}),
  });
  if (s.mode === 'hold') {
    process.stdout.write('open\n');
    setInterval(() => undefined, 1000);
    return;
  }
  if (s.mode === 'count') {
    let count = 0;
    let ordered = true;
    let last = -1;
    for (let after = -1; ;) {
      const batch = await spool.read(after, 1000);
      if (batch.length === 0) break;
      for (const m of batch) {
        const n = (m.envelope.data as { n: number }).n;
        if (n <= last) ordered = false;
        last = n;
      }
      count += batch.length;
      after = batch[batch.length - 1]!.seq;
    }
    const mem = process.memoryUsage();
    await spool.close();
    const report = { recovered: recovery.messages, count, ordered, rssMB: Math.round(mem.rss / 2 ** 20) };
    process.stdout.write(`owed ${JSON.stringify(report)}\n`);
    return;
  }
  const total = s.messages ?? 1000;
  const group = s.group ?? 10;
  if (s.mode === 'stream') {
    const settled: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      if (n > 0 && n % group === 0) await new Promise((resolve) => setImmediate(resolve));
      const envelope = createEnvelope('orders', { n, pad: 'x'.repeat(100) }, 'svc');
      settled.push(
        spool.append('orders', envelope, undefined).then(
          () => void process.stdout.write(`acked ${n}\n`),
          (err: unknown) => void process.stdout.write(`failed ${n} ${String(err).split('\n')[0]}\n`),
        ),
      );
    }
    await Promise.all(settled);
    process.stdout.write(`stats ${JSON.stringify(spool.stats)}\n`);
    await spool.close();
    return;
  }
  for (let n = 0; n < total; n += group) {
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(group, total - n) }, (_, i) =>
        spool.append(
          'orders',
          createEnvelope('orders', { n: n + i, pad: 'x'.repeat(100) }, 'svc'),
          undefined,
        ),
      ),
    );
    process.stdout.write(
      results
        .map((r, i) =>
          r.status === 'fulfilled'
            ? `acked ${n + i}\n`
            : `failed ${n + i} ${String(r.reason).split('\n')[0]}\n`,
        )
        .join(''),
    );
  }
  await spool.close();
}

main().then(
  () => {
    if (!process.env.SPOOL_CHILD?.includes('"hold"')) process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
