import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { createEnvelope } from '../../../client/envelope';
import { Spool } from '../../../client/spool';
import { encodeRecord, MESSAGE } from '../../../client/spoolRecords';

// Faults a dual-write spool meets in production, injected for real: a file-size limit and a full
// file system (short writes, ENOSPC), a damaged record, a second writer, a million owed messages
// in a small heap, a compaction that fails, sequence numbers past 2^32.
const run = promisify(execFile);
const CHILD = path.join(__dirname, '../../harness/spoolChild.ts');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spool-faults-'));
  dirs.push(dir);
  return dir;
}

/** Runs the spool child under `prefix` (a shell snippet, e.g. a ulimit), returns its stdout. */
async function child(settings: object, opts: { shell?: string; nodeArgs?: string[] } = {}): Promise<string> {
  const node = [process.execPath, ...(opts.nodeArgs ?? []), '--import', 'tsx', CHILD].map((a) => `'${a}'`);
  const { stdout } = await run('bash', ['-c', `${opts.shell ?? ''} exec ${node.join(' ')}`], {
    env: { ...process.env, SPOOL_CHILD: JSON.stringify(settings) },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function owedNumbers(dir: string): Promise<number[]> {
  const { spool, recovery } = await Spool.open({ dir });
  const owed = await spool.read(-1, 1_000_000, 2 ** 40);
  await spool.close();
  assert.deepEqual(recovery.damaged, [], 'no damaged records');
  return owed.map((m) => (m.envelope.data as { n: number }).n);
}

function acked(stdout: string): number[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('acked '))
    .map((l) => Number(l.split(' ')[1]));
}

describe('spool faults: short writes and a full disk', () => {
  it('under a 64 KiB file-size limit, every acknowledged append is read back and the rest failed', async () => {
    const dir = tempDir();
    // bash's ulimit -f counts 1024-byte blocks; Node ignores SIGXFSZ, so writes come back short, then EFBIG.
    const out = await child({ mode: 'append', dir, messages: 1000, group: 10 }, { shell: 'ulimit -f 64;' });
    const ok = acked(out);
    assert.ok(ok.length > 50 && ok.length < 1000, `some appends fit and some did not (${ok.length} acked)`);
    assert.match(out, /failed \d+ .*(EFBIG|File too large)/);
    const owed = await owedNumbers(dir);
    assert.deepEqual(owed, ok, 'exactly the acknowledged appends are owed, in order');
    // The spool stays usable once there is room again.
    const more = await child({ mode: 'append', dir, messages: 10, group: 10 });
    assert.equal(acked(more).length, 10);
  });

  it('group commit: a short write in the middle of a group fails that group only, no acknowledged append lost', async () => {
    const dir = tempDir();
    // 3 appends per event-loop turn, never waiting: later appends arrive while a write is on its
    // way to disk and share the next one. The 64 KiB limit cuts a group's write short part-way.
    const out = await child({ mode: 'stream', dir, messages: 1500, group: 3 }, { shell: 'ulimit -f 64;' });
    const ok = acked(out).sort((a, b) => a - b);
    const failed = out.split('\n').filter((l) => l.startsWith('failed '));
    assert.ok(ok.length > 50 && failed.length > 0, `${ok.length} acked, ${failed.length} failed`);
    assert.match(failed[0]!, /EFBIG|File too large|wrote 0 of/);
    const stats = JSON.parse(out.split('stats ')[1]!) as { fsyncs: number; messagesSynced: number };
    assert.ok(
      stats.messagesSynced / stats.fsyncs > 3,
      `appends made while a write was in flight joined a group: ${stats.messagesSynced} in ${stats.fsyncs} writes`,
    );
    assert.deepEqual(await owedNumbers(dir), ok, 'exactly the acknowledged appends are owed, in order');
  });

  it('on a full tmpfs (ENOSPC), every acknowledged append is read back', async (t) => {
    const mount = tempDir();
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    } catch (err) {
      t.skip(`mounting a tmpfs needs root here: ${String(err).split('\n')[0]}`);
      return;
    }
    try {
      const out = await child({ mode: 'append', dir: mount, messages: 1000, group: 10 });
      const ok = acked(out);
      assert.match(out, /failed \d+ .*ENOSPC/);
      assert.ok(ok.length > 50 && ok.length < 1000, `${ok.length} acked`);
      assert.deepEqual(await owedNumbers(mount), ok);
    } finally {
      await run('umount', [mount]);
    }
  });
});

describe('spool faults: a damaged record in the middle', () => {
  it('keeps the records after it, reports the span and keeps the damaged file', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir });
    for (let n = 0; n < 30; n++) {
      const seq = await spool.append('orders', createEnvelope('orders', { n }, 'svc'), undefined);
      spool.confirmed([seq]);
    }
    await spool.close();
    const file = path.join(dir, 'spool.log');
    const data = readFileSync(file);
    const at = Math.floor(data.length / 2);
    data.fill(0xff, at, at + 40); // a bad sector's worth of garbage in the middle
    writeFileSync(file, data);
    const again = await Spool.open({ dir });
    const owed = await again.spool.read(-1, 1000);
    const numbers = owed.map((m) => (m.envelope.data as { n: number }).n);
    assert.equal(again.recovery.damaged.length, 1);
    assert.ok(again.recovery.damaged[0]!.offset <= at, 'the span starts at or before the damage');
    assert.ok(numbers.includes(29) && numbers.includes(0), `records before and after kept: ${numbers}`);
    assert.ok(numbers.length >= 27, `at most the damaged records are lost (${numbers.length} kept)`);
    assert.ok(again.recovery.damagedCopy && existsSync(again.recovery.damagedCopy), 'damaged file kept');
    await again.spool.close();
    // The rewritten file is clean.
    assert.deepEqual(await owedNumbers(dir), numbers);
  });
});

