// What a service sees when it gets something wrong or when the broker is still starting, on a real
// broker: errors that name the topic and say what to do, and logs that stay quiet about states
// kafkajs recovers from by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Admin } from 'kafkajs';
import { kafkaQueueFromEnv } from '../../client/kafkaQueue';
import { LogLevelName, ServiceLogger } from '../../client/logging';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';
import { readAll } from './clientHelpers';

const TIMEOUT = { timeout: 240_000 };

interface Line {
  level: LogLevelName;
  message: string;
  fields: Record<string, unknown>;
}

function collector(): { logger: ServiceLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: LogLevelName) => (message: string, fields: Record<string, unknown>) =>
    lines.push({ level, message, fields });
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } };
}

describe('service library errors and logs on a real broker', TIMEOUT, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  const env = () => ({
    KAFKA_BROKER_URL: kafka.bootstrap,
    KAFKA_CLIENT_ID: 'orders-svc',
    KAFKA_PRODUCES: 'orders,orders.paid',
    KAFKA_CONSUMES: 'orders,orders.refunds',
  });

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka, 'test-admin');
    await createTopicsAndWait(admin, {
      topics: [{ topic: 'orders', numPartitions: 2 }],
    });
  });

  after(async () => {
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('starts a consumer group on a fresh broker without logging errors, and demotes the transient ones', async () => {
    // The first group on a fresh broker creates __consumer_offsets: kafkajs meets "coordinator not
    // available" and retries; it used to log each of those answers at ERROR.
    const { logger, lines } = collector();
    const queue = kafkaQueueFromEnv(env(), { logger, logLevel: 'debug' });
    const got: string[] = [];
    try {
      const sub = await queue.subscribe('orders', async (e) => void got.push(e.id), { group: 'orders-svc' });
      const id = await queue.publish('orders', { n: 1 });
      while (!got.includes(id)) await new Promise((r) => setTimeout(r, 50));
      await sub.stop();
    } finally {
      await queue.close();
    }
    const errors = lines.filter((l) => l.level === 'error');
    assert.deepEqual(errors, [], 'no ERROR line for a healthy start');
    const transient = lines.filter(
      (l) => l.fields.namespace === 'Connection' && l.fields.error !== undefined,
    );
    assert.ok(transient.length > 0, 'the broker did answer with a transient state (what this test is about)');
    assert.ok(transient.every((l) => l.level === 'debug'));
    console.log(
      `transient broker answers logged at debug: ${[...new Set(transient.map((l) => l.fields.error))].join('; ')}`,
    );
  });

  it('names a missing topic and says what to do; other topics of the same batch still go out', async () => {
    const { logger } = collector();
    const queue = kafkaQueueFromEnv(env(), { logger });
    try {
      const [missing, ok] = await Promise.allSettled([
        queue.publish('orders.paid', { n: 1 }),
        queue.publish('orders', { n: 2 }),
      ]);
      assert.equal(missing.status, 'rejected');
      assert.equal(
        (missing.reason as Error).message,
        `topic "orders.paid" does not exist on ${kafka.bootstrap}: declare it in the platform's topic catalog ` +
          '(topics/catalog.yaml) and deploy, or check the topic name',
      );
      assert.equal(ok.status, 'fulfilled');
      const stored = (await readAll(kafka.bootstrap, 'orders')).map((r) => r.envelope.id);
      assert.ok(stored.includes(ok.value));
      const topics = await admin.listTopics();
      assert.ok(!topics.includes('orders.paid'), 'publishing never creates a topic the catalog lacks');
    } finally {
      await queue.close();
    }
  });

  it('refuses topics outside KAFKA_PRODUCES / KAFKA_CONSUMES at once, naming the topic and the variable', async () => {
    const { logger, lines } = collector();
    const queue = kafkaQueueFromEnv(env(), { logger });
    try {
      await assert.rejects(queue.publish('payments', { n: 1 }), {
        message:
          'cannot publish to topic "payments": it is not in KAFKA_PRODUCES (orders, orders.paid). Add it to ' +
          "this service's entry in the platform's topic catalog and deploy, or pass allowTopicsOutsideContract: true",
      });
      await assert.rejects(
        queue.subscribe('payments', async () => undefined, { group: 'g' }),
        /^Error: cannot subscribe to topic "payments": it is not in KAFKA_CONSUMES \(orders, orders.refunds\)/,
      );
    } finally {
      await queue.close();
    }
    assert.deepEqual(
      lines.filter((l) => l.level === 'error'),
      [],
    );
    // The opt-out: the broker decides (here, without ACLs, the topic exists and takes it).
    const open = kafkaQueueFromEnv(env(), { logger, allowTopicsOutsideContract: true });
    try {
      await admin.createTopics({ topics: [{ topic: 'payments', numPartitions: 1 }], waitForLeaders: true });
      assert.ok(await open.publish('payments', { n: 2 }));
    } finally {
      await open.close();
    }
  });

  it('a missing topic fails the publish once, without ERROR lines, and subscribe names the topic', async () => {
    const { logger, lines } = collector();
    const queue = kafkaQueueFromEnv(env(), { logger });
    try {
      const started = Date.now();
      await assert.rejects(queue.publish('orders.paid', { n: 1 }), /topic "orders.paid" does not exist/);
      console.log(`missing topic reported after ${Date.now() - started} ms`);
      assert.deepEqual(
        lines.filter((l) => l.level === 'error').map((l) => l.message),
        [],
        'no ERROR lines from the producer retrying a missing topic',
      );
      await assert.rejects(
        queue.subscribe('orders.refunds', async () => undefined, { group: 'orders-svc' }),
        {
          message:
            'cannot subscribe to topic "orders.refunds" (group orders-svc): it does not exist; declare it in the ' +
            "platform's topic catalog (topics/catalog.yaml) and deploy, or check the name",
        },
      );
    } finally {
      await queue.close();
    }
  });

  it('refuses an undefined message and a BigInt before anything is sent, naming the topic', async () => {
    const queue = kafkaQueueFromEnv(env(), { logger: collector().logger });
    const before = (await readAll(kafka.bootstrap, 'orders')).length;
    try {
      await assert.rejects(queue.publish('orders', undefined), {
        name: 'EnvelopeError',
        message:
          'cannot publish to topic "orders": the message is undefined; pass a JSON value (null is allowed)',
      });
      await assert.rejects(queue.publish('orders', { order: { amount: 12n } }), {
        name: 'EnvelopeError',
        message:
          'cannot publish to topic "orders": data.order.amount is a BigInt, which JSON cannot hold; ' +
          'send it as a string (String(value)) or a number',
      });
      assert.ok(await queue.publish('orders', null), 'null is a JSON value');
    } finally {
      await queue.close();
    }
    assert.equal((await readAll(kafka.bootstrap, 'orders')).length, before + 1);
  });
});
