import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { createEnvelope } from '../../../client/envelope';
import { Spool, SpooledMessage, SpoolFullError, SpoolRecovery } from '../../../client/spool';

// The spool file on its own; the crash itself (SIGKILL, restart, delivery) is tested end to end in
// tests/integration/clientDualWriteCrash.test.ts.
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spool-unit-'));
  dirs.push(dir);
  return dir;
}

async function put(spool: Spool, n: number, key?: string): Promise<number> {
  const envelope = createEnvelope('orders', { n }, 'svc', key ? { key } : {});
  const seq = await spool.append('orders', envelope, key);
  spool.confirmed([seq]);
  return seq;
}

/** Opens the spool and reads back everything owed, in order. */
async function reopen(
  dir: string,
): Promise<{ spool: Spool; owed: SpooledMessage[]; recovery: SpoolRecovery }> {
  const { spool, recovery } = await Spool.open({ dir });
  return { spool, recovery, owed: await spool.read(-1, 1_000_000, 2 ** 40) };
}

describe('dual-write spool', () => {
  it('replays what was not acknowledged, in order, with topic, key and the same envelope', async () => {
    const dir = tempDir();
    const first = await Spool.open({ dir });
    const seqs = await Promise.all([1, 2, 3, 4].map((n) => put(first.spool, n, `k${n}`)));
    first.spool.ack([seqs[1]!]);
    await first.spool.close();

    const { spool, owed } = await reopen(dir);
    assert.deepEqual(
      owed.map((m) => [m.topic, m.key, (m.envelope.data as { n: number }).n]),
      [
        ['orders', 'k1', 1],
        ['orders', 'k3', 3],
        ['orders', 'k4', 4],
      ],
    );
    assert.deepEqual(spool.pending.messages, 3);
    await spool.close();
  });

  it('cuts off a torn last record (a crash in the middle of a write)', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir });
    await spool.append('orders', createEnvelope('orders', { n: 1 }, 'svc'), undefined);
    await spool.append('orders', createEnvelope('orders', { n: 2 }, 'svc'), undefined);
    await spool.close();
    const file = path.join(dir, 'spool.log');
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 5)); // the second record lost its tail
    const reopened = await reopen(dir);
    assert.deepEqual(
      reopened.owed.map((m) => (m.envelope.data as { n: number }).n),
      [1],
    );
    await reopened.spool.close();
  });

  it('ignores garbage after the last intact record and keeps appending after it', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir });
    await put(spool, 1);
    await spool.close();
    appendFileSync(path.join(dir, 'spool.log'), Buffer.from('\x10\x00\x00\x00garbage'));
    const again = await Spool.open({ dir });
    await put(again.spool, 2);
    await again.spool.close();
    const last = await reopen(dir);
    assert.deepEqual(
      last.owed.map((m) => (m.envelope.data as { n: number }).n),
      [1, 2],
    );
    await last.spool.close();
  });

  it('is truncated once everything is acknowledged', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir });
    const seqs = await Promise.all([1, 2, 3].map((n) => put(spool, n)));
    assert.ok(statSync(path.join(dir, 'spool.log')).size > 0);
    spool.ack(seqs);
    await spool.close();
    assert.equal(statSync(path.join(dir, 'spool.log')).size, 0);
  });

  it('rewrites a large, mostly acknowledged file with only what is owed', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir, compactBytes: 4096 });
    const seqs = await Promise.all(Array.from({ length: 100 }, (_, n) => put(spool, n)));
    spool.ack(seqs.slice(0, 95));
    await put(spool, 100); // the next write compacts
    await spool.close();
    assert.ok(statSync(path.join(dir, 'spool.log')).size < 4096);
    const { spool: reopened, owed } = await reopen(dir);
    assert.deepEqual(
      owed.map((m) => (m.envelope.data as { n: number }).n),
      [95, 96, 97, 98, 99, 100],
    );
    await reopened.close();
  });

  it('refuses a message once maxBytes are owed, naming the topic, the spool and what to do', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir, maxBytes: 1000 });
    await Promise.all(Array.from({ length: 4 }, (_, n) => put(spool, n))); // about 215 bytes each
    await assert.rejects(
      async () => put(spool, 99),
      (err: Error) =>
        err instanceof SpoolFullError &&
        err.message.startsWith(`cannot publish to topic "orders": the dual-write spool ${dir} is full (`) &&
        err.message.endsWith('restore it, or raise spool.maxBytes'),
    );
    await spool.close();
  });

  it('reads back a message the primary never confirmed as unconfirmed (sent to the primary again)', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir });
    await spool.append('orders', createEnvelope('orders', { n: 1 }, 'svc'), undefined); // crash before the primary answered
    await put(spool, 2);
    await spool.close();
    const { spool: again, owed, recovery } = await reopen(dir);
    assert.deepEqual(
      owed.map((m) => [(m.envelope.data as { n: number }).n, m.unconfirmed]),
      [
        [1, true],
        [2, false],
      ],
    );
    assert.equal(recovery.unconfirmed, 1);
    await again.close();
  });

  it('forgets a message the primary refused', async () => {
    const dir = tempDir();
    const { spool } = await Spool.open({ dir });
    const seq = await spool.append('orders', createEnvelope('orders', { n: 1 }, 'svc'), undefined);
    spool.refused([seq]);
    await spool.close();
    const { spool: again, owed } = await reopen(dir);
    assert.deepEqual(owed, []);
    await again.close();
  });
});

