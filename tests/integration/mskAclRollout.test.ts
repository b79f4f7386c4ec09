import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { principalOf, serviceAcls } from '../../kafka/acls';
import { AclProvider } from '../../kafka/admin/aclProvider';
import { AdminConnection, closeAdmins } from '../../kafka/admin/connection';
import { ACL_ADMIN_USER, adminAcls } from '../../providers/msk/aclAdmin';
import { KafkaUser, RunningKafka, startKafka } from '../harness/kafka';
import { createTopicsAndWait, observerAdmin, waitForAcls } from '../harness/clients';

/**
 * The ACL rollout of MSK's SCRAM mode (kafka:msk.manageAcls: MskAcls registers the admin's rights,
 * then each service's), applied by the ACL provider as the ACL admin user against real brokers with
 * MSK's default `allow.everyone.if.no.acl.found=true`, in both metadata modes MSK runs: ZooKeeper
 * (`AclAuthorizer`, MSK's default 3.8.x) and KRaft (`StandardAuthorizer`). A user of another stack
 * with no ACLs of its own must keep working on its own topics and groups: nobody is locked out
 * before the operator turns `allow.everyone.if.no.acl.found` off.
 */
for (const metadata of ['zookeeper', 'kraft'] as const) {
  describe(`MSK SCRAM ACL rollout on a ${metadata} broker`, { timeout: 300_000 }, () => {
    let kafka: RunningKafka;
    let observer: Admin;
    const provider = new AclProvider();
    const aclAdmin: KafkaUser = { name: ACL_ADMIN_USER, password: 'acl-admin-password-123' };
    const orders: KafkaUser = { name: 'orders', password: 'orders-password-123' };
    const bystander: KafkaUser = { name: 'bystander', password: 'bystander-password-123' };
    const service = {
      name: 'orders',
      namespace: 'shop',
      produces: ['orders.placed'],
      consumes: [{ topic: 'payments.settled', group: 'orders' }],
    };

    const connectionAs = (user: KafkaUser): AdminConnection => ({
      brokers: [kafka.saslBootstrap!],
      tls: true,
      caPem: kafka.caPem!,
      sasl: { mechanism: 'scram-sha-512', username: user.name, password: user.password },
      connectTimeoutMs: 5000,
    });
    const client = (user: KafkaUser) =>
      new Kafka({
        clientId: user.name,
        brokers: [kafka.saslBootstrap!],
        ssl: { ca: [kafka.caPem!] },
        sasl: { mechanism: 'scram-sha-512', username: user.name, password: user.password },
        logLevel: logLevel.NOTHING,
        retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 },
      });
    const produce = async (user: KafkaUser, topic: string, idempotent = false) => {
      const producer = client(user).producer({ idempotent });
      await producer.connect();
      try {
        await producer.send({ topic, messages: [{ value: 'x' }] });
      } finally {
        await producer.disconnect();
      }
    };
    const commitOffset = async (user: KafkaUser, topic: string, groupId: string) => {
      const admin = client(user).admin();
      await admin.connect();
      try {
        await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] });
      } finally {
        await admin.disconnect();
      }
    };

    /** What MskAcls registers, in its order: the admin's own rights first, then each service's. */
    const rollOut = async () => {
      await provider.create({
        principal: principalOf(ACL_ADMIN_USER),
        bindings: adminAcls(),
        connection: connectionAs(aclAdmin),
      });
      await waitForAcls(observer, principalOf(ACL_ADMIN_USER), adminAcls().length);
      await provider.create({
        principal: principalOf(orders.name),
        bindings: serviceAcls(service),
        connection: connectionAs(aclAdmin),
      });
      await waitForAcls(observer, principalOf(orders.name), serviceAcls(service).length);
    };

    before(async () => {
      kafka = await startKafka({
        sasl: true,
        metadata,
        users: [aclAdmin, orders, bystander],
        properties: { 'allow.everyone.if.no.acl.found': 'true' },
      });
      observer = await observerAdmin(kafka);
      await createTopicsAndWait(observer, {
        topics: ['orders.placed', 'payments.settled', 'bystander.events'].map((topic) => ({
          topic,
          numPartitions: 1,
        })),
      });
      await rollOut();
    });

    after(async () => {
      await observer?.disconnect();
      await closeAdmins();
      await kafka?.stop();
    });

    it('leaves a user of another stack, with no ACLs, working on its own topic and group', async () => {
      await produce(bystander, 'bystander.events');
      // Idempotent producers (the Java client's default) also need the cluster-level check to pass.
      await produce(bystander, 'bystander.events', true);
      await commitOffset(bystander, 'bystander.events', 'bystander');
    });

    it('lets the service do what its ACLs allow', async () => {
      await produce(orders, 'orders.placed');
      await commitOffset(orders, 'payments.settled', 'orders');
    });

    it('keeps the ACL admin able to manage ACLs once ACLs exist', async () => {
      await provider.create({
        principal: principalOf('late'),
        bindings: [{ resourceType: 'TOPIC', resourceName: 'orders.placed', operation: 'READ' }],
        connection: connectionAs(aclAdmin),
      });
      await waitForAcls(observer, principalOf('late'), 1);
    });

    it('fences a topic some ACL names: a user without ACLs may no longer produce to it', async () => {
      await assert.rejects(produce(bystander, 'orders.placed'), /authoriz/i);
    });
  });
}
