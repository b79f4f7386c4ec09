// A broker down under load: publishes beyond the producer buffer fail at once, those waiting fail
// after the delivery timeout, memory stays bounded, and publishing works again once it is back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { logLevel } from 'kafkajs';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';

const TIMEOUT = { timeout: 300_000 };

describe('producer during a broker outage', TIMEOUT, () => {
  let kafka: RunningKafka;
  let queue: KafkaMessageQueue;

  before(async () => {
    kafka = await startKafka();
    const admin = await observerAdmin(kafka, 'setup');
    await createTopicsAndWait(admin, { topics: [{ topic: 'outage', numPartitions: 1 }] });
    await admin.disconnect();
  });
  after(async () => {
    await queue?.close().catch(() => undefined);
    await kafka?.stop();
  });

  it('bounds what waits for a broker that is down, fails it clearly, and recovers', async () => {
    queue = new KafkaMessageQueue({
      kafka: {
        clientId: 'outage',
        brokers: [kafka.bootstrap],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
      },
      source: 'outage',
      maxBufferBytes: 4 * 1024 * 1024,
      deliveryTimeoutMs: 10_000,
    });
    await queue.publish('outage', { warm: true });
    await kafka.halt();
    const outcomes = new Map<string, number>();
    const note = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    const pad = 'x'.repeat(1000);
    const all: Promise<void>[] = [];
    // 20 s of load at ~2,000 messages (2 MB) a second against a dead broker: 40 MB offered.
    for (let second = 0; second < 20; second++) {
      for (let i = 0; i < 2000; i++) {
        const sent = queue.publish('outage', { second, i, pad });
        all.push(
          sent.then(
            () => void note('ok'),
            (err: Error) => void note(err.name),
          ),
        );
      }
      await new Promise((r) => setTimeout(r, 1000));
      peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }
    await Promise.all(all);
    console.log(
      `outage outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}; peak heap growth ${Math.round(peak / 2 ** 20)} MiB`,
    );
    assert.ok((outcomes.get('ProducerBufferFullError') ?? 0) > 30_000, 'most publishes refused at once');
    assert.ok((outcomes.get('DeliveryTimeoutError') ?? 0) > 0, 'the buffered ones timed out');
    assert.equal(outcomes.get('ok') ?? 0, 0);
    assert.ok(peak < 64 * 2 ** 20, `heap growth ${Math.round(peak / 2 ** 20)} MiB stays bounded`);
    await kafka.resume();
    let back = false;
    for (let i = 0; i < 60 && !back; i++) {
      back = await queue.publish('outage', { after: true }).then(
        () => true,
        () => new Promise<boolean>((r) => setTimeout(() => r(false), 1000)),
      );
    }
    assert.ok(back, 'publishing works again once the broker is back');
  });
});
