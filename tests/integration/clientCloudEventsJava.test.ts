// CloudEvents on the wire against the real CloudEvents Java SDK (io.cloudevents:cloudevents-kafka
// with cloudevents-json-jackson, from Maven Central via scripts/fetch-test-servers.sh) on a real
// broker: events its Kafka serializer writes in structured and binary mode are read by the
// library's consumer, and events the library writes in either mode are read by its Kafka
// deserializer, attribute by attribute.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, logLevel } from 'kafkajs';
import { Envelope } from '../../client/envelope';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';
import { javaCloudEventsConsume, javaCloudEventsProduce } from '../harness/otherClients';
import { waitFor } from './clientHelpers';

const TIMEOUT = { timeout: 300_000 };
const COUNT = 30;
const MODES = ['structured', 'binary'] as const;

describe('CloudEvents: the library against the CloudEvents Java SDK', TIMEOUT, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  const queues: KafkaMessageQueue[] = [];
  const queue = (mode?: 'structured' | 'binary') => {
    const q = new KafkaMessageQueue({
      kafka: { clientId: 'ce-java-test', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING },
      source: '/node-service',
      ...(mode ? { cloudEventsMode: mode } : {}),
    });
    queues.push(q);
    return q;
  };

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka, 'test-admin');
    await createTopicsAndWait(admin, {
      topics: MODES.flatMap((m) => [`java.${m}`, `node.${m}`]).map((topic) => ({ topic, numPartitions: 2 })),
    });
  });

  after(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await admin?.disconnect();
    await kafka?.stop();
  });

  for (const mode of MODES) {
    it(`reads events the Java SDK wrote in ${mode} mode (no time on some, a charset on others)`, async () => {
      const topic = `java.${mode}`;
      await javaCloudEventsProduce(kafka, topic, mode, COUNT);

      const received: Envelope<{ n: number; note: string }>[] = [];
      const errors: unknown[] = [];
      const sub = await queue().subscribe<{ n: number; note: string }>(
        topic,
        async (e) => void received.push(e),
        {
          group: `reader-${topic}`,
          fromBeginning: true,
          onError: (err) => errors.push(err),
        },
      );
      try {
        await waitFor(
          () => received.length >= COUNT || errors.length > 0,
          `${COUNT} events on ${topic}`,
          60_000,
        );
      } finally {
        await sub.stop();
      }
      assert.deepEqual(errors, []);
      assert.equal(received.length, COUNT);
      for (const e of received.sort((a, b) => a.data.n - b.data.n)) {
        const n = e.data.n;
        const event = e as unknown as Record<string, unknown>;
        assert.equal(e.specversion, '1.0');
        assert.equal(e.id, `${mode}-${n}`);
        assert.equal(e.type, 'java.order.placed');
        assert.equal(e.source, '/java-service');
        assert.equal(event.subject, `order-${n}`);
        assert.equal(event.region, 'eu');
        assert.deepEqual(e.data, { n, note: 'from java é' });
        assert.equal(e.datacontenttype, n % 2 === 0 ? 'application/json' : 'application/json; charset=utf-8');
        if (n % 3 === 0) assert.equal(e.time, undefined, `event ${e.id} was sent without time`);
        else assert.equal(Date.parse(e.time), Date.UTC(2026, 11, 7, 12, 0, n % 60));
      }
    });

    it(`writes events in ${mode} mode that the Java SDK reads`, async () => {
      const topic = `node.${mode}`;
      const q = mode === 'structured' ? queue() : queue('binary'); // structured is the default
      const sent = await Promise.all(
        Array.from({ length: COUNT }, async (_, n) => {
          const id = await q.publish(
            topic,
            { n, note: 'from node é', nested: { ok: true } },
            { key: `k${n % 5}` },
          );
          return { id, n };
        }),
      );
      const read = await javaCloudEventsConsume(kafka, topic, COUNT);
      assert.equal(read.length, COUNT);
      const byId = new Map(read.map((r) => [r.event.id as string, r]));
      for (const { id, n } of sent) {
        const r = byId.get(id);
        assert.ok(r, `the Java SDK did not read event ${id}`);
        assert.equal(r.mode, mode);
        const e = r.event;
        assert.equal(e.specversion, '1.0');
        assert.equal(e.type, topic);
        assert.equal(e.source, '/node-service');
        assert.equal(e.datacontenttype, 'application/json');
        assert.equal(e.partitionkey, `k${n % 5}`);
        assert.ok(typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time)), `time ${String(e.time)}`);
        assert.deepEqual(e.data, { n, note: 'from node é', nested: { ok: true } });
      }
    });
  }
});
