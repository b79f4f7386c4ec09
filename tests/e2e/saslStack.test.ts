import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin } from 'kafkajs';
import { stringify } from 'yaml';
import { describeTopic } from '../../kafka/admin/topicOps';
import { observerAdmin } from '../harness/clients';
import { E2eStack, Engine, EngineError, startEngine } from '../harness/engine';
import { makeTempDir, RunningKafka, startKafka } from '../harness/kafka';

/**
 * The `local` stack over SASL_SSL with SCRAM-SHA-512 and ACLs on, under the real engine. Before
 * the fix, kafkajs added a function to the connection object it was handed, the provider returned
 * that object as its outputs, and the engine could not serialise them: every `up` failed with
 * "Unexpected struct type." after changing the broker.
 */
describe('SASL_SSL/SCRAM local stack under the real Pulumi engine', { timeout: 600_000 }, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let engine: Engine;
  let stack: E2eStack;
  let dir: string;

  const configure = async (caFile: string, extraTopics: { name: string; partitions: number }[] = []) => {
    const catalogFile = path.join(dir, 'catalog.yaml');
    writeFileSync(
      catalogFile,
      stringify({
        topics: [
          { name: 'payments', partitions: 2, config: { 'retention.ms': '86400000' } },
          { name: 'payments.dlq', partitions: 1 },
          ...extraTopics,
        ],
        services: [{ name: 'payments', namespace: 'shop', produces: ['payments'], consumes: [] }],
      }),
    );
    await stack.configure({
      'kafka:provider': 'local',
      'kafka:catalog': catalogFile,
      'kafka:local': {
        bootstrapServers: kafka.saslBootstrap,
        tls: true,
        caFile,
        sasl: { mechanism: 'scram-sha-512', username: kafka.admin.name },
        defaultReplicationFactor: 1,
        connectTimeoutMs: 5000,
      },
      'kafka:kubernetes': { enabled: false },
    });
  };

  before(async () => {
    kafka = await startKafka({ sasl: true });
    admin = await observerAdmin(kafka);
    engine = await startEngine();
    dir = await makeTempDir('e2e-sasl-');
    writeFileSync(path.join(dir, 'ca.pem'), kafka.caPem!);
    stack = await engine.newStack('sasl');
    await configure(path.join(dir, 'ca.pem'));
    await stack.setSecrets({ 'kafka:localSaslPassword': kafka.admin.password });
  });

  after(async () => {
    await engine?.close();
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('creates the topics and converges: the next preview shows no changes', async () => {
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    assert.doesNotMatch(up.output, /Unexpected struct type/);
    assert.deepEqual((await describeTopic(admin, 'payments'))?.overrides, { 'retention.ms': '86400000' });
    const preview = await stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary), ['same']);
  });

  it('keeps the password out of the state: not in `pulumi stack export`, not in the state files', async () => {
    const exported = await stack.exportText();
    assert.ok(!exported.includes(kafka.admin.password), 'password in pulumi stack export');
    for (const file of filesUnder(new URL(engine.env.PULUMI_BACKEND_URL!).pathname)) {
      assert.ok(!readFileSync(file, 'utf8').includes(kafka.admin.password), `password in ${file}`);
    }
  });

  it('rotating the password updates no topic, and the next refresh uses the new one', async () => {
    const rotated = 'rotated-secret-1';
    await kafka.addScramUser({ name: kafka.admin.name, password: rotated });
    kafka.admin.password = rotated;
    await stack.setSecrets({ 'kafka:localSaslPassword': rotated });
    // `up` hands the new config to the providers; refresh and destroy use what the last `up` had.
    const up = await stack.up();
    assert.deepEqual(Object.keys(up.summary.resourceChanges ?? {}), ['same']);
    const refresh = await stack.refresh();
    assert.deepEqual(Object.keys(refresh.summary), ['same']);
    // The runner's user name stays encrypted in the state, also after a refresh rewrote it.
    const { deployment } = JSON.parse(await stack.exportText()) as {
      deployment: { resources: { type: string; inputs: { sasl?: unknown }; outputs: { sasl?: unknown } }[] };
    };
    const topics = deployment.resources.filter((r) => r.type.endsWith('kafka:Topic'));
    assert.equal(topics.length, 2);
    for (const r of topics) {
      assert.ok(JSON.stringify(r.inputs.sasl).includes('ciphertext'), 'inputs.sasl encrypted');
      assert.ok(JSON.stringify(r.outputs.sasl).includes('ciphertext'), 'outputs.sasl encrypted');
    }
  });

  it('a refused password is reported with the user and the reason, never "undefined"', async () => {
    await stack.setSecrets({ 'kafka:localSaslPassword': 'not-the-password' });
    // A new topic makes the preview look at the cluster (is there one by that name already?).
    await configure(path.join(dir, 'ca.pem'), [{ name: 'payments.audit', partitions: 1 }]);
    const failure = await stack.preview().then(
      () => assert.fail('preview should fail'),
      (err: EngineError) => err.output,
    );
    assert.match(failure, /refused the credentials of user "admin"/);
    assert.doesNotMatch(failure, /error: undefined/);
    await stack.setSecrets({ 'kafka:localSaslPassword': kafka.admin.password });
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
