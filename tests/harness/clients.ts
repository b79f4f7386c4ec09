import {
  Admin,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { AdminConnection } from '../../kafka/admin/connection';
import { RunningKafka } from './kafka';

/** The harness's SCRAM-SHA-512 super user over its SASL_SSL listener, as code under test dials it. */
export function saslAdminConnection(kafka: RunningKafka): AdminConnection {
  if (!kafka.saslBootstrap || !kafka.caPem) throw new Error('start the broker with { sasl: true }');
  return {
    brokers: [kafka.saslBootstrap],
    tls: true,
    caPem: kafka.caPem,
    sasl: { mechanism: 'scram-sha-512', username: kafka.admin.name, password: kafka.admin.password },
    connectTimeoutMs: 5000,
  };
}

/**
 * A connected kafkajs admin on the PLAINTEXT listener (a super user when ACLs are on): tests set
 * the broker up and observe its state through it, independently of the code under test.
 */
export async function observerAdmin(kafka: RunningKafka, clientId = 'test-observer'): Promise<Admin> {
  const admin = new Kafka({ clientId, brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return admin;
}

/**
 * Test setup: creates topics and waits until every partition has a leader. kafkajs' own
 * `waitForLeaders` gives up on the first "This server does not host this topic-partition", which
 * a busy KRaft broker answers while its metadata catches up; this keeps asking.
 */
export async function createTopicsAndWait(
  admin: Admin,
  options: Parameters<Admin['createTopics']>[0],
): Promise<void> {
  await admin.createTopics({ ...options, waitForLeaders: false });
  const names = options.topics.map((t) => t.topic);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      if (topics.length === names.length && topics.every((t) => t.partitions.every((p) => p.leader >= 0)))
        return;
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics ${names.join(', ')} have no leaders after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Test setup: waits until the broker's authorizer reports `count` ACLs for `principal`. */
export async function waitForAcls(admin: Admin, principal: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    if (resources.reduce((n, r) => n + r.acls.length, 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`the ACLs of ${principal} did not appear within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
