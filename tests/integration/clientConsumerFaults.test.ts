// Consumers under faults on a real broker: a handler that throws TypeError on one message among
// many (the rest are handled, it goes to the dead-letter topic with the kp-dlq-* headers, the
// consumer keeps running), and a handler longer than the session timeout that heartbeats.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { logLevel } from 'kafkajs';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';
import { readAll, waitFor } from './clientHelpers';

const TIMEOUT = { timeout: 300_000 };

describe('consumer faults on a real broker', TIMEOUT, () => {
  let kafka: RunningKafka;
  const queues: KafkaMessageQueue[] = [];
  const queue = () => {
    const q = new KafkaMessageQueue({
      kafka: { clientId: 'consumer-faults', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING },
      source: 'consumer-faults',
      deadLetterTopic: (topic) => (topic === 'jobs' ? 'jobs.dlq' : undefined),
    });
    queues.push(q);
    return q;
  };

  before(async () => {
    kafka = await startKafka();
    const admin = await observerAdmin(kafka, 'setup');
    await createTopicsAndWait(admin, {
      topics: [
        { topic: 'jobs', numPartitions: 2 },
        { topic: 'jobs.dlq', numPartitions: 1 },
        { topic: 'long', numPartitions: 1 },
      ],
    });
    await admin.disconnect();
  });
  after(async () => {
    await Promise.allSettled(queues.map((q) => q.close()));
    await kafka?.stop();
  });

  it('a handler TypeError on one message of 1,000: retried, dead-lettered, the rest handled, the consumer alive', async () => {
    const q = queue();
    const ids = await Promise.all(
      Array.from({ length: 1000 }, (_, n) => q.publish('jobs', { n }, { key: `k${n % 5}`, id: `job-${n}` })),
    );
    const handled = new Set<string>();
    let poisonAttempts = 0;
    const sub = await q.subscribe<{ n: number }>(
      'jobs',
      async (e, d) => {
        if (e.data.n === 500) {
          poisonAttempts = d.attempt ?? 0;
          void (undefined as unknown as { x: number }).x; // TypeError: the bug a handler ships with
        }
        handled.add(e.id);
      },
      {
        group: 'jobs-worker',
        fromBeginning: true,
        maxAttempts: 3,
        backoff: { initialMs: 100, maxMs: 400 },
        onError: () => undefined,
      },
    );
    await waitFor(
      () => handled.size === 999 && sub.health().deadLettered === 1,
      '999 handled, 1 dead-lettered',
      120_000,
    );
    const health = sub.health();
    assert.equal(health.state, 'running');
    assert.equal(health.healthy, true);
    assert.match(health.lastError?.message ?? '', /Cannot read properties of undefined/);
    assert.equal(poisonAttempts, 3);
    const dead = await readAll(kafka.bootstrap, 'jobs.dlq');
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.envelope.id, 'job-500');
    assert.equal(dead[0]!.key, 'k0');
    assert.equal(dead[0]!.headers['content-type'], 'application/cloudevents+json', 'original headers kept');
    assert.equal(dead[0]!.headers['kp-dlq-original-topic'], 'jobs');
    assert.equal(dead[0]!.headers['kp-dlq-group'], 'jobs-worker');
    assert.equal(dead[0]!.headers['kp-dlq-attempts'], '3');
    assert.match(dead[0]!.headers['kp-dlq-original-partition'] ?? '', /^[01]$/);
    assert.match(dead[0]!.headers['kp-dlq-original-offset'] ?? '', /^\d+$/);
    assert.match(dead[0]!.headers['kp-dlq-error'] ?? '', /Cannot read properties of undefined/);
    // Still consuming after the TypeError.
    const later = await q.publish('jobs', { n: 1001 });
    await waitFor(() => handled.has(later), 'a message after the TypeError');
    assert.equal(ids.length, 1000);
    await sub.stop();
    assert.equal(sub.health().state, 'stopped');
  });

  it('a handler longer than the session timeout heartbeats and is not redelivered', async () => {
    const q = queue();
    const id = await q.publish('long', { job: 'train' });
    const starts: number[] = [];
    let done = false;
    const sub = await q.subscribe(
      'long',
      async (_e, d) => {
        starts.push(Date.now());
        const end = Date.now() + 15_000; // 2.5 session timeouts
        while (Date.now() < end) {
          await new Promise((r) => setTimeout(r, 500));
          await d.heartbeat!();
        }
        done = true;
      },
      { group: 'long-worker', fromBeginning: true, sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000 },
    );
    await waitFor(() => done, `the long job ${id}`, 60_000);
    await new Promise((r) => setTimeout(r, 3000)); // a redelivery would start now
    assert.equal(starts.length, 1, 'handled once, no eviction and redelivery');
    assert.equal(sub.health().healthy, true);
    await sub.stop();
  });
});
