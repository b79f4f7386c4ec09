import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin } from 'kafkajs';
import { AdminConnection, adminFor, closeAdmins } from '../../kafka/admin/connection';
import { describeTopic } from '../../kafka/admin/topicOps';
import { TopicProps, TopicProvider } from '../../kafka/admin/topicProvider';
import { SERVERLESS_TOPIC_CONFIGS } from '../../providers/msk/catalogRules';
import { RunningKafka, startKafka } from '../harness/kafka';
import { observerAdmin, saslAdminConnection } from '../harness/clients';

/**
 * The MSK Serverless topic path: the admin-API topic provider over SASL_SSL, against a real
 * Apache Kafka broker with TLS, SCRAM and ACLs. Apache Kafka cannot check MSK IAM tokens, so the
 * SASL mechanism here is SCRAM-SHA-512 (see docs/msk.md); everything else — TLS to the brokers, the
 * provider's create/grow/refuse logic, serverless-allowed configs — is what MSK Serverless gets.
 */
describe('MSK Serverless topic path on a real SASL_SSL broker', () => {
  let kafka: RunningKafka;
  let observer: Admin;
  let scram: AdminConnection;
  const provider = new TopicProvider();
  const service = { name: 'svc-no-acls', password: 'svc-no-acls-password-1' };

  const props = (name: string, over: Partial<TopicProps> = {}): TopicProps => ({
    name,
    partitions: 3,
    // A single test broker holds one replica; Serverless always keeps 3.
    replicationFactor: 1,
    configs: { 'retention.ms': '86400000', 'cleanup.policy': 'delete', 'max.message.bytes': '2097152' },
    connection: scram,
    allowDeletion: false,
    ...over,
  });

  before(async () => {
    kafka = await startKafka({ sasl: true, users: [service] });
    scram = saslAdminConnection(kafka);
    observer = await observerAdmin(kafka);
  });

  after(async () => {
    await observer?.disconnect();
    await closeAdmins();
    await kafka?.stop();
  });

  it('only uses topic configs MSK Serverless accepts in this test', () => {
    for (const key of Object.keys(props('x').configs)) assert.ok(SERVERLESS_TOPIC_CONFIGS.includes(key), key);
  });

  it('creates a topic over TLS + SASL with its partitions and configs', async () => {
    await provider.create(props('msk.sl.create'));
    assert.deepEqual(await describeTopic(observer, 'msk.sl.create'), {
      name: 'msk.sl.create',
      partitions: 3,
      replicationFactor: 1,
      overrides: { 'retention.ms': '86400000', 'cleanup.policy': 'delete', 'max.message.bytes': '2097152' },
    });
  });

  it('grows partitions and changes configs in place, and refuses to shrink', async () => {
    const v1 = props('msk.sl.grow');
    await provider.create(v1);
    const v2 = props('msk.sl.grow', {
      partitions: 6,
      configs: { ...v1.configs, 'retention.ms': '172800000' },
    });
    await provider.update('msk.sl.grow', v1, v2);
    const live = await describeTopic(observer, 'msk.sl.grow');
    assert.equal(live?.partitions, 6);
    assert.equal(live?.overrides['retention.ms'], '172800000');
    const check = await provider.check(v2, props('msk.sl.grow', { partitions: 2 }));
    assert.equal(check.failures?.[0]?.property, 'partitions');
    assert.equal(
      (await describeTopic(observer, 'msk.sl.grow'))?.partitions,
      6,
      'nothing changed on the broker',
    );
  });

  it('fails clearly when the runner identity may not create topics (authorisation is the broker’s)', async () => {
    const conn: AdminConnection = {
      ...scram,
      sasl: { mechanism: 'scram-sha-512', username: service.name, password: service.password },
    };
    await assert.rejects(
      provider.create(props('msk.sl.denied', { connection: conn })),
      /create of topic "msk.sl.denied" was refused by the broker: TOPIC_AUTHORIZATION_FAILED/,
    );
    assert.equal(await describeTopic(observer, 'msk.sl.denied'), undefined);
  });

  it('an MSK IAM connection to a broker without MSK IAM is refused with a clear message', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const iam: AdminConnection = {
      brokers: [kafka.saslBootstrap!],
      tls: true,
      caPem: kafka.caPem!,
      sasl: { mechanism: 'oauthbearer', provider: 'aws-msk-iam', region: 'eu-west-1' },
      connectTimeoutMs: 5000,
    };
    await assert.rejects(adminFor(iam), (err: Error) => {
      assert.match(err.message, /refused the MSK IAM token signed for region eu-west-1/);
      assert.match(err.message, /does not support the requested SASL mechanism/);
      return true;
    });
  });
});
