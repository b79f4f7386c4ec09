// A service process for tests/integration/clientSigterm.test.ts, shutting down the way
// docs/client.md recommends: on SIGTERM stop publishing, close the queue, exit. Dual-write with a
// spool; its secondary is unreachable, so close() has something to wait for. Settings as JSON in
// SIGTERM_CHILD; prints `acked <id>` per resolved publish and `closed <ms>` when close() returned.
import { SQSClient } from '@aws-sdk/client-sqs';
import { logLevel } from 'kafkajs';
import { DualWriteMessageQueue } from '../../client/dualWrite';
import { KafkaMessageQueue } from '../../client/kafkaQueue';
import { SqsMessageQueue } from '../../client/sqsQueue';

async function main(): Promise<void> {
  const s = JSON.parse(process.env.SIGTERM_CHILD ?? '{}') as {
    bootstrap: string;
    spoolDir: string;
    topic: string;
  };
  const down = new SQSClient({
    endpoint: 'http://127.0.0.1:1',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const queue = await DualWriteMessageQueue.open({
    primary: new KafkaMessageQueue({
      kafka: { clientId: 'sigterm', brokers: [s.bootstrap], logLevel: logLevel.NOTHING },
      source: 'sigterm',
    }),
    secondary: new SqsMessageQueue({
      client: down,
      queues: { [s.topic]: 'http://127.0.0.1:1/000000000000/sigterm' },
      source: 'sigterm',
    }),
    source: 'sigterm',
    spool: { dir: s.spoolDir },
    onSecondaryError: () => undefined,
  });
  let stopping = false;
  process.on('SIGTERM', () => {
    stopping = true;
    const start = Date.now();
    void queue.close().then(
      () => {
        process.stdout.write(`closed ${Date.now() - start}\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  });
  process.stdout.write('ready\n');
  for (let n = 0; !stopping; n++) {
    const id = await queue.publish(s.topic, { n }).catch(() => undefined);
    if (id) process.stdout.write(`acked ${id}\n`);
  }
}

void main();
