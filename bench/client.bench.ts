// Publish throughput of the service library against raw kafkajs, on a local Apache Kafka broker
// and ElasticMQ that this script starts itself (jars from scripts/fetch-test-servers.sh).
//
// How each side batches, so the comparison is fair:
// - raw kafkajs: the same producer settings as the library (idempotent, acks=-1); the benchmark
//   builds windows of WINDOW messages and awaits one `producer.send({ messages })` per window.
//   Two raw variants: the bare 1 KiB JSON message, and the very bytes the library sends (the
//   CloudEvents envelope around it), to separate the cost of the envelope from the cost of the
//   library's code, content-type header included (structured-mode CloudEvents, on by default).
// - Kafka MessageQueue: the caller issues WINDOW `publish()` calls without awaiting each and
//   awaits them together; the library's batcher coalesces calls made in one tick into one
//   `producer.sendBatch` (up to 1000 messages / 1 MiB per request, one request in flight), so each
//   window becomes one produce request, as on the raw side.
// - dual-write (SQS primary via ElasticMQ, Kafka secondary): the same windows of publish() calls;
//   SQS gets SendMessageBatch calls of 10 (the SQS maximum), 8 in flight; Kafka is fed by the
//   background pump in batches of up to 500. Throughput is counted until the secondary drained.
//
// The Kafka variants run interleaved in short blocks (two windows, rotating order), so load from
// other processes on the machine hits them alike: with blocks of 10,000 on a shared machine, the
// two raw variants alone came out up to 2x apart. Each variant's time and client CPU are summed
// over its blocks.
//
// Usage: npm run bench:client [-- --messages 100000 --window 500 --block 1000 --sqs-messages 10000 --dual-messages 100000]
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { DualWriteMessageQueue } from '../client/dualWrite';
import { CLOUDEVENTS_JSON, createEnvelope, encodeEnvelope } from '../client/envelope';
import { KafkaMessageQueue } from '../client/kafkaQueue';
import { SqsMessageQueue } from '../client/sqsQueue';
import { arg, message, startServers } from './common';

const MESSAGES = arg('messages', 100_000);
const WINDOW = arg('window', 500);
const BLOCK = arg('block', 1_000);
const SQS_MESSAGES = arg('sqs-messages', 10_000);
const DUAL_MESSAGES = arg('dual-messages', MESSAGES);
const WARMUP = Math.min(5_000, MESSAGES);
const PARTITIONS = 3;

const key = (seq: number) => `key-${seq % 100}`;

interface Result {
  name: string;
  messages: number;
  seconds: number;
  /** Client (this process) CPU, microseconds. */
  cpuMicros: number;
}
const perSecond = (r: Result) => r.messages / r.seconds;

/** Sends `count` messages from `from` in windows; adds wall time and CPU to `into`. */
async function block(into: Result, from: number, count: number, send: (seqs: number[]) => Promise<unknown>) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let w = from; w < from + count; w += WINDOW) {
    await send(Array.from({ length: Math.min(WINDOW, from + count - w) }, (_, i) => w + i));
  }
  into.seconds += Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  into.cpuMicros += used.user + used.system;
  into.messages += count;
}

