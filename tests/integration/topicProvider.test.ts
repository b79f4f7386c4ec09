import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { AdminConnection, closeAdmins, openAdminCount } from '../../kafka/admin/connection';
import { describeTopic } from '../../kafka/admin/topicOps';
import { takeWarnings } from '../../kafka/admin/engineLog';
import { OwnershipProvider } from '../../kafka/admin/ownershipProvider';
import { setRunConfig } from '../../kafka/admin/runConfig';
import { TopicProps, TopicProvider } from '../../kafka/admin/topicProvider';
import { topicClusterFor } from '../../kafka/admin/topicCluster';
import { RunningKafka, startKafka } from '../harness/kafka';
import { createTopicsAndWait, observerAdmin, saslAdminConnection } from '../harness/clients';

/**
 * The dynamic topic provider against a real single-node Apache Kafka (KRaft) broker: each
 * behaviour the local backend promises, observed on the broker itself.
 */
describe('KafkaTopic dynamic provider on a real broker', () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let conn: AdminConnection;
  const provider = new TopicProvider();

  const props = (name: string, over: Partial<TopicProps> = {}): TopicProps => ({
    name,
    partitions: 3,
    replicationFactor: 1,
    configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    connection: conn,
    allowDeletion: false,
    ...over,
  });

  before(async () => {
    kafka = await startKafka();
    conn = { brokers: [kafka.bootstrap], tls: false, connectTimeoutMs: 5000 };
    admin = await observerAdmin(kafka);
  });

  after(async () => {
    await admin?.disconnect();
    await closeAdmins();
    await kafka?.stop();
  });

  it('creates a topic with its partitions, replication factor and configs', async () => {
    const result = await provider.create(props('t.create'));
    assert.equal(result.id, 't.create');
    assert.deepEqual(await describeTopic(admin, 't.create'), {
      name: 't.create',
      partitions: 3,
      replicationFactor: 1,
      overrides: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    });
  });

  it('adopts an existing topic whose settings match', async () => {
    await createTopicsAndWait(admin, {
      topics: [
        {
          topic: 't.adopt',
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [
            { name: 'retention.ms', value: '604800000' },
            { name: 'cleanup.policy', value: 'delete' },
            { name: 'segment.ms', value: '3600000' },
          ],
        },
      ],
    });
    await provider.create(props('t.adopt'));
    const live = await describeTopic(admin, 't.adopt');
    assert.equal(live?.overrides['segment.ms'], '3600000', 'adoption leaves the topic untouched');
  });

  it('refuses to adopt an existing topic whose settings differ, and changes nothing', async () => {
    await createTopicsAndWait(admin, {
      topics: [{ topic: 't.differs', numPartitions: 1, replicationFactor: 1 }],
    });
    await assert.rejects(
      provider.create(props('t.differs')),
      /topic "t.differs" already exists with different settings: partitions 1 \(catalog: 3\); retention.ms not set/,
    );
    const live = await describeTopic(admin, 't.differs');
    assert.equal(live?.partitions, 1);
    assert.deepEqual(live?.overrides, {});
  });

  it('increases partitions in place', async () => {
    const before = props('t.grow');
    await provider.create(before);
    await provider.update('t.grow', before, props('t.grow', { partitions: 8 }));
    assert.equal((await describeTopic(admin, 't.grow'))?.partitions, 8);
  });

  it('changes managed configs without wiping configs it does not manage', async () => {
    const first = props('t.configs');
    await provider.create(first);
    // Someone else tunes a config the catalog does not manage.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 't.configs',
          configEntries: [
            { name: 'retention.ms', value: '604800000' },
            { name: 'cleanup.policy', value: 'delete' },
            { name: 'segment.ms', value: '7200000' },
          ],
        },
      ],
    });
    // The catalog changes retention and stops managing cleanup.policy.
    await provider.update(
      't.configs',
      first,
      props('t.configs', { configs: { 'retention.ms': '86400000' } }),
    );
    assert.deepEqual((await describeTopic(admin, 't.configs'))?.overrides, {
      'retention.ms': '86400000',
      'segment.ms': '7200000',
    });
  });

  it('refuses a partition decrease or replication-factor change before touching anything', async () => {
    const current = props('t.safe', { partitions: 4 });
    await provider.create(current);
    const shrink = await provider.check(current, props('t.safe', { partitions: 2 }));
    assert.equal(shrink.failures?.[0]?.property, 'partitions');
    assert.match(shrink.failures?.[0]?.reason ?? '', /partitions cannot decrease from 4 to 2/);
    const rf = await provider.check(current, props('t.safe', { partitions: 4, replicationFactor: 3 }));
    assert.equal(rf.failures?.[0]?.property, 'replicationFactor');
    assert.match(rf.failures?.[0]?.reason ?? '', /replicationFactor cannot change from 1 to 3 in place/);
    // Even if check were bypassed, update compares with the live topic and refuses.
    await assert.rejects(
      provider.update('t.safe', current, props('t.safe', { partitions: 2 })),
      /partitions cannot decrease from 4 to 2/,
    );
    assert.equal((await describeTopic(admin, 't.safe'))?.partitions, 4);
  });

  it('deletes only when the stack allows deletion', async () => {
    const kept = props('t.kept');
    await provider.create(kept);
    await provider.delete('t.kept', kept);
    assert.ok(await describeTopic(admin, 't.kept'), 'forgotten, not deleted');

    const doomed = props('t.doomed', { allowDeletion: true });
    await provider.create(doomed);
    await provider.delete('t.doomed', doomed);
    assert.equal(await describeTopic(admin, 't.doomed'), undefined);
  });

  it('reuses one admin connection for every topic of a run', async () => {
    for (let i = 0; i < 5; i++) await provider.create(props(`t.reuse.${i}`));
    assert.equal(openAdminCount(), 1);
  });

  it("answers a new topic's describe without waiting for the creates in flight", async () => {
    // The engine checks resources one at a time: a new topic's check (which describes it) that
    // queued behind the batch of creates in flight held creates to about one topic per batch.
    const cluster = topicClusterFor(conn);
    await cluster.describe('t.reuse.0'); // this run's view of the cluster is read
    let created = false;
    const creating = cluster
      .create({ name: 't.inflight', partitions: 3, replicationFactor: 1, configs: {} })
      .then(() => (created = true));
    // Let the create's batch start (the coalescer gathers a tick's requests first).
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(await cluster.describe('t.not-there'), undefined);
    assert.equal(created, false, 'the describe waited for the create batch');
    await creating;
    assert.equal((await cluster.describe('t.inflight'))?.partitions, 3);
  });

  it('fails within a bounded time with a clear message when brokers are unreachable', async () => {
    const dead: AdminConnection = { brokers: ['127.0.0.1:1'], tls: false, connectTimeoutMs: 1000 };
    const started = Date.now();
    await assert.rejects(
      provider.create(props('t.unreachable', { connection: dead })),
      /cannot reach Kafka brokers 127.0.0.1:1: .*Check the bootstrap servers, TLS and SASL settings/,
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 2 * 1000 + 3000, `gave up after ${elapsed} ms`);
  });

  it('preview reads the cluster for topics already in the state: an unreachable broker fails it, naming the brokers and the setting', async () => {
    setRunConfig({ 'kafka:provider': 'local' });
    try {
      const dead: AdminConnection = { brokers: ['127.0.0.1:1'], tls: false, connectTimeoutMs: 1000 };
      const old = props('t.moved');
      const result = await provider.check(old, props('t.moved', { connection: dead }));
      assert.equal(result.failures?.[0]?.property, 'connection');
      assert.match(
        result.failures?.[0]?.reason ?? '',
        /^cannot reach Kafka brokers 127\.0\.0\.1:1: .* The runner dials them as set in kafka:local\.bootstrapServers\.$/,
      );
    } finally {
      setRunConfig({});
    }
  });

  it('destroy says what it keeps on the cluster (the shared ownership registry) and why', async () => {
    const ownership = new OwnershipProvider();
    const record = {
      owner: 'org/kafka-platform/gone',
      topics: ['t.create'],
      replicationFactor: 1,
      connection: conn,
    };
    await ownership.create(record);
    takeWarnings();
    await ownership.delete('org/kafka-platform/gone', record);
    assert.deepEqual(takeWarnings(), [
      `kept topic _kafka-platform-owners on ${kafka.bootstrap}: it records which stack manages which topic, ` +
        "for every stack sharing this cluster (so none adopts or deletes another's topics); only the record " +
        'of org/kafka-platform/gone was removed. Delete the topic by hand once no stack manages topics on this cluster.',
    ]);
    assert.ok(await describeTopic(admin, '_kafka-platform-owners'), 'the registry stays');
  });

  it('preview refuses a new topic whose replication factor is above the broker count, naming both', async () => {
    setRunConfig({ 'kafka:provider': 'local' });
    try {
      const result = await provider.check({}, props('t.rf3', { replicationFactor: 3 }));
      assert.deepEqual(result.failures, [
        {
          property: 'replicationFactor',
          reason:
            `topic "t.rf3": replicationFactor 3 is more than the 1 broker of the cluster at ${kafka.bootstrap}: ` +
            'lower replicationFactor in the catalog (or kafka:local.defaultReplicationFactor) to at most 1',
        },
      ]);
      assert.equal(await describeTopic(admin, 't.rf3'), undefined, 'nothing created');
    } finally {
      setRunConfig({});
    }
  });
});

