import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin } from 'kafkajs';
import { stringify } from 'yaml';
import { describeTopic } from '../../kafka/admin/topicOps';
import { observerAdmin } from '../harness/clients';
import { E2eStack, Engine, EngineError, startEngine } from '../harness/engine';
import { makeTempDir, RunningKafka, startKafka } from '../harness/kafka';

/**
 * Two stacks on one cluster. Topic resources are identified by name; before the ownership
 * registry, the second stack silently adopted the first one's topics and the first `destroy`
 * deleted topics the other still managed.
 */
describe('two stacks on one cluster under the real Pulumi engine', { timeout: 600_000 }, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let engine: Engine;
  let first: E2eStack;
  let second: E2eStack;
  let catalogFile: string;

  const configure = (stack: E2eStack, settings: Record<string, unknown> = {}) =>
    stack.configure({
      'kafka:provider': 'local',
      'kafka:catalog': catalogFile,
      'kafka:local': { bootstrapServers: kafka.bootstrap, defaultReplicationFactor: 1 },
      'kafka:kubernetes': { enabled: false },
      'kafka:allowTopicDeletion': true,
      ...settings,
    });

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka);
    engine = await startEngine();
    catalogFile = path.join(await makeTempDir('e2e-two-'), 'catalog.yaml');
    writeFileSync(
      catalogFile,
      stringify({
        topics: [{ name: 'shared.events', partitions: 2 }],
        services: [{ name: 'events', namespace: 'shop', produces: ['shared.events'], consumes: [] }],
      }),
    );
    first = await engine.newStack('first');
    second = await engine.newStack('second');
  });

  after(async () => {
    await engine?.close();
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('refuses, in preview, to adopt a topic another stack manages, naming that stack', async () => {
    await configure(first);
    await first.up();
    await configure(second);
    const failure = await second.preview().then(
      () => assert.fail('preview should fail'),
      (err: EngineError) => err.output,
    );
    assert.match(
      failure,
      new RegExp(
        `topic "shared.events" is already managed by stack organization/kafka-platform/${first.name}`,
      ),
    );
    assert.match(failure, /kafka:topicAdoption to "shared"/);
  });

  it('adopts it when the second stack opts in to sharing, and says with whom', async () => {
    await configure(second, { 'kafka:topicAdoption': 'shared' });
    const up = await second.up();
    assert.match(
      up.output,
      new RegExp(`adopting it, shared with stack organization/kafka-platform/${first.name}`),
    );
  });

  it('destroying one stack keeps the topics the other still manages', async () => {
    const destroy = await first.destroy();
    assert.match(destroy.output, new RegExp(`still manages it|kept on the cluster`));
    assert.ok(await describeTopic(admin, 'shared.events'), 'still on the cluster');
  });

  it('the last stack to let go deletes the topic (deletion allowed)', async () => {
    await second.destroy();
    assert.equal(await describeTopic(admin, 'shared.events'), undefined);
  });
});
