// Real servers for the Python tests: a Kafka broker (PLAINTEXT, and SASL_SSL with SCRAM and ACLs)
// from tests/harness/kafka.ts and ElasticMQ from tests/harness/sqs.ts. Prints one JSON line with
// their addresses, then answers one JSON command per stdin line (topics, queues, grants, env) and
// stops both when stdin closes.
import { randomBytes } from 'node:crypto';
import * as readline from 'node:readline';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { principalOf, serviceAcls } from '../../../../kafka/acls';
import { serviceTopicsEnv } from '../../../../k8s/env';
import { createAcls } from '../../../../kafka/admin/aclOps';
import { createTopicsAndWait, observerAdmin, waitForAcls } from '../../../../tests/harness/clients';
import { startKafka } from '../../../../tests/harness/kafka';
import { startElasticMq } from '../../../../tests/harness/sqs';
import type { Service } from '../../../../topics/catalog';

type Command =
  | { op: 'topics'; topics: string[]; partitions?: number }
  | { op: 'queue'; name: string; attributes?: Record<string, string> }
  | { op: 'service'; service: Omit<Service, 'namespace'> };

async function main(): Promise<void> {
  const [kafka, sqsServer] = await Promise.all([startKafka({ sasl: true }), startElasticMq()]);
  const admin = await observerAdmin(kafka);
  const sqs = new SQSClient({
    endpoint: sqsServer.endpoint,
    region: sqsServer.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await admin.disconnect().catch(() => undefined);
    await Promise.all([kafka.stop(), sqsServer.stop()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());

  const run = async (cmd: Command): Promise<unknown> => {
    switch (cmd.op) {
      case 'topics':
        await createTopicsAndWait(admin, {
          topics: cmd.topics.map((topic) => ({ topic, numPartitions: cmd.partitions ?? 1 })),
        });
        return {};
      case 'queue': {
        const out = await sqs.send(
          new CreateQueueCommand({ QueueName: cmd.name, Attributes: cmd.attributes }),
        );
        return { url: out.QueueUrl };
      }
      case 'service': {
        // A SCRAM user with the ACLs and the env the program gives a catalog service.
        const service: Service = { namespace: 'default', ...cmd.service };
        const password = randomBytes(12).toString('hex');
        await kafka.addScramUser({ name: service.name, password });
        const acls = serviceAcls(service);
        await createAcls(admin, principalOf(service.name), acls);
        await waitForAcls(admin, principalOf(service.name), acls.length);
        return {
          env: {
            KAFKA_BROKER_URL: kafka.saslBootstrap,
            KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
            KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
            KAFKA_SSL_CA_PEM: kafka.caPem,
            KAFKA_SASL_USERNAME: service.name,
            KAFKA_SASL_PASSWORD: password,
            ...serviceTopicsEnv(service),
          },
        };
      }
    }
  };

  process.stdout.write(
    JSON.stringify({
      bootstrap: kafka.bootstrap,
      sqsEndpoint: sqsServer.endpoint,
      region: sqsServer.region,
    }) + '\n',
  );
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    run(JSON.parse(line) as Command).then(
      (result) => process.stdout.write(JSON.stringify({ ok: result }) + '\n'),
      (err: unknown) => process.stdout.write(JSON.stringify({ error: String(err) }) + '\n'),
    );
  });
  lines.on('close', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
