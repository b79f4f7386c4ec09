// A service process for the dual-write crash test (tests/integration/clientDualWriteCrash.test.ts),
// with a spool: phase 2 (`sqs+kafka`: SQS primary, Kafka secondary) or phase 4 (`kafka+sqs`). Run
// by the test as its own process so it can be killed with SIGKILL.
//   publish: publishes until killed, printing `acked <id>` once publish() resolved.
//   drain:   opens the spool, waits until the secondary has everything, prints `drained <metrics>`.
// Settings come as JSON in DUAL_WRITE_CHILD.
import { SQSClient } from '@aws-sdk/client-sqs';
import { logLevel } from 'kafkajs';
import { DualWriteMessageQueue } from '../../client/dualWrite';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { SqsMessageQueue } from '../../client/sqsQueue';

export interface ChildSettings {
  mode: 'publish' | 'drain';
  phase: 'sqs+kafka' | 'kafka+sqs';
  sqsEndpoint: string;
  region: string;
  queueUrl: string;
  kafkaBootstrap: string;
  spoolDir: string;
  topic: string;
}

async function main(): Promise<void> {
  const s = JSON.parse(process.env.DUAL_WRITE_CHILD ?? '{}') as ChildSettings;
  const sqs = new SQSClient({
    endpoint: s.sqsEndpoint,
    region: s.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const sqsQueue = new SqsMessageQueue({
    client: sqs,
    queues: { [s.topic]: s.queueUrl },
    source: 'crash-test',
  });
  const kafkaQueue = new KafkaMessageQueue({
    kafka: {
      clientId: 'crash-test',
      brokers: [s.kafkaBootstrap],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
    },
    source: 'crash-test',
  });
  const [primary, secondary] = s.phase === 'sqs+kafka' ? [sqsQueue, kafkaQueue] : [kafkaQueue, sqsQueue];
  const queue = await DualWriteMessageQueue.open({
    primary,
    secondary,
    source: 'crash-test',
    spool: { dir: s.spoolDir },
    backoff: { initialMs: 100, maxMs: 1000 },
  });
  if (s.mode === 'drain') {
    if (!(await queue.flush(120_000))) throw new Error(`not drained: ${JSON.stringify(queue.metrics)}`);
    process.stdout.write(`drained ${JSON.stringify(queue.metrics)}\n`);
    await queue.close();
    sqs.destroy();
    return;
  }
  // Publish until killed: 10 at a time, each id printed only after publish() resolved.
  for (let n = 0; ; n += 10) {
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) => queue.publish(s.topic, { n: n + i }, { key: `k${(n + i) % 7}` })),
    );
    process.stdout.write(ids.map((id) => `acked ${id}\n`).join(''));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
