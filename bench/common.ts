// Helpers the benchmarks share.
import { SQSClient } from '@aws-sdk/client-sqs';
import { startKafka, type RunningKafka } from '../tests/harness/kafka';
import { startElasticMq, type RunningElasticMq } from '../tests/harness/sqs';

/** `--name N` from the command line, or the fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A message whose JSON is exactly 1 KiB. */
export function message(seq: number): { seq: number; payload: string } {
  const base = JSON.stringify({ seq, payload: '' }).length;
  return { seq, payload: 'x'.repeat(1024 - base) };
}

/** A Kafka broker, ElasticMQ and an SQS client for it, started through the test harness. */
export async function startServers(): Promise<{
  kafka: RunningKafka;
  sqsServer: RunningElasticMq;
  sqs: SQSClient;
}> {
  console.log('starting Kafka and ElasticMQ ...');
  const [kafka, sqsServer] = await Promise.all([startKafka(), startElasticMq()]);
  const sqs = new SQSClient({
    endpoint: sqsServer.endpoint,
    region: sqsServer.region,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  return { kafka, sqsServer, sqs };
}
