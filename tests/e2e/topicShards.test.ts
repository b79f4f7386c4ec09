import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { stringify } from 'yaml';
import { describeTopic } from '../../kafka/admin/topicOps';
import { observerAdmin } from '../harness/clients';
import { E2eStack, Engine, EngineError, startEngine } from '../harness/engine';
import { makeTempDir, RunningKafka, startKafka } from '../harness/kafka';

/**
 * `kafka:topicResources: sharded` under the real engine against a real broker: the switch from
 * per-topic resources to shards and back on a populated stack deletes and recreates nothing
 * (the broker's own request log counts the DeleteTopics and CreateTopics requests the runner sent,
 * and the records produced before are still there), and in sharded mode the preview names each
 * topic and its change, refusals name their topic, refresh finds drift, and protection holds.
 */
describe('sharded topic resources under the real Pulumi engine', { timeout: 900_000 }, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let engine: Engine;
  let stack: E2eStack;
  let catalogFile: string;

  interface TopicSpec {
    name: string;
    partitions: number;
    replicationFactor?: number;
    config?: Record<string, string>;
  }
  const base: TopicSpec[] = [
    { name: 'orders.placed', partitions: 3, config: { 'retention.ms': '604800000' } },
    { name: 'orders.paid', partitions: 1, config: { 'cleanup.policy': 'delete' } },
    { name: 'customers', partitions: 2, config: { 'cleanup.policy': 'compact' } },
  ];

  const configure = async (
    mode: 'per-topic' | 'sharded',
    topics: TopicSpec[],
    settings: Record<string, unknown> = {},
  ) => {
    writeFileSync(catalogFile, stringify({ topics, services: [] }));
    await stack.configure({
      'kafka:provider': 'local',
      'kafka:catalog': catalogFile,
      'kafka:local': {
        bootstrapServers: kafka.bootstrap,
        defaultReplicationFactor: 1,
        connectTimeoutMs: 3000,
      },
      'kafka:kubernetes': { enabled: false },
      'kafka:topicResources': mode,
      // Deletion allowed: the switch must keep the topics by its own logic, not by retainOnDelete.
      'kafka:allowTopicDeletion': true,
      ...settings,
    });
  };

  /** Requests of one API the runner (client id kafka-platform*) sent, from the broker's log. */
  const runnerRequests = (api: string) =>
    readFileSync(kafka.requestLogFile!, 'utf8')
      .split('\n')
      .filter(
        (l) =>
          /"clientId":"kafka-platform/.test(l) &&
          !/"isForwarded":true/.test(l) &&
          new RegExp(`"requestApiKeyName":"${api}"`).test(l),
      ).length;

  before(async () => {
    kafka = await startKafka({ requestLog: true });
    admin = await observerAdmin(kafka);
    engine = await startEngine();
    catalogFile = path.join(await makeTempDir('e2e-shards-'), 'catalog.yaml');
    stack = await engine.newStack('shards');
  });

  after(async () => {
    await engine?.close();
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('switches a populated per-topic stack to shards: zero deletions, records intact', async () => {
    await configure('per-topic', base);
    await stack.up();
    // orders.paid: the drift step below sets orders.placed's retention to 1 s, which would expire records.
    await produce(kafka, 'orders.paid', 5);
    const deletesBefore = runnerRequests('DeleteTopics');
    const createsBefore = runnerRequests('CreateTopics');

    await configure('sharded', base);
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    assert.equal(runnerRequests('DeleteTopics'), deletesBefore, 'no topic deleted');
    assert.equal(runnerRequests('CreateTopics'), createsBefore, 'no topic created');
    assert.equal(await messageCount(admin, 'orders.paid'), 5, 'records intact');
    const state = await stack.exportText();
    assert.doesNotMatch(state, /dynamic\/kafka:Topic::/);
    assert.match(state, /dynamic\/kafka:TopicShard::local-topics-\d\d/);
    assert.deepEqual(Object.keys((await stack.preview()).changeSummary), ['same']);
  });

  it('names each topic and what changes in it in the preview, and applies it', async () => {
    await configure('sharded', [
      { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
      base[1]!,
      base[2]!,
    ]);
    const preview = await stack.preview({ diff: true });
    assert.equal(preview.changeSummary.update, 1);
    assert.match(preview.stdout, /orders\.placed/);
    assert.match(preview.stdout, /partitions\s*:\s*3 => 6/);
    assert.match(preview.stdout, /retention\.ms\s*:\s*"604800000" => "86400000"/);
    await stack.up();
    const live = await describeTopic(admin, 'orders.placed');
    assert.equal(live?.partitions, 6);
    assert.deepEqual(live?.overrides, { 'retention.ms': '86400000' });
  });

  it('refuses unsafe changes in preview, naming the topic, touching nothing', async () => {
    const refused = async (topics: TopicSpec[]) => {
      await configure('sharded', topics);
      return stack.preview().then(
        () => assert.fail('preview should fail'),
        (err: EngineError) => err.output,
      );
    };
    // The engine stops at the first resource whose check fails: these topics are in two shards.
    const decrease = await refused([
      { ...base[0]!, partitions: 2, config: { 'retention.ms': '86400000' } },
      base[1]!,
      base[2]!,
    ]);
    assert.match(decrease, /topic "orders.placed": partitions cannot decrease from 6 to 2/);
    const replication = await refused([
      { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
      { ...base[1]!, replicationFactor: 3 },
      base[2]!,
    ]);
    assert.match(replication, /topic "orders.paid": replicationFactor cannot change from 1 to 3/);
    for (const output of [decrease, replication]) assert.doesNotMatch(output, /undefined|<nil>/);
    assert.equal((await describeTopic(admin, 'orders.placed'))?.partitions, 6);
    assert.equal((await describeTopic(admin, 'orders.paid'))?.replicationFactor, 1);
  });

  const current: TopicSpec[] = [
    { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
    base[1]!,
    base[2]!,
  ];

  it('finds out-of-band drift with refresh and repairs it with up, recreating a topic deleted by hand', async () => {
    await configure('sharded', current);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 'orders.placed',
          configEntries: [{ name: 'retention.ms', value: '1000' }],
        },
      ],
    });
    await admin.deleteTopics({ topics: ['customers'] });
    for (let i = 0; i < 100 && (await admin.listTopics()).includes('customers'); i++) await sleep(100);
    await stack.refresh();
    const preview = await stack.preview({ diff: true });
    assert.match(preview.stdout, /retention\.ms\s*:\s*"1000" => "86400000"/);
    assert.match(preview.stdout, /\+\s*customers\s*:/);
    await stack.up();
    assert.deepEqual((await describeTopic(admin, 'orders.placed'))?.overrides, {
      'retention.ms': '86400000',
    });
    assert.deepEqual(await describeTopic(admin, 'customers'), {
      name: 'customers',
      partitions: 2,
      replicationFactor: 1,
      overrides: { 'cleanup.policy': 'compact' },
    });
  });

  it('switches back to per-topic resources: zero deletions, records intact', async () => {
    const deletesBefore = runnerRequests('DeleteTopics');
    const createsBefore = runnerRequests('CreateTopics');
    await configure('per-topic', current);
    await stack.up();
    assert.equal(runnerRequests('DeleteTopics'), deletesBefore, 'no topic deleted');
    assert.equal(runnerRequests('CreateTopics'), createsBefore, 'no topic created');
    assert.equal(await messageCount(admin, 'orders.paid'), 5, 'records intact');
    const state = await stack.exportText();
    assert.doesNotMatch(state, /TopicShard::/);
    assert.deepEqual(Object.keys((await stack.preview()).changeSummary), ['same']);
  });

  it('deletes a topic removed from a shard only when allowed, and refuses it under protect', async () => {
    await configure('sharded', current);
    await stack.up();
    await configure('sharded', current.slice(0, 2), {
      'kafka:protect': true,
      'kafka:allowTopicDeletion': false,
    });
    const refused = await stack.up().then(
      () => assert.fail('up should fail'),
      (err: EngineError) => err.output,
    );
    assert.match(refused, /topic "customers" is protected/);
    assert.ok(await describeTopic(admin, 'customers'));
    await configure('sharded', current.slice(0, 2));
    await stack.up();
    assert.equal(await describeTopic(admin, 'customers'), undefined, 'customers deleted');
    assert.ok(await describeTopic(admin, 'orders.paid'));
  });

  it('refuses to destroy protected topics, and destroys keeping topics when deletion is not allowed', async () => {
    await configure('sharded', current.slice(0, 2), {
      'kafka:protect': true,
      'kafka:allowTopicDeletion': false,
    });
    await stack.up();
    const failure = await stack.destroy().then(
      () => assert.fail('destroy should fail'),
      (err: EngineError) => err.output,
    );
    assert.match(failure, /protected/);
    assert.ok(await describeTopic(admin, 'orders.placed'));
    await configure('sharded', current.slice(0, 2), {
      'kafka:protect': false,
      'kafka:allowTopicDeletion': false,
    });
    await stack.up();
    await stack.destroy();
    assert.ok(await describeTopic(admin, 'orders.placed'), 'kept on the cluster');
    assert.equal(await messageCount(admin, 'orders.paid'), 5);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function produce(kafka: RunningKafka, topic: string, count: number): Promise<void> {
  const producer = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ value: `m${i}` })) });
  } finally {
    await producer.disconnect();
  }
}

async function messageCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}
