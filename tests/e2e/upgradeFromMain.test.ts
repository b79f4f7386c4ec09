import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { stringify } from 'yaml';
import { describeTopic } from '../../kafka/admin/topicOps';
import { observerAdmin } from '../harness/clients';
import { E2eStack, Engine, startEngine } from '../harness/engine';
import { makeTempDir, REPO_ROOT, RunningKafka, startKafka } from '../harness/kafka';

/**
 * The program as main had it before every stack got its KafkaBackend and shared Topics component
 * (issue 23): stacks made by it must upgrade with nothing replaced or deleted.
 */
const BASELINE = 'e137265';

/** The baseline program in a temp directory (git archive), running on this checkout's node_modules. */
function baselineProgram(dir: string): void {
  const found = spawnSync('git', ['cat-file', '-e', `${BASELINE}^{commit}`], { cwd: REPO_ROOT });
  if (found.status !== 0) {
    throw new Error(
      `the upgrade test needs commit ${BASELINE} (main before issue 23) in this clone; ` +
        'fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)',
    );
  }
  const archive = execFileSync('git', ['archive', '--format=tar', BASELINE], {
    cwd: REPO_ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
}

/** Resource URNs and ids of a stack, from `pulumi stack export`. */
function resourcesOf(exported: string): { urn: string; type: string; id?: string }[] {
  return (JSON.parse(exported).deployment.resources as { urn: string; type: string; id?: string }[]).map(
    ({ urn, type, id }) => ({ urn, type, ...(id ? { id } : {}) }),
  );
}

/**
 * `pulumi up` with today's code on a `local` stack made by the baseline: the real engine, a real
 * broker. The new parent components come in by aliases: no replace, no delete, and the topics
 * (and the records in them) are the ones the baseline created.
 */
describe('upgrade of a stack made by main before issue 23 (real engine)', { timeout: 900_000 }, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let engine: Engine;
  let old: E2eStack;
  let current: E2eStack;
  let baselineDir: string;
  const topics = [
    { name: 'orders.placed', partitions: 3, config: { 'retention.ms': '604800000' } },
    { name: 'orders.paid', partitions: 1, config: { 'cleanup.policy': 'delete' } },
  ];

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka);
    engine = await startEngine();
    baselineDir = await makeTempDir('e2e-upgrade-baseline-');
    baselineProgram(baselineDir);
    const dir = await makeTempDir('e2e-upgrade-');
    const catalogFile = path.join(dir, 'catalog.yaml');
    writeFileSync(
      catalogFile,
      stringify({
        topics,
        services: [
          {
            name: 'orders',
            namespace: 'shop',
            produces: ['orders.placed'],
            consumes: [{ topic: 'orders.paid', group: 'orders' }],
          },
        ],
      }),
    );
    old = await engine.newStack('upgrade', baselineDir);
    await old.configure({
      'kafka:provider': 'local',
      'kafka:catalog': catalogFile,
      'kafka:local': {
        bootstrapServers: kafka.bootstrap,
        defaultReplicationFactor: 1,
        connectTimeoutMs: 3000,
      },
      'kafka:kubernetes': { enabled: false },
    });
  });

  after(async () => {
    await engine?.close();
    await admin?.disconnect();
    await kafka?.stop();
    // `up` of a stack without Kubernetes writes its env files under rendered/<stack>/.
    if (old)
      for (const dir of [REPO_ROOT, baselineDir])
        rmSync(path.join(dir, 'rendered', old.name), { recursive: true, force: true });
  });

  let before_: { urn: string; type: string; id?: string }[] = [];
  /** What the engine's change summary counts: resources, not the provider instances. */
  const counted = () => before_.filter((r) => !r.type.startsWith('pulumi:providers:')).length;

  it('the baseline program creates the stack, and a record goes into a topic', async () => {
    const up = await old.up();
    assert.equal(up.summary.result, 'succeeded');
    before_ = resourcesOf(await old.exportText());
    assert.ok(
      before_.some((r) =>
        r.urn.endsWith('::kafka-platform:local:Kafka$pulumi-nodejs:dynamic/kafka:Topic::orders.placed'),
      ),
      'the baseline has its topics under the root-level local:Kafka component',
    );
    const producer = new Kafka({
      clientId: 'upgrade',
      brokers: [kafka.bootstrap],
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await producer.send({ topic: 'orders.placed', messages: [{ key: 'k', value: 'before the upgrade' }] });
    await producer.disconnect();
  });

  it("today's program previews the stack with nothing replaced or deleted", async () => {
    current = await engine.openStack(old, REPO_ROOT);
    const preview = await current.preview({ diff: true });
    // Only the new KafkaBackend component is new; everything else is the same resource, moved by alias.
    assert.deepEqual(preview.changeSummary, { same: counted(), create: 1 }, preview.stdout);
  });

  it("today's program updates the stack with nothing replaced or deleted, topics and records intact", async () => {
    const up = await current.up();
    assert.equal(up.summary.result, 'succeeded');
    assert.deepEqual(up.summary.resourceChanges, { same: counted(), create: 1 }, up.stdout);
    const now = resourcesOf(await current.exportText());
    // Every resource of the baseline is still there, with the same id, under its new parent.
    for (const r of before_.filter((r) => r.id)) {
      assert.ok(
        now.some((n) => n.type === r.type && n.id === r.id),
        `${r.urn} (${r.id}) is still in the state`,
      );
    }
    assert.ok(
      now.some((r) =>
        r.urn.endsWith(
          '::kafka-platform:kafka:Backend$kafka-platform:kafka:Topics$pulumi-nodejs:dynamic/kafka:Topic::orders.placed',
        ),
      ),
      'the topic sits under KafkaBackend > Topics now',
    );
    assert.equal((await describeTopic(admin, 'orders.placed'))?.partitions, 3);
    assert.equal((await describeTopic(admin, 'orders.paid'))?.partitions, 1);
    // A recreated topic would be empty: the record written before the upgrade is still there.
    const [offsets] = await admin
      .fetchTopicOffsets('orders.placed')
      .then((p) => [p.reduce((n, o) => n + Number(o.high), 0)]);
    assert.equal(offsets, 1);
  });

  it("a second preview with today's program changes nothing", async () => {
    const preview = await current.preview();
    assert.deepEqual(Object.keys(preview.changeSummary), ['same']);
  });
});
