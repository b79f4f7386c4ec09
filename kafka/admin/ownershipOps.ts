import { randomBytes } from 'node:crypto';
import { Admin, Kafka } from 'kafkajs';
import { decodeRecord, encodeRecord, OWNERSHIP_TOPIC, Registry } from '../../topics/ownership';
import { AdminConnection, kafkaConfig } from './connection';
import { createTopics } from './topicOps';

/**
 * Reads and writes the ownership registry (topics/ownership.ts): a compacted topic with one
 * record per stack, keyed by `organization/project/stack`, whose value lists the topics that stack
 * manages. Written on every change of a stack's catalog, read only when a topic already exists
 * (adoption) or is about to be deleted.
 */

/** Every stack's record; empty when the registry topic does not exist yet. */
export async function readRegistry(admin: Admin, conn: AdminConnection): Promise<Registry> {
  if (!(await admin.listTopics()).includes(OWNERSHIP_TOPIC)) return new Map();
  const ends = await admin.fetchTopicOffsets(OWNERSHIP_TOPIC);
  const pending = new Map(
    ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  const registry = new Map<string, Set<string>>();
  if (pending.size === 0) return registry;

  // kafkajs reads only as a group member: a throwaway group, deleted afterwards.
  const groupId = `kafka-platform-registry-${randomBytes(6).toString('hex')}`;
  const consumer = new Kafka(kafkaConfig(conn, 'kafka-platform-registry')).consumer({
    groupId,
    allowAutoTopicCreation: false,
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: OWNERSHIP_TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading the ${OWNERSHIP_TOPIC} topic took longer than 60 s`)),
        60_000,
      );
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        clearTimeout(timer);
        reject(payload.error);
      });
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const stack = message.key?.toString();
            if (stack) {
              if (message.value === null) registry.delete(stack);
              else registry.set(stack, decodeRecord(message.value.toString()));
            }
            const end = pending.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return registry;
}

/** Records that `stack` manages `topics` (or nothing any more, when `topics` is null). */
export async function writeRecord(
  admin: Admin,
  conn: AdminConnection,
  stack: string,
  topics: readonly string[] | null,
  replicationFactor: number,
): Promise<void> {
  if (!(await admin.listTopics()).includes(OWNERSHIP_TOPIC)) {
    if (topics === null) return;
    const [result] = (
      await createTopics(admin, [
        {
          name: OWNERSHIP_TOPIC,
          partitions: 1,
          replicationFactor,
          configs: { 'cleanup.policy': 'compact' },
        },
      ])
    ).values();
    // Another stack may have created it meanwhile (`exists`): then it is there to write to.
    if (result instanceof Error) throw result;
  }
  const producer = new Kafka(kafkaConfig(conn, 'kafka-platform-registry')).producer({
    allowAutoTopicCreation: false,
    idempotent: false,
  });
  await producer.connect();
  try {
    await producer.send({
      topic: OWNERSHIP_TOPIC,
      acks: -1,
      messages: [{ key: stack, value: topics === null ? null : encodeRecord(topics) }],
    });
  } finally {
    await producer.disconnect();
  }
}