describe('KafkaTopic dynamic provider over SASL_SSL (SCRAM-SHA-512)', () => {
  let kafka: RunningKafka;

  before(async () => {
    kafka = await startKafka({ sasl: true });
  });

  after(async () => {
    await closeAdmins();
    await kafka?.stop();
  });

  it('creates a topic through an authenticated TLS connection', async () => {
    const conn = saslAdminConnection(kafka);
    const provider = new TopicProvider();
    await provider.create({
      name: 't.secure',
      partitions: 2,
      replicationFactor: 1,
      configs: {},
      connection: conn,
      allowDeletion: false,
    });
    const observer = await observerAdmin(kafka);
    try {
      assert.equal((await describeTopic(observer, 't.secure'))?.partitions, 2);
    } finally {
      await observer.disconnect();
    }
  });

  it('reports a wrong password clearly', async () => {
    const provider = new TopicProvider();
    await assert.rejects(
      provider.create({
        name: 't.denied',
        partitions: 1,
        replicationFactor: 1,
        configs: {},
        allowDeletion: false,
        connection: (() => {
          const conn = saslAdminConnection(kafka);
          return { ...conn, sasl: { ...conn.sasl!, password: 'wrong' } };
        })(),
      }),
      /Kafka brokers .* refused the credentials of user "admin": .*Check the SASL mechanism, user name and password/,
    );
  });
});
