import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { AclBinding, describeAcls } from '../../kafka/admin/aclOps';
import { AdminConnection, closeAdmins } from '../../kafka/admin/connection';
import { AclProvider } from '../../kafka/admin/aclProvider';
import { principalOf, serviceAcls } from '../../kafka/acls';
import { RunningKafka, startKafka } from '../harness/kafka';
import { createTopicsAndWait, observerAdmin, saslAdminConnection } from '../harness/clients';

/**
 * SCRAM-mode least privilege (kafka:msk.manageAcls) against a real broker with SASL_SSL, SCRAM and
 * the StandardAuthorizer: the ACLs generated for a catalog service, applied by the ACL provider as
 * the admin user, are what the service can and cannot do when it connects with its own user.
 */
describe('Kafka ACLs per service on a real SASL_SSL broker', () => {
  let kafka: RunningKafka;
  let observer: Admin;
  let adminConn: AdminConnection;
  const provider = new AclProvider();
  const user = { name: 'orders', password: 'orders-password-123' };
  const service = {
    name: 'orders',
    namespace: 'default',
    produces: ['orders.placed'],
    consumes: [{ topic: 'payments.settled', group: 'orders' }],
  };

  /** A client of the service itself: SCRAM-SHA-512 over TLS with its own user. */
  const asService = () =>
    new Kafka({
      clientId: 'orders',
      brokers: [kafka.saslBootstrap!],
      ssl: { ca: [kafka.caPem!] },
      sasl: { mechanism: 'scram-sha-512', username: user.name, password: user.password },
      logLevel: logLevel.NOTHING,
      retry: { retries: 6, initialRetryTime: 200, maxRetryTime: 1000 },
    });

  const produce = async (topic: string) => {
    const producer = asService().producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'x' }] });
    } finally {
      await producer.disconnect();
    }
  };

  before(async () => {
    kafka = await startKafka({ sasl: true, users: [user] });
    adminConn = saslAdminConnection(kafka);
    observer = await observerAdmin(kafka);
    await createTopicsAndWait(observer, {
      topics: ['orders.placed', 'payments.settled', 'other.topic'].map((topic) => ({
        topic,
        numPartitions: 1,
      })),
    });
  });

  after(async () => {
    await observer?.disconnect();
    await closeAdmins();
    await kafka?.stop();
  });

  it('without ACLs the service may not produce', async () => {
    await assert.rejects(produce('orders.placed'), /authoriz/i);
  });

  it('creates exactly the generated ACLs, and the service can produce to its topic only', async () => {
    const props = {
      principal: principalOf(user.name),
      bindings: serviceAcls(service),
      connection: adminConn,
    };
    await provider.create(props);
    const live = await describeAcls(observer, principalOf(user.name));
    const key = (b: AclBinding) => `${b.resourceType}:${b.resourceName}:${b.operation}`;
    assert.deepEqual(live.map(key).sort(), serviceAcls(service).map(key).sort());
    await produce('orders.placed');
    await assert.rejects(produce('other.topic'), /authoriz/i);
    await assert.rejects(produce('payments.settled'), /authoriz/i, 'consumed topics are read-only');
  });

  it('lets the service consume its topic in its own group, not in another group', async () => {
    const consumeOnce = async (groupId: string) => {
      const consumer = asService().consumer({ groupId, retry: { retries: 5, initialRetryTime: 200 } });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: 'payments.settled', fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          consumer.on(consumer.events.GROUP_JOIN, () => resolve());
          consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
          consumer.run({ eachMessage: async () => undefined }).catch(reject);
        });
      } finally {
        await consumer.disconnect();
      }
    };
    await consumeOnce('orders');
    // The broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED, which kafkajs reports as
    // "Failed to find group coordinator" after its retries.
    await assert.rejects(consumeOnce('someone-else'), /authoriz|group coordinator/i);
  });

  it('an update adds new rules and removes dropped ones; delete removes only its own', async () => {
    const before = {
      principal: principalOf(user.name),
      bindings: serviceAcls(service),
      connection: adminConn,
    };
    const after = { ...before, bindings: serviceAcls({ ...service, produces: ['other.topic'] }) };
    const diff = await provider.diff('User:orders', before, after);
    assert.equal(diff.changes, true);
    await provider.update('User:orders', before, after);
    await produce('other.topic');
    await assert.rejects(produce('orders.placed'), /authoriz/i);

    // An ACL someone else made for the same principal survives the delete.
    await observer.createAcls({
      acl: [
        {
          resourceType: 2,
          resourceName: 'orders.placed',
          resourcePatternType: 3,
          principal: 'User:orders',
          host: '*',
          operation: 8,
          permissionType: 3,
        },
      ],
    });
    await provider.delete('User:orders', after);
    const left = await describeAcls(observer, principalOf(user.name));
    assert.deepEqual(left, [{ resourceType: 'TOPIC', resourceName: 'orders.placed', operation: 'DESCRIBE' }]);
    await assert.rejects(produce('other.topic'), /authoriz/i);
  });
});
