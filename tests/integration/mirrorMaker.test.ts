import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { mm2Properties, renderProperties } from '../../migration/mm2Properties';
import { MigrationSettings } from '../../migration/settings';
import { Catalog } from '../../topics/catalog';
import { isInternalTopic } from '../../topics/internalTopics';
import {
  ensureServerJars,
  JavaServer,
  KAFKA_VERSION,
  makeTempDir,
  removeTempDir,
  RunningKafka,
  startKafka,
} from '../harness/kafka';
import { createTopicsAndWait } from '../harness/clients';

/**
 * Real replication: the mm2.properties this program generates, run by MirrorMaker 2 itself
 * (org.apache.kafka:connect-mirror from Maven Central, the same release as the pinned image)
 * between two real brokers, the old cluster and the new one.
 */
const catalog: Catalog = {
  topics: [
    { name: 'ml.jobs.requested', partitions: 2, config: { 'retention.ms': '604800000' } },
    { name: 'ml.jobs.completed', partitions: 1, config: {} },
  ],
  services: [
    {
      name: 'ml-service',
      namespace: 'default',
      produces: ['ml.jobs.completed'],
      consumes: [{ topic: 'ml.jobs.requested', group: 'ml-service' }],
    },
  ],
};
const MESSAGES = 20;
const CONSUMED = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  mm: JavaServer,
  ms = 90_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    if (!mm.alive) throw new Error(`MirrorMaker 2 exited while waiting for ${what}:\n${mm.logTail()}`);
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}:\n${mm.logTail(80)}`);
}

describe('MirrorMaker 2 with the generated mm2.properties, between two real brokers', () => {
  let source: RunningKafka;
  let target: RunningKafka;
  let sourceAdmin: Admin;
  let targetAdmin: Admin;
  let mm: JavaServer;
  let dir: string;

  const client = (bootstrap: string) =>
    new Kafka({ clientId: 'mm2-test', brokers: [bootstrap], logLevel: logLevel.NOTHING });

  before(async () => {
    [source, target] = await Promise.all([startKafka(), startKafka()]);
    sourceAdmin = client(source.bootstrap).admin();
    targetAdmin = client(target.bootstrap).admin();
    await Promise.all([sourceAdmin.connect(), targetAdmin.connect()]);

    // The old cluster: the catalog's topics with their own settings, plus one outside the catalog.
    await createTopicsAndWait(sourceAdmin, {
      topics: [
        {
          topic: 'ml.jobs.requested',
          numPartitions: 2,
          configEntries: [{ name: 'retention.ms', value: '3600000' }],
        },
        { topic: 'ml.jobs.completed', numPartitions: 1 },
        { topic: 'not.in.catalog', numPartitions: 1 },
      ],
    });
    // The new cluster: topics as Pulumi creates them from the catalog, before MirrorMaker starts.
    await createTopicsAndWait(targetAdmin, {
      topics: catalog.topics.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
      })),
    });

    const producer = client(source.bootstrap).producer();
    await producer.connect();
    const messages = (topic: string) =>
      Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i}`, value: `${topic}#${i}`, partition: 0 }));
    for (const topic of ['ml.jobs.requested', 'ml.jobs.completed', 'not.in.catalog']) {
      await producer.send({ topic, messages: messages(topic) });
    }
    await producer.disconnect();
    // The catalog's consumer group has read part of partition 0 on the old cluster; another
    // group that the catalog does not know has too.
    for (const groupId of ['ml-service', 'someone-else']) {
      await sourceAdmin.setOffsets({
        groupId,
        topic: 'ml.jobs.requested',
        partitions: [{ partition: 0, offset: String(CONSUMED) }],
      });
    }

    const libs = await ensureServerJars(`mirror-maker-${KAFKA_VERSION}`);
    dir = await makeTempDir('mm2-test-');
    const settings: MigrationSettings = {
      source: { bootstrapServers: source.bootstrap, tls: false },
      target: { tls: false },
      namespace: 'kafka-migration',
      replicationFactor: 1,
      syncIntervalSeconds: 1,
    };
    const propsFile = path.join(dir, 'mm2.properties');
    await writeFile(propsFile, renderProperties(mm2Properties(settings, catalog, target.bootstrap, {})));
    const log4j = path.join(dir, 'log4j.properties');
    await writeFile(
      log4j,
      [
        'log4j.rootLogger=INFO, stdout',
        'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
        'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
        'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
        '',
      ].join('\n'),
    );
    mm = new JavaServer(
      [
        '-Xmx384m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        `-Dlog4j.configuration=file:${log4j}`,
        '-cp',
        path.join(libs, '*'),
        'org.apache.kafka.connect.mirror.MirrorMaker',
        propsFile,
      ],
      path.join(dir, 'mirror-maker.log'),
    );
    mm.start();
  });

  after(async () => {
    await mm?.stop();
    await sourceAdmin?.disconnect();
    await targetAdmin?.disconnect();
    await Promise.all([source?.stop(), target?.stop()]);
    if (dir) await removeTempDir(dir);
  });

  it('copies every message of the catalog topics under the same names', async () => {
    for (const topic of ['ml.jobs.requested', 'ml.jobs.completed']) {
      await until(
        `${topic} on the target`,
        async () => {
          const offsets = await targetAdmin.fetchTopicOffsets(topic);
          const total = offsets.reduce((n, p) => n + Number(p.high), 0);
          return total >= MESSAGES ? total : undefined;
        },
        mm,
      );
    }
    const consumer = client(target.bootstrap).consumer({ groupId: 'mm2-test-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'ml.jobs.requested', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    const deadline = Date.now() + 30_000;
    while (seen.length < MESSAGES && Date.now() < deadline) await sleep(200);
    await consumer.disconnect();
    assert.deepEqual(
      seen.sort(),
      Array.from({ length: MESSAGES }, (_, i) => `ml.jobs.requested#${i}`).sort(),
    );
  });

  it("translates the catalog group's offsets so consumers resume on the new cluster without skipping", async () => {
    const offset = await until(
      'ml-service offsets on the target',
      async () => {
        const [topic] = await targetAdmin.fetchOffsets({
          groupId: 'ml-service',
          topics: ['ml.jobs.requested'],
        });
        const p0 = topic?.partitions.find((p) => p.partition === 0);
        return p0 && Number(p0.offset) > 0 ? Number(p0.offset) : undefined;
      },
      mm,
    );
    // MirrorMaker 2 translates to the nearest offset sync at or before the consumer's position:
    // at-least-once, never past what the group had read.
    assert.ok(offset <= CONSUMED, `translated offset ${offset} does not skip past ${CONSUMED}`);
  });

  it('leaves out what the catalog does not name and never writes to the old cluster', async () => {
    const targetTopics = await targetAdmin.listTopics();
    assert.ok(!targetTopics.includes('not.in.catalog'), 'topics outside the catalog stay behind');
    assert.deepEqual(
      targetTopics.filter((t) => !isInternalTopic(t)).sort(),
      ['heartbeats', 'ml.jobs.completed', 'ml.jobs.requested'],
      'the catalog topics, and the heartbeats topic MirrorMaker 2 always creates',
    );
    const heartbeats = await targetAdmin.fetchTopicOffsets('heartbeats');
    assert.ok(
      heartbeats.every((p) => p.high === '0'),
      'emit.heartbeats.enabled=false: it stays empty',
    );
    const groups = (await targetAdmin.listGroups()).groups.map((g) => g.groupId);
    assert.ok(!groups.includes('someone-else'), 'groups outside the catalog are not synced');
    const sourceTopics = await sourceAdmin.listTopics();
    assert.deepEqual(
      sourceTopics.filter((t) => !t.startsWith('__')).sort(),
      ['ml.jobs.completed', 'ml.jobs.requested', 'not.in.catalog'],
      'offset syncs live on the target: nothing new on the old cluster',
    );
  });

  it("keeps the catalog's topic configs on the new cluster", async () => {
    const { resources } = await targetAdmin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'ml.jobs.requested', configNames: ['retention.ms'] },
      ],
    });
    assert.equal(resources[0]?.configEntries[0]?.configValue, '604800000', "not the old cluster's 3600000");
  });
});
