// Dual-write, dedup and shadow comparison on real servers: Apache Kafka (KRaft) and ElasticMQ.
// The secondary is really stopped and restarted mid-stream; counts and ids are read back from
// the servers themselves.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { logLevel } from 'kafkajs';
import { Deduplicator } from '../../client/dedup';
import { DropReason, DualWriteMessageQueue, SecondaryMessage } from '../../client/dualWrite';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { Difference, ShadowComparison } from '../../client/shadow';
import { SqsMessageQueue } from '../../client/sqsQueue';
import { freePorts, startKafka, type RunningKafka } from '../harness/kafka';
import { startElasticMq, type RunningElasticMq } from '../harness/sqs';
import { counts, drainQueue, readAll, waitFor } from './clientHelpers';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';

const TIMEOUT = { timeout: 300_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dual-write SQS <-> Kafka on real servers', TIMEOUT, () => {
  let kafka: RunningKafka;
  let sqsServer: RunningElasticMq;
  let sqs: SQSClient;
  const urls: Record<string, string> = {};
  const dropped: { reason: DropReason; ids: string[] }[] = [];
  const onDropped = (messages: SecondaryMessage[], reason: DropReason) =>
    dropped.push({ reason, ids: messages.map((m) => m.envelope.id) });

  const kafkaQueue = (opts: { boundedRetry?: boolean } = {}) =>
    new KafkaMessageQueue({
      kafka: {
        clientId: 'dual-write-test',
        brokers: [kafka.bootstrap],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
        // A bounded retry makes sends fail while the broker is down, exercising dual-write's own retries.
        ...(opts.boundedRetry ? { retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } } : {}),
      },
      source: 'ml-api',
      ...(opts.boundedRetry ? { retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } } : {}),
    });
  const sqsQueue = (client = sqs) =>
    new SqsMessageQueue({ client, queues: urls, source: 'ml-api', waitTimeSeconds: 1 });

  before(async () => {
    [kafka, sqsServer] = await Promise.all([startKafka(), startElasticMq({ persistent: true })]);
    sqs = new SQSClient({
      endpoint: sqsServer.endpoint,
      region: sqsServer.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1, // fail fast while ElasticMQ restarts, so dual-write's own retry is what recovers
    });
    const topics = ['phase2', 'phase4', 'overflow', 'primary-down', 'shadow'];
    const admin = await observerAdmin(kafka, 'setup');
    await createTopicsAndWait(admin, {
      topics: topics.map((topic) => ({ topic, numPartitions: 3 })),
    });
    await admin.disconnect();
    for (const t of topics) {
      urls[t] = (
        await sqs.send(new CreateQueueCommand({ QueueName: t, Attributes: { VisibilityTimeout: '5' } }))
      ).QueueUrl!;
    }
  });

  // Queues are closed here too, so a failed assertion cannot leave retry loops running.
  const opened: DualWriteMessageQueue[] = [];
  const track = (queue: DualWriteMessageQueue) => (opened.push(queue), queue);

  after(async () => {
    await Promise.allSettled(opened.map((q) => q.close(2000)));
    sqs?.destroy();
    await Promise.all([kafka?.stop(), sqsServer?.stop()]);
  });

  /** Publishes in rounds while `outage` runs, and for a while after; returns the acknowledged ids. */
  async function publishThrough(
    queue: DualWriteMessageQueue,
    topic: string,
    outage: () => Promise<void>,
  ): Promise<string[]> {
    const ids: string[] = [];
    let outageDone = false;
    let outagePromise: Promise<void> | undefined;
    let afterOutage = 0;
    for (let round = 0; afterOutage < 10; round++) {
      if (round === 10) outagePromise = outage().then(() => void (outageDone = true));
      if (outageDone) afterOutage++;
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, i) => queue.publish(topic, { round, i }, { key: `k${i % 5}` })),
      );
      ids.push(...batch);
      await sleep(50);
    }
    await outagePromise;
    return ids;
  }

  async function assertBothSides(topic: string, ids: string[]): Promise<void> {
    const onSqs = await drainQueue(sqs, urls[topic]!);
    const onKafka = await readAll(kafka.bootstrap, topic);
    assert.deepEqual(
      [...counts(onSqs.map((m) => m.envelope.id)).values()].filter((n) => n !== 1),
      [],
      'SQS: once each',
    );
    assert.deepEqual(
      onSqs.map((m) => m.envelope.id).sort(),
      [...ids].sort(),
      'SQS holds exactly the published ids',
    );
    const kafkaCounts = counts(onKafka.map((r) => r.envelope.id));
    assert.deepEqual(
      [...kafkaCounts.keys()].sort(),
      [...ids].sort(),
      'Kafka holds exactly the published ids',
    );
    // The contract is at-least-once on the secondary; report resends, and check dedup makes them exactly-once.
    const resent = [...kafkaCounts.values()].filter((n) => n > 1).length;
    const dedup = new Deduplicator();
    let handled = 0;
    const handler = dedup.wrap(async () => void handled++);
    for (const r of onKafka) await handler(r.envelope, { transport: 'kafka', topic, position: r.offset });
    assert.equal(handled, ids.length, 'after consumer dedup: exactly once');
    // Same envelope on both sides: id, time, data.
    const bySqsId = new Map(onSqs.map((m) => [m.envelope.id, m.envelope]));
    for (const r of onKafka) assert.deepEqual(r.envelope, bySqsId.get(r.envelope.id));
    console.log(
      `${topic}: ${ids.length} published, SQS ${onSqs.length}, Kafka ${onKafka.length} (${resent} resent ids)`,
    );
  }

  it('phase 2: SQS primary, Kafka secondary stopped and restarted mid-stream', async () => {
    const queue = track(
      new DualWriteMessageQueue({
        primary: sqsQueue(),
        secondary: kafkaQueue({ boundedRetry: true }),
        source: 'ml-api',
        onDropped,
        backoff: { initialMs: 100, maxMs: 1000 },
      }),
    );
    const ids = await publishThrough(queue, 'phase2', () => kafka.restart());
    assert.equal(await queue.flush(60_000), true, 'the secondary caught up after the restart');
    const m = queue.metrics;
    await queue.close();
    assert.equal(m.published, ids.length);
    assert.equal(m.secondaryDelivered, ids.length);
    assert.equal(m.secondaryDropped, 0);
    assert.equal(m.secondaryPending, 0);
    assert.ok(m.secondaryFailures > 0, 'the outage was seen and retried');
    assert.deepEqual(dropped, []);
    await assertBothSides('phase2', ids);
  });

  it('phase 4 rollback window: Kafka primary, SQS secondary stopped and restarted mid-stream', async () => {
    const queue = track(
      new DualWriteMessageQueue({
        primary: kafkaQueue(),
        secondary: sqsQueue(),
        source: 'ml-api',
        onDropped,
        backoff: { initialMs: 100, maxMs: 1000 },
      }),
    );
    const ids = await publishThrough(queue, 'phase4', () => sqsServer.restart());
    assert.equal(await queue.flush(60_000), true);
    const m = queue.metrics;
    await queue.close();
    assert.deepEqual(
      { published: m.published, delivered: m.secondaryDelivered, dropped: m.secondaryDropped },
      { published: ids.length, delivered: ids.length, dropped: 0 },
    );
    assert.ok(m.secondaryFailures > 0, 'the outage was seen and retried');
    await assertBothSides('phase4', ids);
  });

  it('bounded retry queue: overflow and shutdown hand every undelivered message to onDropped', async () => {
    const [deadPort] = await freePorts(1);
    const dead = new SQSClient({
      endpoint: `http://127.0.0.1:${deadPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const seen: { reason: DropReason; ids: string[] }[] = [];
    const errors: unknown[] = [];
    const queue = track(
      new DualWriteMessageQueue({
        primary: kafkaQueue(),
        secondary: sqsQueue(dead),
        source: 'ml-api',
        maxPending: 5,
        overflow: 'drop-oldest',
        onDropped: (messages, reason) => seen.push({ reason, ids: messages.map((m) => m.envelope.id) }),
        onSecondaryError: (err) => errors.push(err),
        backoff: { initialMs: 50, maxMs: 200 },
      }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await queue.publish('overflow', { i }));
    const overflowed = seen.flatMap((s) => s.ids);
    assert.equal(overflowed.length, 3);
    assert.deepEqual(new Set(seen.map((s) => s.reason)), new Set(['overflow']));
    assert.equal(queue.metrics.secondaryPending, 5);
    await queue.close(500);
    const shutdown = seen.filter((s) => s.reason === 'shutdown').flatMap((s) => s.ids);
    assert.deepEqual([...overflowed, ...shutdown].sort(), [...ids].sort(), 'every message accounted for');
    assert.equal(queue.metrics.secondaryDropped, 8);
    assert.ok(errors.length > 0);
    dead.destroy();
    // The primary has all of them regardless.
    const onKafka = await readAll(kafka.bootstrap, 'overflow');
    assert.deepEqual(onKafka.map((r) => r.envelope.id).sort(), [...ids].sort());
  });

  it('drop-newest keeps the oldest messages owed', async () => {
    const [deadPort] = await freePorts(1);
    const dead = new SQSClient({
      endpoint: `http://127.0.0.1:${deadPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const overflowed: string[] = [];
    const queue = track(
      new DualWriteMessageQueue({
        primary: sqsQueue(),
        secondary: sqsQueue(dead),
        source: 'ml-api',
        maxPending: 2,
        overflow: 'drop-newest',
        onDropped: (messages, reason) => {
          if (reason === 'overflow') overflowed.push(...messages.map((m) => m.envelope.id));
        },
      }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await queue.publish('overflow', { i }));
    assert.deepEqual(overflowed, ids.slice(2));
    await queue.close(200);
    dead.destroy();
    await drainQueue(sqs, urls['overflow']!);
  });

  it('fails the publish when the primary fails, and sends nothing to the secondary', async () => {
    const [deadPort] = await freePorts(1);
    const dead = new SQSClient({
      endpoint: `http://127.0.0.1:${deadPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const queue = track(
      new DualWriteMessageQueue({
        primary: sqsQueue(dead),
        secondary: kafkaQueue(),
        source: 'ml-api',
        onDropped,
      }),
    );
    await assert.rejects(queue.publish('primary-down', { x: 1 }), /ECONNREFUSED/);
    assert.deepEqual(queue.metrics, {
      published: 0,
      primaryFailures: 1,
      secondaryDelivered: 0,
      secondaryFailures: 0,
      secondaryDropped: 0,
      secondaryDeadLettered: 0,
      replayed: 0,
      spoolDamagedBytes: 0,
      secondaryPending: 0,
    });
    await queue.close();
    dead.destroy();
    assert.deepEqual(await readAll(kafka.bootstrap, 'primary-down'), []);
  });

  it('phase 3: a shadow consumer on Kafka is compared with the live SQS consumer by message id', async () => {
    const producer = new DualWriteMessageQueue({
      primary: sqsQueue(),
      secondary: kafkaQueue(),
      source: 'ml-api',
      onDropped,
    });
    const differences: Difference<{ label: string }>[] = [];
    const shadow = new ShadowComparison<{ label: string }>({
      timeoutMs: 30_000,
      onDifference: (d) => differences.push(d),
    });
    const committed: string[] = [];
    const label = (n: number) => ({ label: n % 2 ? 'odd' : 'even' });
    const live = sqsQueue();
    const newSide = kafkaQueue();
    const liveSub = await live.subscribe<{ n: number }>(
      'shadow',
      shadow.old(async (e) => {
        committed.push(e.id); // the live consumer's side effect
        return label(e.data.n);
      }),
    );
    const dedup = new Deduplicator();
    const shadowSub = await newSide.subscribe<{ n: number }>(
      'shadow',
      dedup.wrap(shadow.new((e) => (e.data.n === 7 ? { label: 'seven' } : label(e.data.n)))),
      { group: 'ml-service-shadow', fromBeginning: true },
    );
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push(await producer.publish('shadow', { n }));
    await producer.flush(30_000);
    await waitFor(
      () => shadow.report().matched + shadow.report().mismatched === 20,
      'both sides to handle 20 jobs',
    );
    await Promise.all([liveSub.stop(), shadowSub.stop(), producer.close(), live.close(), newSide.close()]);
    assert.deepEqual(shadow.report(), {
      matched: 19,
      mismatched: 1,
      missingInNew: 0,
      missingInOld: 0,
      newFailed: 0,
      waiting: 0,
    });
    assert.deepEqual(differences, [
      { kind: 'mismatch', id: ids[7], old: { label: 'odd' }, new: { label: 'seven' } },
    ]);
    assert.equal(committed.length, 20, 'only the live consumer committed anything');
  });
});
