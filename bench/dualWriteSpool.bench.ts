// What the durable spool costs a publishing service: dual-write publish throughput with the spool
// (every acknowledged message fsync'd, group-committed) against the in-memory retry queue, on a
// local Apache Kafka broker (primary) and ElasticMQ (secondary) that this script starts itself.
//
// Phase 4 (`kafka+sqs`) is measured because its primary is fast: with an SQS primary (phase 2)
// ElasticMQ bounds both variants at about 1,000 msg/s and hides the spool's cost. The timed part
// is publish(): it resolves once Kafka acknowledged and (spool variant) the message is on disk.
// The SQS secondary is held while a block is timed and drained, untimed, after it: its sends cost
// about 350 µs of CPU per message (SigV4, HTTP, JSON), ten times the publish path, and when they
// ran during the timed part, how much of them landed there decided the result (0.39x to 0.74x
// for the same code). Held, both variants do the same secondary work outside the clock, so the
// ratio is the spool's own cost. The variants run interleaved in short blocks (rotating order) so
// background load on the machine hits them alike.
//
// Then the recovery of a spool owing --recover messages (default 1,000,000): time and peak RSS.
//
// Usage: npm run bench:dualwrite [-- --messages 20000 --window 500 --block 2500 --recover 1000000]
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { logLevel } from 'kafkajs';
import { DualWriteMessageQueue } from '../client/dualWrite';
import type { Envelope } from '../client/envelope';
import type { EnvelopeQueue, Handler, SubscribeOptions, Subscription } from '../client/messageQueue';
import { createEnvelope } from '../client/envelope';
import { Spool } from '../client/spool';
import { encodeRecord, MESSAGE } from '../client/spoolRecords';
import { KafkaMessageQueue } from '../client/kafkaQueue';
import { SqsMessageQueue } from '../client/sqsQueue';
import { observerAdmin } from '../tests/harness/clients';
import { arg, message, startServers } from './common';

const MESSAGES = arg('messages', 20_000);
const RECOVER = arg('recover', 1_000_000);
const WINDOW = arg('window', 500);
const BLOCK = arg('block', 1_000);
const TOPIC = 'bench.dualwrite';

/** The real SQS secondary, whose sends wait while `hold()` is in force (see the top of this file). */
class HeldSecondary implements EnvelopeQueue {
  readonly transport = 'sqs' as const;
  private gate: Promise<void> = Promise.resolve();
  private open?: () => void;
  constructor(private readonly inner: SqsMessageQueue) {}
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
  }
  async publishEnvelope(topic: string, envelope: Envelope, key?: string, headers?: Record<string, string>) {
    await this.gate;
    return this.inner.publishEnvelope(topic, envelope, key, headers);
  }
  publish<T>(topic: string, message: T): Promise<string> {
    return this.inner.publish(topic, message);
  }
  subscribe<T>(topic: string, handler: Handler<T>, opts?: SubscribeOptions): Promise<Subscription> {
    return this.inner.subscribe(topic, handler, opts);
  }
  close(): Promise<void> {
    this.release();
    return this.inner.close();
  }
}

