// Compressed topics, checked against the clients services meet during the migration: batches the
// Java producer (kafka-clients) and kcat (librdkafka) compress are read by the library, and what
// the library compresses is read by the Java consumer and kcat. The broker's DumpLogSegments
// proves which codec each stored batch really used.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, logLevel } from 'kafkajs';
import { createEnvelope, decodeEnvelope, encodeEnvelope, Envelope } from '../../client/envelope';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';
import {
  type Codec,
  javaConsume,
  javaProduce,
  kcatConsume,
  kcatProduce,
  storedCodecs,
} from '../harness/otherClients';
import { waitFor } from './clientHelpers';

const TIMEOUT = { timeout: 300_000 };
const CODECS: Codec[] = ['snappy', 'lz4', 'zstd', 'gzip'];
const COUNT = 200;

/** Envelopes with compressible bodies (repeated text) and 10 keys, as a producing service sends them. */
function records(topic: string): { key: string; value: string; id: string }[] {
  return Array.from({ length: COUNT }, (_, n) => {
    const key = `order-${n % 10}`;
    const envelope = createEnvelope(topic, { n, note: 'paid '.repeat(40) }, 'java-service', { key });
    return { key, value: encodeEnvelope(envelope, topic), id: envelope.id };
  });
}

describe('compressed topics: the library against the Java clients and kcat', TIMEOUT, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  const queues: KafkaMessageQueue[] = [];
  const queue = (compression?: Codec) => {
    const q = new KafkaMessageQueue({
      kafka: { clientId: 'codec-test', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING },
      source: 'codec-test',
      ...(compression ? { compression } : {}),
    });
    queues.push(q);
    return q;
  };

  /** Subscribes from the beginning and waits until every id arrived; returns them with any errors. */
  async function consumeAll(topic: string, expected: number) {
    const received: Envelope<{ n: number }>[] = [];
    const errors: unknown[] = [];
    const q = queue();
    const sub = await q.subscribe<{ n: number }>(topic, async (e) => void received.push(e), {
      group: `reader-${topic}`,
      fromBeginning: true,
      onError: (err) => errors.push(err),
    });
    try {
      await waitFor(
        () => received.length >= expected || errors.length > 0,
        `${expected} messages on ${topic}`,
        60_000,
      );
    } finally {
      await sub.stop();
    }
    return { received, errors };
  }

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka, 'test-admin');
    await createTopicsAndWait(admin, {
      topics: [
        ...CODECS.flatMap((c) =>
          ['java', 'kcat', 'kafkajs', 'kafkajs.big'].map((from) => ({
            topic: `${from}.${c}`,
            numPartitions: 2,
          })),
        ),
        // A topic whose broker recompresses whatever producers send.
        {
          topic: 'broker.zstd',
          numPartitions: 1,
          configEntries: [{ name: 'compression.type', value: 'zstd' }],
        },
      ],
    });
  });

  after(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await admin?.disconnect();
    await kafka?.stop();
  });

  for (const codec of CODECS) {
    for (const [writer, from, produce] of [
      ['the Java producer', 'java', javaProduce],
      ['kcat (librdkafka)', 'kcat', kcatProduce],
    ] as const) {
      it(`reads ${codec} batches written by ${writer}`, async () => {
        const topic = `${from}.${codec}`;
        const sent = records(topic);
        await produce(kafka, topic, codec, sent);
        assert.deepEqual([...(await storedCodecs(kafka, topic))], [codec]);

        const { received, errors } = await consumeAll(topic, COUNT);
        assert.deepEqual(errors, []);
        assert.deepEqual(received.map((e) => e.id).sort(), sent.map((r) => r.id).sort());
        assert.deepEqual(
          received.map((e) => e.data.n).sort((a, b) => a - b),
          [...Array(COUNT).keys()],
        );
      });
    }

    it(`writes ${codec} batches that the Java consumer and kcat read`, async () => {
      const topic = `kafkajs.${codec}`;
      const q = queue(codec);
      const ids = await Promise.all(
        Array.from({ length: COUNT }, (_, n) =>
          q.publish(topic, { n, note: 'paid '.repeat(40) }, { key: `k${n % 10}` }),
        ),
      );
      assert.deepEqual([...(await storedCodecs(kafka, topic))], [codec]);

      const byJava = (await javaConsume(kafka, topic, COUNT)).map((v) => decodeEnvelope(v).id);
      assert.deepEqual(byJava.sort(), [...ids].sort());
      const byKcat = (await kcatConsume(kafka, topic)).map((v) => decodeEnvelope(v).id);
      assert.deepEqual(byKcat.sort(), [...ids].sort());
    });
  }

  for (const codec of ['lz4', 'snappy', 'zstd'] as const) {
    it(`writes ${codec} batches of up to 1 MiB of varied events that the Java consumer reads`, async () => {
      // Varied values (not one repeated string): LZ4 blocks end in all sorts of places, which is
      // where lz4js broke the block format's end rule on batches of 64 KiB or more.
      const topic = `kafkajs.big.${codec}`;
      const q = new KafkaMessageQueue({
        kafka: { clientId: 'codec-test', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING },
        source: 'codec-test',
        compression: codec,
        maxBatchMessages: 5000,
        maxBatchBytes: 1024 * 1024,
      });
      queues.push(q);
      let x = 12345;
      const rnd = () => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
      const count = 4000;
      const ids = await Promise.all(
        Array.from({ length: count }, (_, n) =>
          q.publish(topic, {
            n,
            amount: Math.floor(rnd() * 1e7) / 100,
            ref: Math.floor(rnd() * 1e15).toString(36),
            note: 'x'.repeat(Math.floor(rnd() * 300)),
          }),
        ),
      );
      const byJava = (await javaConsume(kafka, topic, count)).map((v) => decodeEnvelope(v).id);
      assert.deepEqual(byJava.sort(), [...ids].sort());
    });
  }

  it('reads a topic the broker compresses with zstd (compression.type on the topic)', async () => {
    const q = queue();
    const ids = await Promise.all(Array.from({ length: 50 }, (_, n) => q.publish('broker.zstd', { n })));
    assert.deepEqual([...(await storedCodecs(kafka, 'broker.zstd'))], ['zstd']);
    const { received, errors } = await consumeAll('broker.zstd', ids.length);
    assert.deepEqual(errors, []);
    assert.deepEqual(received.map((e) => e.id).sort(), [...ids].sort());
  });
});
