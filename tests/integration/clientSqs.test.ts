// SqsMessageQueue against a real SQS-compatible server (ElasticMQ): standard and FIFO queues.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Envelope } from '../../client/envelope';
import { Delivery } from '../../client/messageQueue';
import { SqsMessageQueue } from '../../client/sqsQueue';
import { startElasticMq, type RunningElasticMq } from '../harness/sqs';
import { drainQueue, waitFor } from './clientHelpers';

const TIMEOUT = { timeout: 120_000 };

describe('SQS MessageQueue on ElasticMQ', TIMEOUT, () => {
  let server: RunningElasticMq;
  let client: SQSClient;
  const queues: Record<string, string> = {};

  const createQueue = async (name: string, attributes: Record<string, string> = {}) => {
    const fifo = name.endsWith('.fifo');
    const out = await client.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { VisibilityTimeout: '1', ...(fifo ? { FifoQueue: 'true' } : {}), ...attributes },
      }),
    );
    return out.QueueUrl!;
  };

  before(async () => {
    server = await startElasticMq();
    client = new SQSClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    queues['jobs'] = await createQueue('jobs');
    queues['jobs.ordered'] = await createQueue('jobs-ordered.fifo');
    queues['jobs.retry'] = await createQueue('jobs-retry');
  });

  after(async () => {
    client?.destroy();
    await server?.stop();
  });

  const queue = () => new SqsMessageQueue({ client, queues, source: 'ml-api', waitTimeSeconds: 1 });

  it('standard queue: every published message is received once as an envelope and deleted', async () => {
    const q = queue();
    const received: Envelope[] = [];
    try {
      const ids = await Promise.all(Array.from({ length: 25 }, (_, i) => q.publish('jobs', { jobId: i })));
      const sub = await q.subscribe('jobs', async (e) => void received.push(e));
      await waitFor(() => received.length >= 25, '25 messages');
      await sub.stop();
      assert.deepEqual(received.map((e) => e.id).sort(), [...ids].sort());
      assert.deepEqual(new Set(received.map((e) => e.source)), new Set(['ml-api']));
      assert.deepEqual(await drainQueue(client, queues['jobs']!), [], 'handled messages were deleted');
    } finally {
      await q.close();
    }
  });

  it('FIFO queue: the key is the MessageGroupId, order holds per key, the id deduplicates', async () => {
    const q = queue();
    try {
      const ids: Record<string, string[]> = { a: [], b: [] };
      for (let i = 0; i < 20; i++) {
        const key = i % 3 === 0 ? 'b' : 'a';
        ids[key]!.push(await q.publish('jobs.ordered', { i }, { key }));
      }
      // A retried publish with the same id is stored once (SQS's 5-minute deduplication window).
      await q.publish('jobs.ordered', { i: 0 }, { key: 'b', id: ids['b']![0] });
      const stored = await drainQueue(client, queues['jobs.ordered']!);
      assert.equal(stored.length, 20);
      for (const key of ['a', 'b']) {
        const ofKey = stored.filter((s) => s.groupId === key).map((s) => s.envelope.id);
        assert.deepEqual(ofKey, ids[key], `order of key ${key}`);
      }
      await assert.rejects(
        q.publish('jobs.ordered', { i: 99 }),
        /needs a key: it becomes the MessageGroupId/,
      );
    } finally {
      await q.close();
    }
  });

  it('FIFO queue: 400 publishes of one key issued at once arrive in publish order', async () => {
    // Publishes not awaited one by one go out as batches of 10; two batches in flight could land
    // in either order, and SQS orders a MessageGroupId by arrival.
    const q = queue();
    try {
      const ids = await Promise.all(
        Array.from({ length: 400 }, (_, i) => q.publish('jobs.ordered', { i }, { key: 'one' })),
      );
      const stored = await drainQueue(client, queues['jobs.ordered']!);
      assert.deepEqual(
        stored.map((s) => s.envelope.id),
        ids,
      );
    } finally {
      await q.close();
    }
  });

  it('redelivers a message whose handler failed, and gives the handler the key', async () => {
    const q = queue();
    const attempts: Delivery[] = [];
    const errors: unknown[] = [];
    try {
      const sub = await q.subscribe(
        'jobs.retry',
        async (_e, d) => {
          attempts.push(d);
          if (attempts.length === 1) throw new Error('model server busy');
        },
        { onError: (err) => errors.push(err) },
      );
      await q.publish('jobs.retry', { jobId: 1 }, { key: 'user-9' });
      await waitFor(() => attempts.length === 2, 'the redelivery after the 1 s visibility timeout', 20_000);
      await sub.stop();
      assert.equal(attempts[0]!.position, attempts[1]!.position, 'the same SQS message');
      assert.equal(attempts[1]!.key, 'user-9');
      assert.match(String(errors[0]), /model server busy/);
    } finally {
      await q.close();
    }
  });

  it('names the configured topics when a topic has no queue', async () => {
    const q = queue();
    await assert.rejects(
      q.publish('nope', {}),
      /no SQS queue URL configured for topic nope \(configured: jobs, /,
    );
    await q.close();
    await assert.rejects(q.publish('jobs', {}), /the SQS queue is closed/);
  });
});
