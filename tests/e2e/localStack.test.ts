import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { stringify } from 'yaml';
import { describeTopic } from '../../kafka/admin/topicOps';
import { shardKey, shardOf } from '../../kafka/admin/topicShards';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { E2eStack, Engine, EngineError, startEngine } from '../harness/engine';
import { freePorts, makeTempDir, RunningKafka, startKafka } from '../harness/kafka';

/**
 * The `local` stack as a user runs it: `pulumi preview / up / refresh / destroy` by the real
 * engine (Automation API), the program in its language host, the topic provider in the engine's
 * dynamic provider host, against a real Kafka broker that the test observes on its own.
 */
/** Every scenario runs in both kafka:topicResources modes; where they differ, `sharded` says how. */
for (const mode of ['per-topic', 'sharded'] as const) {
  const sharded = mode === 'sharded';
  describe(
    `local stack under the real Pulumi engine (PLAINTEXT, kafka:topicResources ${mode})`,
    { timeout: 900_000 },
    () => {
      let kafka: RunningKafka;
      let admin: Admin;
      let engine: Engine;
      let stack: E2eStack;
      let dir: string;
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

      /** Writes the catalog and the stack config the way a user edits their files. */
      const configure = async (topics: TopicSpec[], settings: Record<string, unknown> = {}) => {
        writeFileSync(
          catalogFile,
          stringify({
            topics,
            services: [
              {
                name: 'orders',
                namespace: 'shop',
                produces: topics.slice(0, 1).map((t) => t.name),
                consumes: [],
              },
            ],
          }),
        );
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
          ...settings,
        });
      };

      /** The resource holding a topic: its own, or its shard. */
      const topicUrn = (name: string) =>
        sharded
          ? `urn:pulumi:${stack.name}::kafka-platform::kafka-platform:kafka:Backend$kafka-platform:kafka:Topics$pulumi-nodejs:dynamic/kafka:TopicShard::local-topics-${shardKey(shardOf(name))}`
          : `urn:pulumi:${stack.name}::kafka-platform::kafka-platform:kafka:Backend$kafka-platform:kafka:Topics$pulumi-nodejs:dynamic/kafka:Topic::${name}`;

      const overrides = async (name: string) => (await describeTopic(admin, name))?.overrides;

      before(async () => {
        kafka = await startKafka();
        admin = await observerAdmin(kafka);
        engine = await startEngine();
        dir = await makeTempDir('e2e-local-');
        catalogFile = path.join(dir, 'catalog.yaml');
        stack = await engine.newStack('local');
      });

      after(async () => {
        await engine?.close();
        await admin?.disconnect();
        await kafka?.stop();
      });

      it('creates every catalog topic with its partitions and configs', async () => {
        await configure(base);
        const result = await stack.up();
        assert.equal(result.summary.result, 'succeeded');
        assert.deepEqual(await describeTopic(admin, 'orders.placed'), {
          name: 'orders.placed',
          partitions: 3,
          replicationFactor: 1,
          overrides: { 'retention.ms': '604800000' },
        });
        assert.deepEqual(await overrides('orders.paid'), { 'cleanup.policy': 'delete' });
        assert.deepEqual(await overrides('customers'), { 'cleanup.policy': 'compact' });
      });

      it('shows no changes in a second preview, and a second up changes nothing', async () => {
        const preview = await stack.preview();
        assert.deepEqual(Object.keys(preview.changeSummary).sort(), ['same']);
        const up = await stack.up();
        assert.deepEqual(Object.keys(up.summary.resourceChanges ?? {}).sort(), ['same']);
      });

      it('grows partitions and changes a config in place', async () => {
        await configure([
          { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
          base[1]!,
          base[2]!,
        ]);
        const preview = await stack.preview({ diff: true });
        assert.equal(preview.changeSummary.update, 1);
        await stack.up();
        const live = await describeTopic(admin, 'orders.placed');
        assert.equal(live?.partitions, 6);
        assert.deepEqual(live?.overrides, { 'retention.ms': '86400000' });
      });

      it('refuses a partition decrease and a replication-factor change in preview, touching nothing', async () => {
        const refused = (topics: TopicSpec[]) =>
          configure(topics).then(() =>
            stack.preview().then(
              () => assert.fail('preview should fail'),
              (err: EngineError) => err.output,
            ),
          );
        // The engine stops at the first resource whose check fails: one refusal per preview.
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
        for (const output of [decrease, replication]) assert.doesNotMatch(output, /undefined/);
        assert.equal((await describeTopic(admin, 'orders.placed'))?.partitions, 6);
        assert.equal((await describeTopic(admin, 'orders.paid'))?.replicationFactor, 1);
      });

      it('finds out-of-band drift with refresh and repairs it with up, recreating a topic deleted by hand', async () => {
        const catalog = [
          { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
          base[1]!,
          base[2]!,
        ];
        await configure(catalog);
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
        await waitUntilGone(admin, 'customers');

        const refresh = await stack.refresh();
        // Sharded: the deleted topic leaves its shard (an update of the shard, not a deletion).
        assert.equal(refresh.summary.update, sharded ? 2 : 1, `refresh output:\n${refresh.output}`);
        assert.equal(refresh.summary.delete, sharded ? undefined : 1, `refresh output:\n${refresh.output}`);

        const preview = await stack.preview({ diff: true });
        assert.equal(preview.changeSummary.update, sharded ? 2 : 1);
        assert.equal(preview.changeSummary.create, sharded ? undefined : 1);
        if (sharded) assert.match(preview.stdout, /\+\s*customers\s*:/);
        assert.match(preview.stdout, /retention\.ms.*"1000" => "86400000"/);

        await stack.up();
        assert.deepEqual(await overrides('orders.placed'), { 'retention.ms': '86400000' });
        assert.deepEqual(await describeTopic(admin, 'customers'), {
          name: 'customers',
          partitions: 2,
          replicationFactor: 1,
          overrides: { 'cleanup.policy': 'compact' },
        });
      });

      it('adopts an existing topic that matches the catalog, saying so in preview', async () => {
        await createTopicsAndWait(admin, {
          topics: [
            {
              topic: 'invoices',
              numPartitions: 2,
              replicationFactor: 1,
              configEntries: [
                { name: 'retention.ms', value: '3600000' },
                { name: 'segment.ms', value: '600000' },
              ],
            },
          ],
        });
        await configure([
          { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
          base[1]!,
          base[2]!,
          { name: 'invoices', partitions: 2, config: { 'retention.ms': '3600000' } },
        ]);
        const preview = await stack.preview();
        assert.match(
          preview.stdout,
          /topic "invoices" already exists on the cluster with the catalog's settings: adopting it/,
        );
        await stack.up();
        const outputs = await stack.exportText();
        assert.match(outputs, sharded ? /"adopted": ?\[\s*"invoices"\s*\]/ : /"adopted": ?true/);
        assert.deepEqual(await overrides('invoices'), { 'retention.ms': '3600000', 'segment.ms': '600000' });
      });

      it('refuses to adopt an existing topic that differs, in preview, touching nothing', async () => {
        await createTopicsAndWait(admin, {
          topics: [{ topic: 'refunds', numPartitions: 1, replicationFactor: 1 }],
        });
        await configure([
          { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
          base[1]!,
          base[2]!,
          { name: 'invoices', partitions: 2, config: { 'retention.ms': '3600000' } },
          { name: 'refunds', partitions: 3 },
        ]);
        const failure = await stack.preview().then(
          () => assert.fail('preview should fail'),
          (err: EngineError) => err,
        );
        assert.match(
          failure.output,
          /topic "refunds" already exists with different settings: partitions 1 \(catalog: 3\)/,
        );
        assert.equal((await describeTopic(admin, 'refunds'))?.partitions, 1);
      });

      const current: TopicSpec[] = [
        { ...base[0]!, partitions: 6, config: { 'retention.ms': '86400000' } },
        base[1]!,
        base[2]!,
        { name: 'invoices', partitions: 2, config: { 'retention.ms': '3600000' } },
      ];

      it('keeps the topic and its messages through a forced replacement when deletion is not allowed', async () => {
        await configure(current);
        await produce(kafka, 'orders.placed', 5);
        await stack.up({ replace: [topicUrn('orders.placed')] });
        assert.equal(await messageCount(admin, 'orders.placed'), 5);
        assert.match(
          await stack.exportText(),
          sharded ? /dynamic\/kafka:TopicShard::local-topics-\d\d/ : /dynamic\/kafka:Topic::orders\.placed/,
        );
      });

      it('keeps the topic through a forced replacement also when deletion is allowed', async () => {
        // Deletion is allowed by an `up` of its own: each resource records it (retainOnDelete: false).
        await configure(current, { 'kafka:allowTopicDeletion': true });
        await stack.up();
        const up = await stack.up({ replace: [topicUrn('orders.placed')] });
        assert.match(
          up.output,
          /topic "orders.placed" kept on the cluster: it is still in this stack's catalog/,
        );
        if (sharded) assert.doesNotMatch(up.output, /topic "[^"]+" deleted/);
        assert.equal((await describeTopic(admin, 'orders.placed'))?.partitions, 6);
        assert.equal(await messageCount(admin, 'orders.placed'), 5, 'no message lost');
        assert.deepEqual(Object.keys((await stack.preview()).changeSummary), ['same']);
      });

      it('deletes a removed topic only where the state already allowed it, and says so in preview', async () => {
        // Removing a topic in the same run that allows deletion: the state still says "retain".
        await configure(
          current.filter((t) => t.name !== 'orders.paid'),
          { 'kafka:allowTopicDeletion': false },
        );
        await stack.up();
        await configure(
          current.filter((t) => t.name !== 'orders.paid' && t.name !== 'customers'),
          { 'kafka:allowTopicDeletion': true },
        );
        const preview = await stack.preview({ diff: sharded });
        // Sharded: the shard's diff names the topic leaving it; the shard's state decides deletion.
        assert.match(preview.stdout, sharded ? /-\s*customers\s*:/ : /Topic customers delete ?\[retain\]/);
        await stack.up();
        assert.ok(await describeTopic(admin, 'orders.paid'), 'orders.paid kept on the cluster');
        assert.ok(await describeTopic(admin, 'customers'), 'customers kept on the cluster');
        assert.doesNotMatch(
          await stack.exportText(),
          sharded ? /"(orders\.paid|customers)": ?\{/ : /Topic::(orders\.paid|customers)"/,
        );

        // Allowed in state first, then removed: deleted.
        await configure(
          current.filter((t) => t.name !== 'orders.paid' && t.name !== 'customers'),
          { 'kafka:allowTopicDeletion': true },
        );
        await stack.up();
        await configure(
          current.filter((t) => t.name === 'orders.placed'),
          { 'kafka:allowTopicDeletion': true },
        );
        await stack.up();
        assert.equal(await describeTopic(admin, 'invoices'), undefined, 'invoices deleted from the cluster');
      });

      it('refuses to destroy protected topics, touching nothing', async () => {
        await configure(
          current.filter((t) => t.name === 'orders.placed'),
          { 'kafka:protect': true },
        );
        await stack.up();
        const failure = await stack.destroy().then(
          () => assert.fail('destroy should fail'),
          (err: EngineError) => err.output,
        );
        assert.match(failure, /protected/);
        assert.ok(await describeTopic(admin, 'orders.placed'));
      });

      it('destroys without deleting topics when deletion is not allowed', async () => {
        await configure(
          current.filter((t) => t.name === 'orders.placed'),
          { 'kafka:protect': false, 'kafka:allowTopicDeletion': false },
        );
        await stack.up();
        await stack.destroy();
        assert.ok(await describeTopic(admin, 'orders.placed'), 'kept on the cluster');
      });

      it('says which brokers it cannot reach, instead of "undefined"', async () => {
        const [port] = await freePorts(1);
        await configure(base, {
          'kafka:local': {
            bootstrapServers: `127.0.0.1:${port}`,
            defaultReplicationFactor: 1,
            connectTimeoutMs: 1000,
          },
        });
        const failure = await stack.up().then(
          () => assert.fail('up should fail'),
          (err: EngineError) => err.output,
        );
        assert.match(failure, new RegExp(`cannot reach Kafka brokers 127\\.0\\.0\\.1:${port}`));
        assert.doesNotMatch(failure, /error: undefined/);
      });
    },
  );
}

async function produce(kafka: RunningKafka, topic: string, count: number): Promise<void> {
  const producer = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ value: `m${i}` })) });
  } finally {
    await producer.disconnect();
  }
}

/** Messages kept in a topic: the sum over partitions of (end offset - start offset). */
async function messageCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

async function waitUntilGone(admin: Admin, name: string): Promise<void> {
  for (let i = 0; i < 100 && (await admin.listTopics()).includes(name); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}