async function main(): Promise<void> {
  const { kafka, sqsServer, sqs } = await startServers();
  const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'bench-spool-'));
  try {
    const admin = await observerAdmin(kafka, 'bench');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 3 }] });
    await admin.disconnect();
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench-dualwrite' }))).QueueUrl!;

    const make = async (durable: boolean, secondary: HeldSecondary) =>
      DualWriteMessageQueue.open({
        primary: new KafkaMessageQueue({
          kafka: { clientId: 'bench', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING },
          source: 'bench',
        }),
        secondary,
        source: 'bench',
        ...(durable
          ? { spool: { dir: spoolDir, maxBytes: 1024 * 1024 * 1024 } }
          : {
              maxPending: MESSAGES * 2,
              onDropped: () => console.error('bench: in-memory queue dropped messages'),
            }),
      });
    const held = () =>
      new HeldSecondary(new SqsMessageQueue({ client: sqs, queues: { [TOPIC]: url }, source: 'bench' }));
    const [memorySecondary, spoolSecondary] = [held(), held()];
    const variants = [
      {
        name: 'in-memory',
        queue: await make(false, memorySecondary),
        secondary: memorySecondary,
        seconds: 0,
        cpuMicros: 0,
        messages: 0,
      },
      {
        name: 'spool',
        queue: await make(true, spoolSecondary),
        secondary: spoolSecondary,
        seconds: 0,
        cpuMicros: 0,
        messages: 0,
      },
    ];

    let seq = 0;
    const run = async (v: (typeof variants)[number], count: number, timed: boolean) => {
      v.secondary.hold();
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let sent = 0; sent < count; sent += WINDOW) {
        const n = Math.min(WINDOW, count - sent);
        await Promise.all(
          Array.from({ length: n }, () => v.queue.publish(TOPIC, message(seq++), { key: `k${seq % 100}` })),
        );
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const used = process.cpuUsage(cpu);
      if (timed) {
        v.seconds += seconds;
        v.cpuMicros += used.user + used.system;
        v.messages += count;
      }
      v.secondary.release();
      if (!(await v.queue.flush(600_000))) throw new Error(`${v.name}: the secondary did not drain`);
    };

    console.log(`warm-up: ${WINDOW * 4} messages per variant`);
    for (const v of variants) await run(v, WINDOW * 4, false);
    const fsyncsBefore = variants[1]!.queue.spoolStats!;
    for (let done = 0, round = 0; done < MESSAGES; done += BLOCK, round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) await run(v, Math.min(BLOCK, MESSAGES - done), true);
    }
    const fsyncs = variants[1]!.queue.spoolStats!;

    console.log(
      `\n${MESSAGES} messages of 1 KiB per variant, windows of ${WINDOW} publish() calls, blocks of ${BLOCK}`,
    );
    for (const v of variants) {
      const rate = v.messages / v.seconds;
      const cpu = v.cpuMicros / v.messages;
      console.log(
        `${v.name.padEnd(10)} ${rate.toFixed(0).padStart(7)} msg/s   ${cpu.toFixed(1)} µs client CPU per message`,
      );
    }
    const [memory, spool] = variants as [(typeof variants)[0], (typeof variants)[0]];
    const ratio = spool.messages / spool.seconds / (memory.messages / memory.seconds);
    const syncs = fsyncs.fsyncs - fsyncsBefore.fsyncs;
    const synced = fsyncs.messagesSynced - fsyncsBefore.messagesSynced;
    console.log(`spool / in-memory: ${ratio.toFixed(3)}x`);
    console.log(`spool fsyncs: ${syncs} for ${synced} messages (${(synced / syncs).toFixed(1)} per fsync)`);
    for (const v of variants) await v.queue.close();
  } finally {
    sqs.destroy();
    rmSync(spoolDir, { recursive: true, force: true });
    await Promise.all([kafka.stop(), sqsServer.stop()]);
  }
}

/**
 * Recovery after a long outage: a spool owing RECOVER messages of ~1 KiB (written directly, as a
 * crashed process leaves it) is opened and read back in batches, as the pump does; time and the
 * process's peak RSS while doing it.
 */
async function recovery(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-recover-'));
  try {
    const fd = openSync(path.join(dir, 'spool.log'), 'w');
    let chunk: Buffer[] = [];
    for (let n = 0; n < RECOVER; n++) {
      const envelope = createEnvelope(TOPIC, message(n), 'bench');
      chunk.push(encodeRecord(MESSAGE, n + 1, Buffer.from(JSON.stringify({ t: TOPIC, e: envelope }))));
      if (chunk.length === 2000 || n === RECOVER - 1) {
        writeSync(fd, Buffer.concat(chunk));
        chunk = [];
      }
    }
    closeSync(fd);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const start = process.hrtime.bigint();
    const { spool, recovery: found } = await Spool.open({ dir, maxBytes: 2 ** 40 });
    const opened = Number(process.hrtime.bigint() - start) / 1e9;
    let read = 0;
    for (let after = -1; ;) {
      const batch = await spool.read(after, 500);
      if (batch.length === 0) break;
      read += batch.length;
      after = batch[batch.length - 1]!.seq;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const total = Number(process.hrtime.bigint() - start) / 1e9;
    await spool.close();
    console.log(
      `recovery of ${found.messages} owed (${read} read back): open ${opened.toFixed(1)} s, ` +
        `open + read all ${total.toFixed(1)} s; RSS before ${Math.round(rssBefore / 2 ** 20)} MiB, ` +
        `peak ${Math.round(peak / 2 ** 20)} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(recovery)
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
