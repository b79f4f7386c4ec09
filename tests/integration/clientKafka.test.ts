// The service library against a real Apache Kafka broker: a SASL_SSL SCRAM-SHA-512 listener with
// openssl-made certificates and ACLs, configured only through the env the platform writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { kafkaConfigFromEnv } from '../../client/config';
import { Envelope } from '../../client/envelope';
import { ConsumerCrashedError, KafkaMessageQueue, kafkaQueueFromEnv } from '../../client/kafkaQueue';
import { Delivery } from '../../client/messageQueue';
import { startKafka, type KafkaUser, type RunningKafka } from '../harness/kafka';
import { readAll, waitFor } from './clientHelpers';
import { createTopicsAndWait, waitForAcls } from '../harness/clients';

const TIMEOUT = { timeout: 240_000 };
const quiet = { logLevel: logLevel.NOTHING };

describe('Kafka MessageQueue on a real broker (SASL_SSL SCRAM-SHA-512 + ACLs)', TIMEOUT, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  const orders: KafkaUser = { name: 'orders-svc', password: 'orders-pw-123' };
  const env = (over: Record<string, string> = {}): Record<string, string> => ({
    KAFKA_BROKER_URL: kafka.saslBootstrap!,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: orders.name,
    KAFKA_SASL_PASSWORD: orders.password,
    KAFKA_SSL_CA_PEM: kafka.caPem!,
    KAFKA_CLIENT_ID: 'orders-svc',
    KAFKA_PRODUCES: 'orders',
    KAFKA_CONSUMES: 'orders',
    KAFKA_CONSUMER_GROUP: 'orders-svc',
    ...over,
  });
  const bounded = { overrides: { ...quiet, retry: { retries: 2 }, connectionTimeout: 3000 } };

  before(async () => {
    kafka = await startKafka({ sasl: true, users: [orders] });
    // Setup goes over the PLAINTEXT listener, which the harness makes a super-user path.
    admin = new Kafka({ clientId: 'test-admin', brokers: [kafka.bootstrap], ...quiet }).admin();
    await admin.connect();
    await createTopicsAndWait(admin, {
      topics: ['orders', 'payments', 'restart', 'closing'].map((topic) => ({ topic, numPartitions: 3 })),
    });
    const allow = { principal: `User:${orders.name}`, host: '*', permissionType: AclPermissionTypes.ALLOW };
    await admin.createAcls({
      acl: [
        ...[AclOperationTypes.WRITE, AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map((operation) => ({
          ...allow,
          operation,
          resourceType: AclResourceTypes.TOPIC,
          resourceName: 'orders',
          resourcePatternType: ResourcePatternTypes.LITERAL,
        })),
        {
          ...allow,
          operation: AclOperationTypes.READ,
          resourceType: AclResourceTypes.GROUP,
          resourceName: 'orders-svc',
          resourcePatternType: ResourcePatternTypes.LITERAL,
        },
      ],
    });
    // The broker applies new ACLs from its metadata log a moment later.
    await waitForAcls(admin, `User:${orders.name}`, 4);
  });

  after(async () => {
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('connects with the config from env and round-trips an envelope with its key', async () => {
    const queue = kafkaQueueFromEnv(env(), bounded);
    const received: { envelope: Envelope; delivery: Delivery }[] = [];
    try {
      const sub = await queue.subscribe('orders', async (envelope, delivery) => {
        received.push({ envelope, delivery });
      });
      const id = await queue.publish('orders', { orderId: 42 }, { key: 'customer-7' });
      await waitFor(() => received.length === 1, 'the published message to come back');
      const [{ envelope, delivery }] = received as [{ envelope: Envelope; delivery: Delivery }];
      assert.equal(envelope.id, id);
      assert.equal(envelope.source, 'orders-svc', 'source defaults to KAFKA_CLIENT_ID');
      assert.equal(envelope.type, 'orders');
      assert.deepEqual(envelope.data, { orderId: 42 });
      assert.equal(delivery.key, 'customer-7');
      await sub.stop();
    } finally {
      await queue.close();
    }
  });

  it('connects with SCRAM-SHA-256 as well', async () => {
    const queue = kafkaQueueFromEnv(env({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' }), bounded);
    try {
      assert.match(await queue.publish('orders', { via: 'scram-sha-256' }), /^[0-9a-f-]{36}$/);
    } finally {
      await queue.close();
    }
  });

  it('keeps one key on one partition, in publish order', async () => {
    const queue = kafkaQueueFromEnv(env(), { ...bounded, contentTypeHeader: true });
    try {
      const ids = await Promise.all(
        Array.from({ length: 30 }, (_, i) => queue.publish('orders', { i }, { key: i % 2 ? 'odd' : 'even' })),
      );
      const records = await readAll(kafka.bootstrap, 'orders');
      const byKey = (key: string) => records.filter((r) => r.key === key);
      for (const key of ['odd', 'even']) {
        assert.equal(new Set(byKey(key).map((r) => r.partition)).size, 1, `${key} stays on one partition`);
      }
      const evens = byKey('even').map((r) => r.envelope.id);
      assert.deepEqual(
        evens.slice(-15),
        ids.filter((_, i) => i % 2 === 0),
      );
      const published = new Set(ids);
      const ours = records.filter((r) => published.has(r.envelope.id));
      assert.equal(ours.length, 30);
      for (const r of ours)
        assert.equal(r.headers['content-type'], 'application/cloudevents+json', 'opt-in header');
    } finally {
      await queue.close();
    }
  });

  it('is refused by ACLs outside its topics and group, and with a wrong password', async () => {
    const queue = kafkaQueueFromEnv(env(), { ...bounded, allowTopicsOutsideContract: true });
    try {
      await assert.rejects(queue.publish('payments', { x: 1 }), /Not authorized to access topics/);
      await assert.rejects(
        queue.subscribe('orders', async () => undefined, { group: 'someone-else' }),
        /cannot join consumer group someone-else for orders: .* may not READ group someone-else/,
      );
    } finally {
      await queue.close();
    }
    const intruder = new Kafka(kafkaConfigFromEnv(env({ KAFKA_SASL_PASSWORD: 'wrong' }), bounded)).producer();
    await assert.rejects(intruder.connect(), /SASL SCRAM SHA512 authentication failed/);
  });

  it('reports a consumer that crashes after it joined through onError, with the cause', async () => {
    // A real crash on the real broker: the service's READ grant on the topic is revoked while its
    // consumer runs; the next fetch is refused, which kafkajs does not retry. Before this was
    // reported, kafkajs only logged it and the subscription looked alive, receiving nothing.
    const readOrders = {
      principal: `User:${orders.name}`,
      host: '*',
      permissionType: AclPermissionTypes.ALLOW,
      operation: AclOperationTypes.READ,
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'orders',
      resourcePatternType: ResourcePatternTypes.LITERAL,
    };
    const queue = kafkaQueueFromEnv(env(), bounded);
    const errors: { err: unknown; delivery: Delivery }[] = [];
    try {
      const sub = await queue.subscribe('orders', async () => undefined, {
        group: 'orders-svc',
        onError: (err, delivery) => errors.push({ err, delivery }),
      });
      await admin.deleteAcls({ filters: [readOrders] });
      try {
        await waitFor(() => errors.length > 0, 'the crash to reach onError', 60_000);
      } finally {
        await admin.createAcls({ acl: [readOrders] });
      }
      const [{ err, delivery }] = errors as [{ err: unknown; delivery: Delivery }];
      assert.ok(err instanceof ConsumerCrashedError, `expected ConsumerCrashedError, got ${String(err)}`);
      assert.equal(err.restarting, false);
      assert.match(
        err.message,
        /^consumer of topic "orders" \(group orders-svc\) crashed: KafkaJSNonRetriableError: Not authorized to access topics.*it has stopped/,
      );
      assert.equal((err.cause as Error).name, 'KafkaJSNonRetriableError');
      assert.deepEqual(delivery, {
        transport: 'kafka',
        topic: 'orders',
        position: 'consumer group orders-svc',
      });
      await sub.stop();
    } finally {
      await queue.close();
    }
  });

  it('close() flushes publishes still waiting in the batcher, then refuses new ones', async () => {
    const queue = new KafkaMessageQueue({
      kafka: { clientId: 'close-test', brokers: [kafka.bootstrap], ...quiet },
      source: 'close-test',
      maxBatchMessages: 50, // many produce requests, so most are still queued when close() is called
    });
    const pending = Array.from({ length: 500 }, (_, i) =>
      queue.publish('closing', { i }, { key: `k${i % 3}` }),
    );
    await queue.close();
    const ids = await Promise.all(pending);
    const stored = (await readAll(kafka.bootstrap, 'closing')).map((r) => r.envelope.id);
    assert.deepEqual([...stored].sort(), [...ids].sort());
    await assert.rejects(queue.publish('closing', {}), /the Kafka queue is closed/);
  });

  it('loses no acknowledged message when the broker restarts during a publish loop', async () => {
    const queue = new KafkaMessageQueue({
      kafka: { clientId: 'restart-test', brokers: [kafka.bootstrap], ...quiet },
      source: 'restart-test',
    });
    const acked: string[] = [];
    let failed = 0;
    let restarted!: Promise<void>;
    let slowestRoundMs = 0;
    try {
      for (let round = 0; round < 60; round++) {
        if (round === 15) restarted = kafka.restart();
        const started = Date.now();
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => queue.publish('restart', { round, i }, { key: `k${i % 7}` })),
        );
        for (const r of results) {
          if (r.status === 'fulfilled') acked.push(r.value);
          else failed++;
        }
        slowestRoundMs = Math.max(slowestRoundMs, Date.now() - started);
      }
      await restarted;
    } finally {
      await queue.close();
    }
    const stored = (await readAll(kafka.bootstrap, 'restart')).map((r) => r.envelope.id);
    const storedSet = new Set(stored);
    const lost = acked.filter((id) => !storedSet.has(id));
    assert.deepEqual(lost, [], 'every acknowledged message is on the broker');
    assert.equal(stored.length, storedSet.size, 'the idempotent producer wrote no duplicates');
    assert.equal(acked.length + failed, 3000);
    assert.ok(slowestRoundMs > 1000, `publishes waited out the restart (slowest round ${slowestRoundMs} ms)`);
    console.log(
      `restart test: ${acked.length} acknowledged, ${failed} failed, ${stored.length} stored; slowest round ${slowestRoundMs} ms`,
    );
  });
});
