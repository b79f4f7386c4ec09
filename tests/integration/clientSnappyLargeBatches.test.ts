// Snappy at large batches, both ways against the Java client. The Java producer frames Snappy the
// snappy-java way (SnappyOutputStream: a stream header, then chunks of at most 32 KiB of input,
// each a length and a raw Snappy block); batches well above 32 KiB carry many chunks, which the
// 200 small records of clientCompression.test.ts never reach. The library writes raw Snappy, which
// the Java consumer reads through snappy-java's fallback for unframed input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, logLevel } from 'kafkajs';
import { createEnvelope, decodeEnvelope, encodeEnvelope, Envelope } from '../../client/envelope';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';
import { javaConsume, javaProduce, storedBatches } from '../harness/otherClients';
import { waitFor } from './clientHelpers';

const TIMEOUT = { timeout: 300_000 };
const COUNT = 3000;
const XERIAL_CHUNK = 32 * 1024;

/** Pseudo-random but repeatable fields, so batches compress only partly, as real events do. */
function varied(seed: number) {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  return (n: number) => ({
    n,
    amount: Math.floor(rnd() * 1e7) / 100,
    ref: Array.from({ length: 12 }, () => Math.floor(rnd() * 1e15).toString(36)).join('-'),
    note: 'paid '.repeat(Math.floor(rnd() * 120)),
  });
}

describe('snappy batches well above 32 KiB against the Java client', TIMEOUT, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  const queues: KafkaMessageQueue[] = [];
  const queue = (extra: Partial<ConstructorParameters<typeof KafkaMessageQueue>[0]> = {}) => {
    const q = new KafkaMessageQueue({
      kafka: { clientId: 'snappy-test', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING },
      source: 'snappy-test',
      ...extra,
    });
    queues.push(q);
    return q;
  };

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka, 'test-admin');
    await createTopicsAndWait(admin, {
      topics: [
        { topic: 'java.snappy.big', numPartitions: 2 },
        { topic: 'kafkajs.snappy.big', numPartitions: 2 },
      ],
    });
  });

  after(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('reads snappy-java framed batches of many chunks written by the Java producer', async () => {
    const topic = 'java.snappy.big';
    const data = varied(7);
    const sent = Array.from({ length: COUNT }, (_, n) => {
      const key = `order-${n % 2}`;
      const envelope = createEnvelope(topic, data(n), 'java-service', { key });
      return { key, value: encodeEnvelope(envelope, topic), id: envelope.id };
    });
    await javaProduce(kafka, topic, 'snappy', sent, {
      'batch.size': String(1024 * 1024),
      'linger.ms': '2000',
      'max.request.size': String(4 * 1024 * 1024),
    });
    const batches = await storedBatches(kafka, topic);
    assert.deepEqual([...new Set(batches.map((b) => b.codec))], ['snappy']);
    // Records average over 700 bytes: a batch of 200 holds well over four 32 KiB snappy-java chunks.
    const average = sent.reduce((sum, r) => sum + r.value.length, 0) / COUNT;
    const largest = Math.max(...batches.map((b) => b.count)) * average;
    assert.ok(
      largest > 4 * XERIAL_CHUNK,
      `largest batch about ${Math.round(largest)} bytes before compression`,
    );

    const received: Envelope<{ n: number }>[] = [];
    const errors: unknown[] = [];
    const sub = await queue().subscribe<{ n: number }>(topic, async (e) => void received.push(e), {
      group: `reader-${topic}`,
      fromBeginning: true,
      onError: (err) => errors.push(err),
    });
    try {
      await waitFor(
        () => received.length >= COUNT || errors.length > 0,
        `${COUNT} messages on ${topic}`,
        120_000,
      );
    } finally {
      await sub.stop();
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(received.map((e) => e.id).sort(), sent.map((r) => r.id).sort());
    const check = varied(7);
    const expected = new Map(Array.from({ length: COUNT }, (_, n) => [n, check(n)]));
    for (const e of received) assert.deepEqual(e.data, expected.get(e.data.n));
  });

  it('writes snappy batches of many 32 KiB worth that the Java consumer reads', async () => {
    const topic = 'kafkajs.snappy.big';
    const q = queue({ compression: 'snappy', maxBatchMessages: 5000, maxBatchBytes: 1024 * 1024 });
    const data = varied(11);
    const ids = await Promise.all(
      Array.from({ length: COUNT }, (_, n) => q.publish(topic, data(n), { key: `k${n % 2}` })),
    );
    const batches = await storedBatches(kafka, topic);
    assert.deepEqual([...new Set(batches.map((b) => b.codec))], ['snappy']);
    assert.ok(
      Math.max(...batches.map((b) => b.count)) > 200,
      `batches of ${batches.map((b) => b.count).join(', ')} records`,
    );
    const byJava = (await javaConsume(kafka, topic, COUNT)).map((v) => decodeEnvelope(v).id);
    assert.deepEqual(byJava.sort(), [...ids].sort());
  });
});
