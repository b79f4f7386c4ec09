// Checks the real-server harness itself: Kafka (plaintext and SASL_SSL + ACLs) and ElasticMQ.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  Partitioners,
  ResourcePatternTypes,
  type KafkaConfig,
} from 'kafkajs';
import { startKafka, type KafkaUser, type RunningKafka } from '../harness/kafka';
import { startElasticMq, type RunningElasticMq } from '../harness/sqs';

const TIMEOUT = { timeout: 180_000 };

function client(config: Omit<KafkaConfig, 'clientId'>): Kafka {
  return new Kafka({ clientId: 'harness-test', logLevel: logLevel.NOTHING, ...config });
}

function saslClient(kafka: RunningKafka, user: KafkaUser, mechanism = 'scram-sha-512'): Kafka {
  assert.ok(kafka.saslBootstrap && kafka.caPem);
  return client({
    brokers: [kafka.saslBootstrap],
    ssl: { ca: [kafka.caPem] },
    sasl: { mechanism: mechanism as 'scram-sha-512', username: user.name, password: user.password },
    retry: { retries: 2 },
  });
}

async function createTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

async function produce(kafka: Kafka, topic: string, value: string): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Reads the topic from the beginning with a fresh group until `value` shows up. */
async function consumeUntil(kafka: Kafka, topic: string, value: string): Promise<void> {
  const consumer = kafka.consumer({ groupId: `harness-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${value}" on ${topic}`)), 30_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value?.toString() === value) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

/** kafkajs wraps protocol errors (cause / originalError); look for the protocol error type. */
function errorTypes(err: unknown): string[] {
  const types: string[] = [];
  for (let e = err as Record<string, unknown> | undefined; e;) {
    if (typeof e.type === 'string') types.push(e.type);
    e = (e.cause ?? e.originalError) as Record<string, unknown> | undefined;
  }
  return types;
}

describe('plaintext Kafka', TIMEOUT, () => {
  let kafka: RunningKafka;
  before(async () => {
    kafka = await startKafka();
  });
  after(() => kafka?.stop());

  test('creates a topic, produces and consumes a message', async () => {
    const plain = client({ brokers: [kafka.bootstrap] });
    await createTopics(plain, ['orders']);
    await produce(plain, 'orders', 'hello');
    await consumeUntil(plain, 'orders', 'hello');
  });
});

describe('SASL_SSL Kafka with ACLs', TIMEOUT, () => {
  const svc: KafkaUser = { name: 'svc', password: 'svc-secret' };
  let kafka: RunningKafka;
  before(async () => {
    kafka = await startKafka({ sasl: true, users: [svc] });
    assert.ok(kafka.saslBootstrap && kafka.caPem);
  });
  after(() => kafka?.stop());

  test('admin authenticates with SCRAM-SHA-512 and SCRAM-SHA-256 over TLS', async () => {
    await createTopics(saslClient(kafka, kafka.admin), ['allowed', 'denied']);
    const admin = saslClient(kafka, kafka.admin, 'scram-sha-256').admin();
    await admin.connect();
    try {
      assert.deepEqual((await admin.listTopics()).sort(), ['allowed', 'denied']);
    } finally {
      await admin.disconnect();
    }
  });

  test('an ACL lets svc write to "allowed" but not to "denied"', async () => {
    const admin = client({ brokers: [kafka.bootstrap] }).admin();
    await admin.connect();
    try {
      await admin.createAcls({
        acl: [AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE].map((operation) => ({
          resourceType: AclResourceTypes.TOPIC,
          resourceName: 'allowed',
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: `User:${svc.name}`,
          host: '*',
          operation,
          permissionType: AclPermissionTypes.ALLOW,
        })),
      });
    } finally {
      await admin.disconnect();
    }

    await produce(saslClient(kafka, svc), 'allowed', 'from-svc');
    await assert.rejects(produce(saslClient(kafka, svc), 'denied', 'nope'), (err) => {
      assert.ok(errorTypes(err).includes('TOPIC_AUTHORIZATION_FAILED'), String(err));
      return true;
    });
  });

  test('a wrong password is refused', async () => {
    const admin = saslClient(kafka, { name: svc.name, password: 'wrong' }).admin();
    await assert.rejects(admin.connect(), { name: 'KafkaJSSASLAuthenticationError' });
    await admin.disconnect();
  });

  test('addScramUser adds a user that can log in', async () => {
    const late: KafkaUser = { name: 'late', password: 'late-secret' };
    await kafka.addScramUser(late);
    const admin = saslClient(kafka, late).admin();
    await admin.connect();
    await admin.disconnect();
  });

  test('restart keeps messages and SCRAM users', async () => {
    await produce(saslClient(kafka, kafka.admin), 'allowed', 'before-restart');
    await kafka.restart();
    await consumeUntil(saslClient(kafka, kafka.admin), 'allowed', 'before-restart');
    await produce(saslClient(kafka, svc), 'allowed', 'after-restart');
  });
});

describe('ElasticMQ', TIMEOUT, () => {
  let server: RunningElasticMq;
  let sqs: SQSClient;
  before(async () => {
    server = await startElasticMq({ persistent: true });
    sqs = new SQSClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  after(async () => {
    sqs?.destroy();
    await server?.stop();
  });

  async function receiveOne(queueUrl: string): Promise<string | undefined> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }),
    );
    assert.equal(Messages.length, 1);
    const [message] = Messages;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    return message.Body;
  }

  test('standard and FIFO queues send and receive', async () => {
    const standard = await sqs.send(new CreateQueueCommand({ QueueName: 'events' }));
    const fifo = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'events.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    assert.ok(standard.QueueUrl && fifo.QueueUrl);

    await sqs.send(new SendMessageCommand({ QueueUrl: standard.QueueUrl, MessageBody: 'plain' }));
    await sqs.send(
      new SendMessageCommand({ QueueUrl: fifo.QueueUrl, MessageBody: 'first', MessageGroupId: 'g' }),
    );
    assert.equal(await receiveOne(standard.QueueUrl), 'plain');
    assert.equal(await receiveOne(fifo.QueueUrl), 'first');
  });

  test('a persistent server keeps queues and messages across restart', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'durable' }));
    assert.ok(QueueUrl);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'kept' }));
    await server.restart();
    assert.equal(await receiveOne(QueueUrl), 'kept');
  });
});