async function main(): Promise<void> {
  const { kafka, sqsServer, sqs } = await startServers();
  const config = { clientId: 'bench', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING };
  const admin = new Kafka(config).admin();
  let topicNo = 0;
  const freshTopic = async (prefix: string) => {
    const topic = `${prefix}-${topicNo++}`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
    return topic;
  };
  const sqsQueueFor = async (topic: string) => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: topic }))).QueueUrl!;
    return new SqsMessageQueue({ client: sqs, queues: { [topic]: url }, source: 'bench' });
  };

  try {
    await admin.connect();
    const rawProducer = new Kafka(config).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 5,
    });
    await rawProducer.connect();
    const mq = new KafkaMessageQueue({ kafka: config, source: 'bench' });
    await mq.connect();
    const [rawTopic, rawCeTopic, mqTopic] = [
      await freshTopic('raw'),
      await freshTopic('raw-ce'),
      await freshTopic('mq'),
    ];

    type Variant = { result: Result; send: (seqs: number[]) => Promise<unknown> };
    const variant = (name: string, send: Variant['send']): Variant => ({
      result: { name, messages: 0, seconds: 0, cpuMicros: 0 },
      send,
    });
    const variants: Variant[] = [
      variant('raw kafkajs, bare 1 KiB message', (seqs) =>
        rawProducer.send({
          topic: rawTopic,
          acks: -1,
          messages: seqs.map((s) => ({ key: key(s), value: JSON.stringify(message(s)) })),
        }),
      ),
      variant('raw kafkajs, same bytes as the library', (seqs) =>
        rawProducer.send({
          topic: rawCeTopic,
          acks: -1,
          messages: seqs.map((s) => ({
            key: key(s),
            headers: { 'content-type': CLOUDEVENTS_JSON },
            value: encodeEnvelope(
              createEnvelope(rawCeTopic, message(s), 'bench', { key: key(s) }),
              rawCeTopic,
            ),
          })),
        }),
      ),
      variant('Kafka MessageQueue', (seqs) =>
        Promise.all(seqs.map((s) => mq.publish(mqTopic, message(s), { key: key(s) }))),
      ),
    ];

    console.log(`warming up (${WARMUP} messages each) ...`);
    for (const v of variants) await block({ ...v.result }, 0, WARMUP, v.send);

    console.log(
      `${MESSAGES} messages of 1 KiB per variant, windows of ${WINDOW}, ${PARTITIONS} partitions, interleaved blocks of ${BLOCK}`,
    );
    for (let from = 0, n = 0; from < MESSAGES; from += BLOCK, n++) {
      const order = [...variants.slice(n % variants.length), ...variants.slice(0, n % variants.length)];
      for (const v of order) await block(v.result, WARMUP + from, Math.min(BLOCK, MESSAGES - from), v.send);
    }
    await rawProducer.disconnect();
    await mq.close();

    console.log(`SQS alone (${SQS_MESSAGES} messages, for reference) ...`);
    const sqsTopic = `sqs-${topicNo++}`;
    const sqsQueue = await sqsQueueFor(sqsTopic);
    const sqsResult: Result = { name: 'SQS MessageQueue (ElasticMQ)', messages: 0, seconds: 0, cpuMicros: 0 };
    await block(sqsResult, 0, SQS_MESSAGES, (seqs) =>
      Promise.all(seqs.map((s) => sqsQueue.publish(sqsTopic, message(s), { key: key(s) }))),
    );
    await sqsQueue.close();

    console.log(`dual-write SQS + Kafka (${DUAL_MESSAGES} messages) ...`);
    const dualTopic = await freshTopic('dual');
    const secondary = new KafkaMessageQueue({ kafka: config, source: 'bench' });
    await secondary.connect();
    let dropped = 0;
    const dual = new DualWriteMessageQueue({
      primary: await sqsQueueFor(dualTopic),
      secondary,
      source: 'bench',
      maxPending: DUAL_MESSAGES,
      onDropped: (m, reason) => {
        dropped += m.length;
        console.error(`bench: ${m.length} messages dropped (${reason})`);
      },
    });
    const dualPrimary: Result = {
      name: 'dual-write, SQS acknowledged',
      messages: 0,
      seconds: 0,
      cpuMicros: 0,
    };
    const dualStart = process.hrtime.bigint();
    await block(dualPrimary, 0, DUAL_MESSAGES, (seqs) =>
      Promise.all(seqs.map((s) => dual.publish(dualTopic, message(s), { key: key(s) }))),
    );
    if (!(await dual.flush(600_000))) throw new Error('the secondary did not drain');
    const dualBoth: Result = {
      name: 'dual-write, Kafka also acknowledged',
      messages: DUAL_MESSAGES,
      seconds: Number(process.hrtime.bigint() - dualStart) / 1e9,
      cpuMicros: dualPrimary.cpuMicros,
    };
    const m = dual.metrics;
    if (dropped > 0 || m.secondaryDelivered !== DUAL_MESSAGES)
      throw new Error(`secondary got ${m.secondaryDelivered} of ${DUAL_MESSAGES}`);
    await dual.close();

    const [raw, rawCe, queue] = variants.map((v) => v.result) as [Result, Result, Result];
    console.log('');
    console.log(
      '| variant | messages | seconds | messages/s | client CPU µs/msg | vs raw bare | vs raw same bytes |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of [raw, rawCe, queue, sqsResult, dualPrimary, dualBoth]) {
      const cells = [
        r.name,
        r.messages,
        r.seconds.toFixed(2),
        perSecond(r).toFixed(0),
        (r.cpuMicros / r.messages).toFixed(1),
        `${(perSecond(r) / perSecond(raw)).toFixed(3)}x`,
        `${(perSecond(r) / perSecond(rawCe)).toFixed(3)}x`,
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
    console.log('');
    console.log(
      `Kafka MessageQueue / raw kafkajs: ${(perSecond(queue) / perSecond(raw)).toFixed(3)}x (bare message), ` +
        `${(perSecond(queue) / perSecond(rawCe)).toFixed(3)}x (same bytes); target >= 0.95x`,
    );
    const cpu = (r: Result) => r.cpuMicros / r.messages;
    console.log(
      `client CPU per message, raw same bytes / MessageQueue: ${(cpu(rawCe) / cpu(queue)).toFixed(3)}x`,
    );
  } finally {
    await admin.disconnect();
    sqs.destroy();
    await Promise.all([kafka.stop(), sqsServer.stop()]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
