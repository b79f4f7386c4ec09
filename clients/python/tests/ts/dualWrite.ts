// Phase 2-3 publisher: the TypeScript library's dual-write (SQS primary, Kafka secondary), as the
// backend API runs it. Env: the platform's Kafka env plus SQS_ENDPOINT, SQS_QUEUE_URL. argv: topic,
// count, id prefix. Prints the ids once both systems have every message.
import { SQSClient } from '@aws-sdk/client-sqs';
import { DualWriteMessageQueue } from '../../../../client/dualWrite';
import { kafkaQueueFromEnv } from '../../../../client/kafkaQueue';
import { SqsMessageQueue } from '../../../../client/sqsQueue';

async function main(): Promise<void> {
  const [topic, count, prefix] = process.argv.slice(2);
  const client = new SQSClient({
    endpoint: process.env.SQS_ENDPOINT!,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const sqs = new SqsMessageQueue({
    client,
    queues: { [topic!]: process.env.SQS_QUEUE_URL! },
    source: 'backend-api',
  });
  const kafka = kafkaQueueFromEnv(process.env, { source: 'backend-api' });
  const dual = new DualWriteMessageQueue({
    primary: sqs,
    secondary: kafka,
    source: 'backend-api',
    onDropped: (messages) => {
      console.error(`dropped ${messages.length}`);
      process.exit(1);
    },
  });
  const ids: string[] = [];
  for (let i = 0; i < Number(count); i++) {
    ids.push(await dual.publish(topic!, { job: i, input: [i, i + 1] }, { id: `${prefix}-${i}` }));
  }
  await dual.close();
  client.destroy();
  process.stdout.write(JSON.stringify(ids));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
