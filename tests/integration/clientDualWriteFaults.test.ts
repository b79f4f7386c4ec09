import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { logLevel } from 'kafkajs';
import { DualWriteMessageQueue } from '../../client/dualWrite';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { SqsMessageQueue } from '../../client/sqsQueue';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';
import { startElasticMq, type RunningElasticMq } from '../harness/sqs';
import { drainQueue, readAll } from './clientHelpers';

// Dual-write under faults, on a real Kafka broker and ElasticMQ: a spool that runs out of space
// (the primary must never hold a message the caller was not told about), and one message the
// secondary always refuses among 10,000 (the rest flow; it goes to the dead-letter queue).
const run = promisify(execFile);
const TIMEOUT = { timeout: 600_000 };

describe('dual-write faults on real servers', TIMEOUT, () => {
  let kafka: RunningKafka;
  let sqsServer: RunningElasticMq;
  let sqs: SQSClient;
  const dirs: string[] = [];

  const kafkaQueue = () =>
    new KafkaMessageQueue({
      kafka: { clientId: 'dw-faults', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING },
      source: 'ml-api',
    });

  before(async () => {
    [kafka, sqsServer] = await Promise.all([startKafka(), startElasticMq()]);
    sqs = new SQSClient({
      endpoint: sqsServer.endpoint,
      region: sqsServer.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const admin = await observerAdmin(kafka, 'setup');
    await createTopicsAndWait(admin, {
      topics: ['spool-full', 'poison'].map((topic) => ({ topic, numPartitions: 3 })),
    });
    await admin.disconnect();
  });
  after(async () => {
    sqs?.destroy();
    await Promise.allSettled([kafka?.stop(), sqsServer?.stop()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a full spool (ENOSPC) fails publish before the primary has the message', async (t) => {
    const mount = mkdtempSync(path.join(os.tmpdir(), 'dw-tmpfs-'));
    dirs.push(mount);
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    } catch (err) {
      t.skip(`mounting a tmpfs needs root here: ${String(err).split('\n')[0]}`);
      return;
    }
    // The secondary is unreachable: everything stays owed and the spool fills the file system.
    const down = new SQSClient({
      endpoint: 'http://127.0.0.1:1',
      region: sqsServer.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const queue = await DualWriteMessageQueue.open({
      primary: kafkaQueue(),
      secondary: new SqsMessageQueue({
        client: down,
        queues: { 'spool-full': `${sqsServer.endpoint}/000000000000/spool-full` },
        source: 'ml-api',
      }),
      source: 'ml-api',
      spool: { dir: mount, maxBytes: 2 ** 30 },
    });
    const acknowledged = new Set<string>();
    const refused: string[] = [];
    try {
      for (let n = 0; n < 600 && refused.length < 20; n++) {
        const id = `m-${n}`;
        try {
          await queue.publish('spool-full', { n, pad: 'x'.repeat(200) }, { id });
          acknowledged.add(id);
        } catch (err) {
          assert.match(String(err), /ENOSPC/);
          refused.push(id);
        }
      }
    } finally {
      await queue.close(1000);
      await run('umount', ['-l', mount]);
      down.destroy();
    }
    assert.ok(refused.length === 20 && acknowledged.size > 50, `${acknowledged.size} acknowledged`);
    const onPrimary = (await readAll(kafka.bootstrap, 'spool-full')).map((r) => r.envelope.id);
    const unacknowledged = onPrimary.filter((id) => !acknowledged.has(id));
    assert.deepEqual(unacknowledged, [], 'the primary holds only messages whose publish resolved');
  });

  it('one message the secondary always refuses, among 10,000: the rest are delivered, it is dead-lettered', async () => {
    // A FIFO queue refuses a message without a MessageGroupId: a permanent failure of one message.
    const fifo = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'poison.fifo',
          Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' },
        }),
      )
    ).QueueUrl!;
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'poison-dlq' }))).QueueUrl!;
    const spool = mkdtempSync(path.join(os.tmpdir(), 'dw-poison-'));
    dirs.push(spool);
    const queue = await DualWriteMessageQueue.open({
      primary: kafkaQueue(),
      secondary: new SqsMessageQueue({
        client: sqs,
        queues: { poison: fifo, 'poison.dlq': dlq },
        source: 'ml-api',
      }),
      source: 'ml-api',
      spool: { dir: spool, maxBytes: 2 ** 30 },
      backoff: { initialMs: 1000, maxMs: 30_000 },
      maxAttempts: 3,
      deadLetterTopics: { poison: 'poison.dlq' },
    });
    const start = Date.now();
    for (let n = 0; n < 10_000; n += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          n + i === 17
            ? queue.publish('poison', { n: n + i }, { id: 'poison-17' }) // no key: the FIFO queue refuses it
            : queue.publish('poison', { n: n + i }, { key: `k${(n + i) % 10}` }),
        ),
      );
    }
    assert.ok(await queue.flush(300_000), `drained: ${JSON.stringify(queue.metrics)}`);
    const seconds = (Date.now() - start) / 1000;
    const m = queue.metrics;
    assert.equal(m.secondaryDelivered, 9_999);
    assert.equal(m.secondaryDeadLettered, 1);
    await queue.close();
    const delivered = await drainQueue(sqs, fifo);
    assert.equal(delivered.length, 9_999);
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    assert.equal(dead.Messages?.length, 1);
    const attrs = dead.Messages![0]!.MessageAttributes!;
    assert.equal(JSON.parse(dead.Messages![0]!.Body!).id, 'poison-17');
    assert.equal(attrs['kp-dlq-original-topic']?.StringValue, 'poison');
    assert.equal(attrs['kp-dlq-attempts']?.StringValue, '3');
    assert.match(attrs['kp-dlq-error']?.StringValue ?? '', /needs a key/);
    console.log(`10,000 through dual-write with one poison message: ${seconds.toFixed(1)} s`);
  });
});