describe('dual-write durability is a choice', () => {
  it('refuses a dual-write queue with neither a spool nor onDropped', async () => {
    const { DualWriteMessageQueue } = await import('../../../client/dualWrite');
    const { KafkaMessageQueue } = await import('../../../client/kafkaQueue');
    const kafka = () => new KafkaMessageQueue({ kafka: { brokers: ['127.0.0.1:1'] }, source: 'svc' });
    assert.throws(() => new DualWriteMessageQueue({ primary: kafka(), secondary: kafka(), source: 'svc' }), {
      message:
        'DualWriteMessageQueue needs spool: { dir } (what is owed to the secondary survives a crash) ' +
        'or onDropped (in memory: a crash loses it, and overflow and shutdown hand it to onDropped)',
    });
  });

  it('opens with 200,000 messages owed (a long outage) without overflowing the stack', async () => {
    const { DualWriteMessageQueue } = await import('../../../client/dualWrite');
    const { KafkaMessageQueue } = await import('../../../client/kafkaQueue');
    const { encodeRecord, MESSAGE } = await import('../../../client/spoolRecords');
    const dir = tempDir();
    const envelope = createEnvelope('orders', { n: 0 }, 'svc');
    const records = Array.from({ length: 200_000 }, (_, n) => {
      envelope.data = { n };
      return encodeRecord(MESSAGE, n + 1, Buffer.from(JSON.stringify({ t: 'orders', e: envelope })));
    });
    writeFileSync(path.join(dir, 'spool.log'), Buffer.concat(records));
    // Brokers that refuse connections: nothing is delivered, the queue just has to open.
    const kafka = () =>
      new KafkaMessageQueue({
        kafka: { brokers: ['127.0.0.1:1'], retry: { retries: 0 }, logLevel: 0, connectionTimeout: 100 },
        retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
        source: 'svc',
      });
    const queue = await DualWriteMessageQueue.open({
      primary: kafka(),
      secondary: kafka(),
      source: 'svc',
      spool: { dir },
      onSecondaryError: () => undefined,
    });
    assert.equal(queue.metrics.replayed, 200_000);
    await queue.close(100);
  });
});

describe('a spool written by 0.1.0', () => {
  it('is converted at open, keeping what it owed (32-bit sequence numbers, no confirmations)', async () => {
    const { crc32 } = await import('node:zlib');
    const legacy = (kind: number, seq: number, body: Buffer) => {
      const out = Buffer.alloc(13 + body.length);
      out.writeUInt32LE(body.length, 0);
      out.writeUInt8(kind, 8);
      out.writeUInt32LE(seq, 9);
      body.copy(out, 13);
      out.writeUInt32LE(crc32(out.subarray(8)), 4);
      return out;
    };
    const message = (n: number) =>
      legacy(1, n, Buffer.from(JSON.stringify({ t: 'orders', e: createEnvelope('orders', { n }, 'svc') })));
    const ack = Buffer.alloc(4);
    ack.writeUInt32LE(2);
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'spool.log'),
      Buffer.concat([message(1), message(2), message(3), legacy(2, 0, ack)]),
    );
    const { spool, owed, recovery } = await reopen(dir);
    assert.deepEqual(
      owed.map((m) => [(m.envelope.data as { n: number }).n, m.unconfirmed]),
      [
        [1, false],
        [3, false],
      ],
    );
    assert.deepEqual(recovery.damaged, []);
    await spool.close();
  });
});
