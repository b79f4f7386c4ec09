import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { stringify } from 'yaml';
import { describeTopic } from '../../kafka/admin/topicOps';
import { observerAdmin } from '../harness/clients';
import { E2eStack, Engine, pulumiBinDir, startEngine } from '../harness/engine';
import { makeTempDir, REPO_ROOT, RunningKafka, startKafka } from '../harness/kafka';

/**
 * The scripts the workflows run (scripts/ci/), run here with the real Pulumi CLI and a file state
 * backend, as a self-managed backend would be used: logging in and selecting a stack with
 * Confluent keys set as secrets, and the nightly drift check of a real stack on a real broker
 * (pulumi preview --refresh --expect-no-changes, and topics:diff). What only GitHub can run (the
 * workflows themselves, their PR comments and issues) is not here: see docs/ci.md.
 */
describe('CI scripts with the real Pulumi CLI', { timeout: 900_000 }, () => {
  let engine: Engine;
  let env: NodeJS.ProcessEnv;
  let outputDir: string;

  /** Runs a script as a workflow step does; returns its exit, output and GITHUB_OUTPUT lines. */
  const step = (script: string, args: string[], cwd: string, extra: Record<string, string> = {}) => {
    const githubOutput = path.join(outputDir, `output-${Math.random().toString(16).slice(2)}`);
    writeFileSync(githubOutput, '');
    const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'ci', script), ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...env, GITHUB_OUTPUT: githubOutput, ...extra },
    });
    const outputs = Object.fromEntries(
      readFileSync(githubOutput, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { code: r.status, out: r.stdout + r.stderr, outputs };
  };

  before(async () => {
    engine = await startEngine();
    outputDir = await makeTempDir('e2e-ci-output-');
    env = { ...process.env, ...engine.env, PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}` };
  });

  after(async () => {
    await engine?.close();
  });

  it('pulumi-stack.sh: logs in to the configured backend, selects the stack, sets Confluent keys as secrets', async () => {
    const project = await makeTempDir('e2e-ci-project-');
    writeFileSync(path.join(project, 'Pulumi.yaml'), 'name: ci-scripts\nruntime: nodejs\n');
    const init = spawnSync('pulumi', ['stack', 'init', 'confluent-dev', '--non-interactive'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    assert.equal(init.status, 0, init.stderr);

    const key = 'CCLOUDKEY0123456';
    const secret = 'cflt-secret-value-9f8e7d6c5b4a';
    const ok = step('pulumi-stack.sh', ['confluent-dev', 'confluent'], project, {
      CONFLUENT_CLOUD_API_KEY: key,
      CONFLUENT_CLOUD_API_SECRET: secret,
    });
    assert.equal(ok.code, 0, ok.out);
    assert.deepEqual(ok.outputs, { name: 'confluent-dev' });
    assert.ok(!ok.out.includes(secret), 'the secret is not printed');
    const file = readFileSync(path.join(project, 'Pulumi.confluent-dev.yaml'), 'utf8');
    assert.match(file, /confluentcloud:cloudApiKey:\n\s+secure: /);
    assert.match(file, /confluentcloud:cloudApiSecret:\n\s+secure: /);
    assert.ok(!file.includes(secret) && !file.includes(key), 'stored encrypted');
    const get = spawnSync('pulumi', ['config', 'get', 'confluentcloud:cloudApiSecret'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    assert.equal(get.stdout.trim(), secret);

    const missing = step('pulumi-stack.sh', ['confluent-dev', 'confluent'], project);
    assert.equal(missing.code, 1);
    assert.match(
      missing.out,
      /Stack confluent-dev runs on Confluent Cloud: set the CONFLUENT_CLOUD_API_KEY secret of its environment/,
    );

    const noBackend = step('pulumi-stack.sh', ['confluent-dev', 'msk'], project, {
      PULUMI_BACKEND_URL: '',
      PULUMI_ACCESS_TOKEN: '',
    });
    assert.equal(noBackend.code, 1);
    assert.match(
      noBackend.out,
      /No Pulumi state backend: set the PULUMI_ACCESS_TOKEN secret \(Pulumi Cloud\) or the PULUMI_BACKEND_URL variable/,
    );
  });

  describe('drift-check.sh on a local stack', () => {
    let kafka: RunningKafka;
    let admin: Admin;
    let stack: E2eStack;
    let report: string;
    let stopped = false;

    before(async () => {
      kafka = await startKafka();
      admin = await observerAdmin(kafka);
      const dir = await makeTempDir('e2e-drift-');
      report = path.join(dir, 'drift.md');
      const catalog = path.join(dir, 'catalog.yaml');
      writeFileSync(
        catalog,
        stringify({
          topics: [
            { name: 'orders', partitions: 2, replicationFactor: 1, config: { 'retention.ms': '86400000' } },
          ],
          services: [{ name: 'orders', namespace: 'shop', produces: ['orders'], consumes: [] }],
        }),
      );
      stack = await engine.newStack('drift');
      await stack.configure({
        'kafka:provider': 'local',
        'kafka:catalog': catalog,
        'kafka:local': {
          bootstrapServers: kafka.bootstrap,
          defaultReplicationFactor: 1,
          connectTimeoutMs: 3000,
        },
        'kafka:kubernetes': { enabled: false },
      });
      await stack.up();
    });

    after(async () => {
      await admin?.disconnect();
      if (!stopped) await kafka?.stop();
    });

    it('reports a stack that matches the cluster as clean', () => {
      const r = step('drift-check.sh', [stack.name, report], REPO_ROOT, {
        TOPICS_DIFF_BROKERS: kafka.bootstrap,
      });
      assert.equal(r.code, 0, r.out);
      assert.deepEqual(r.outputs, { status: 'clean' });
      const text = readFileSync(report, 'utf8');
      assert.match(text, new RegExp(`^No drift on stack \`${stack.name}\``));
      assert.match(text, /#### `npm run topics:diff` against .* \(exit 0\)/);
    });

    it('finds a topic changed by hand, in the refreshed preview and in topics:diff', async () => {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: 'orders',
            configEntries: [{ name: 'retention.ms', value: '3600000' }],
          },
        ],
      });
      // KRaft applies the change asynchronously: wait until the broker serves it.
      for (
        let i = 0;
        i < 50 && (await describeTopic(admin, 'orders'))?.overrides['retention.ms'] !== '3600000';
        i++
      ) {
        await new Promise((r) => setTimeout(r, 200));
      }
      const r = step('drift-check.sh', [stack.name, report], REPO_ROOT, {
        TOPICS_DIFF_BROKERS: kafka.bootstrap,
      });
      assert.equal(r.code, 0, r.out);
      assert.deepEqual(r.outputs, { status: 'drift' });
      const text = readFileSync(report, 'utf8');
      assert.match(text, new RegExp(`^\\*\\*Drift on stack \`${stack.name}\`\\*\\*`));
      assert.match(text, /pulumi-nodejs:dynamic\/kafka:Topic/);
      assert.match(text, /retention\.ms/);
      assert.match(text, /#### `npm run topics:diff` against .* \(exit 1\)/);
      // Only the report tells; the state still holds what the last `up` made.
      const preview = await stack.preview();
      assert.deepEqual(Object.keys(preview.changeSummary), ['same']);
    });

    it('says the check failed (not drift) when the cluster cannot be reached, and skips topics:diff without brokers', async () => {
      await admin.disconnect();
      await kafka.stop();
      stopped = true;
      const r = step('drift-check.sh', [stack.name, report], REPO_ROOT);
      assert.equal(r.code, 0, r.out);
      assert.deepEqual(r.outputs, { status: 'failed' });
      const text = readFileSync(report, 'utf8');
      assert.match(text, /^\*\*The drift check of stack `.*` failed\*\*/);
      assert.match(text, /Topics on the cluster were not compared/);
    });
  });
});
