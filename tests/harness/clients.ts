import { Admin, Kafka, logLevel } from 'kafkajs';
import { AdminConnection } from '../../providers/kafka-admin/connection';
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