describe('spool faults: one writer', () => {
  it('refuses a second open in the same process', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir });
    await assert.rejects(Spool.open({ dir }), {
      name: 'SpoolLockedError',
      message: `dual-write spool ${dir} is already open in this process: open it once and share the queue, or give each queue its own spool directory`,
    });
    await spool.close();
    const again = await Spool.open({ dir }); // released on close
    await again.spool.close();
  });

  it('refuses a lock with the same PID from another container (PID namespace) while it is renewed', async () => {
    const dir = tempDir();
    const lock = path.join(dir, 'spool.lock');
    const other = { token: 'x', pid: process.pid, host: 'other-pod', namespace: 'other-pod/boot/pid:[1]' };
    writeFileSync(lock, JSON.stringify(other));
    await assert.rejects(Spool.open({ dir, lockLeaseMs: 5000, lockWaitMs: 0 }), (err: Error) =>
      err.message.startsWith(
        `dual-write spool ${dir} is in use by process ${process.pid} on other-pod (lock renewed`,
      ),
    );
    // Not renewed for longer than the lease: the container is gone, the lock is taken over.
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const { spool } = await Spool.open({ dir, lockLeaseMs: 5000, lockWaitMs: 0 });
    assert.notEqual(JSON.parse(readFileSync(lock, 'utf8')).token, 'x');
    await spool.close();
  });

  it('refuses a second process while the first holds the spool, and takes over after it died', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, SPOOL_CHILD: JSON.stringify({ mode: 'hold', dir }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) =>
      holder.stdout.on('data', (d: Buffer) => d.includes('open') && resolve()),
    );
    await assert.rejects(Spool.open({ dir, lockWaitMs: 0 }), { name: 'SpoolLockedError' });
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('exit', resolve));
    const { spool } = await Spool.open({ dir, lockWaitMs: 0 });
    await spool.close();
  });

  it('lets exactly one of several processes take over a stale lock', async () => {
    const dir = tempDir();
    const lock = path.join(dir, 'spool.lock');
    writeFileSync(lock, JSON.stringify({ token: 'dead', pid: 1, host: 'gone', namespace: 'gone' }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const takers = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, SPOOL_CHILD: JSON.stringify({ mode: 'hold', dir, lockWaitMs: 0 }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const outcomes = await Promise.all(
      takers.map(
        (p) =>
          new Promise<string>((resolve) => {
            p.stdout.on('data', (d: Buffer) => d.includes('open') && resolve('open'));
            p.on('exit', () => resolve('refused'));
          }),
      ),
    );
    for (const p of takers) p.kill('SIGKILL');
    assert.deepEqual(
      outcomes.filter((o) => o === 'open'),
      ['open'],
      `exactly one taker holds the spool: ${outcomes}`,
    );
  });
});

describe('spool faults: many owed messages', () => {
  for (const count of [200_000, 1_000_000]) {
    it(`opens ${count.toLocaleString('en')} owed messages in a 96 MiB heap, in order`, async () => {
      const dir = tempDir();
      // Write the spool file directly (what a long outage leaves behind), 1 MiB at a time.
      const fd = openSync(path.join(dir, 'spool.log'), 'w');
      const envelope = createEnvelope('orders', { n: 0, pad: 'x'.repeat(100) }, 'svc');
      let chunk: Buffer[] = [];
      for (let n = 0; n < count; n++) {
        envelope.data = { n, pad: 'x'.repeat(100) };
        chunk.push(encodeRecord(MESSAGE, n + 1, Buffer.from(JSON.stringify({ t: 'orders', e: envelope }))));
        if (chunk.length === 4000 || n === count - 1) {
          writeSync(fd, Buffer.concat(chunk));
          chunk = [];
        }
      }
      closeSync(fd);
      const out = await child({ mode: 'count', dir }, { nodeArgs: ['--max-old-space-size=96'] });
      const report = JSON.parse(out.split('owed ')[1]!) as Record<string, unknown>;
      assert.equal(report.recovered, count);
      assert.equal(report.count, count);
      assert.equal(report.ordered, true);
    });
  }
});

describe('spool faults: compaction and sequence numbers', () => {
  it('a failing compaction leaves later appends working (no rejected chain, no unhandled rejection)', async () => {
    const dir = tempDir();
    const errors: unknown[] = [];
    const { spool } = await Spool.open({ dir, compactBytes: 2048, onError: (e) => errors.push(e) });
    mkdirSync(path.join(dir, 'spool.log.tmp')); // the rewrite's temp file cannot be created
    const seqs: number[] = [];
    for (let n = 0; n < 40; n++)
      seqs.push(await spool.append('orders', createEnvelope('orders', { n }, 'svc'), undefined));
    spool.confirmed(seqs);
    spool.ack(seqs.slice(0, 35));
    const later = await Promise.race([
      spool.append('orders', createEnvelope('orders', { n: 40 }, 'svc'), undefined),
      new Promise((_, reject) => setTimeout(() => reject(new Error('append never settled')), 5000)),
    ]);
    assert.equal(typeof later, 'number');
    await spool.read(-1, 1); // runs after the compaction on the spool's chain
    assert.ok(errors.length > 0, 'the failed compaction is reported');
    assert.match(String(errors[0]), /compaction failed \(the file stays valid; retried later\)/);
    await spool.close();
    rmSync(path.join(dir, 'spool.log.tmp'), { recursive: true });
    assert.deepEqual(await owedNumbers(dir), [35, 36, 37, 38, 39, 40]);
  });

  it('sequence numbers go on past 2^32 without failing or mixing up acknowledgements', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir, firstSeq: 2 ** 32 - 3 });
    const seqs: number[] = [];
    for (let n = 0; n < 8; n++) {
      const seq = await spool.append('orders', createEnvelope('orders', { n }, 'svc'), undefined);
      spool.confirmed([seq]);
      seqs.push(seq);
    }
    assert.ok(seqs[7]! > 2 ** 32);
    spool.ack([seqs[0]!, seqs[4]!]); // one before the 32-bit boundary, one after
    await spool.close();
    assert.deepEqual(await owedNumbers(dir), [1, 2, 3, 5, 6, 7]);
  });
});
