import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Stack } from '@pulumi/pulumi/automation';
import { Admin } from 'kafkajs';
import { parse } from 'yaml';
import { KafkaAcls } from '../../kafka/admin/kafkaAcls';
import { observerAdmin } from '../harness/clients';
import { E2eStack, Engine, hasKubernetesPlugin, startEngine } from '../harness/engine';
import { makeTempDir, REPO_ROOT, RunningKafka, startKafka } from '../harness/kafka';

const POLICY_PACK = path.join(REPO_ROOT, 'policy');
const quiet = { color: 'never' as const };

/** What a refused preview or update printed (its output and the CLI's error). */
async function refusal(run: (onOutput: (text: string) => void) => Promise<unknown>): Promise<string> {
  let output = '';
  try {
    await run((text) => (output += text));
  } catch (err) {
    return `${output}\n${(err as Error).message}`;
  }
  assert.fail('the policy pack let it through');
}

/**
 * The policy pack run by the real engine, as CI runs it (`pulumi preview|up --policy-pack
 * policy`): the engine starts the TypeScript pack through the Node.js language host (no plugin to
 * download), hands it every resource and the stack's config, and refuses the operation on a
 * mandatory violation. The committed `local` stack passes; a stack held to the production rules
 * and programs that leak a credential or grant every topic are refused before anything changes.
 */
describe('the policy pack under the real Pulumi engine', { timeout: 900_000 }, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let engine: Engine;
  let dir: string;
  let local: E2eStack;

  /** Pulumi.local.yaml as committed, on the test broker, with Kubernetes in render mode (no cluster here). */
  const committedLocalConfig = (stackName: string): Record<string, unknown> => {
    const config = (
      parse(readFileSync(path.join(REPO_ROOT, 'Pulumi.local.yaml'), 'utf8')) as {
        config: Record<string, unknown>;
      }
    ).config;
    return {
      ...config,
      'kafka:local': { ...(config['kafka:local'] as object), bootstrapServers: kafka.bootstrap },
      'kafka:kubernetes': { mode: 'render', renderSecretsDirectory: `rendered/${stackName}-secrets` },
    };
  };
  const topics = async () => (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();

  before(async () => {
    assert.ok(
      hasKubernetesPlugin(),
      'the Kubernetes provider plugin is missing: bash scripts/pulumi-engine.sh',
    );
    kafka = await startKafka();
    admin = await observerAdmin(kafka);
    engine = await startEngine();
    dir = await makeTempDir('e2e-policy-');
    local = await engine.newStack('policy');
  });

  after(async () => {
    await engine?.close();
    if (local) {
      for (const d of [local.name, `${local.name}-secrets`])
        rmSync(path.join(REPO_ROOT, 'rendered', d), { recursive: true, force: true });
    }
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('a stack held to the production rules is refused: no topic unprotected or with one replica reaches the cluster', async () => {
    // The committed local settings, checked as production (productionStacks from the pack config,
    // as a team sets it): its topics are neither protected nor replicated three times.
    await local.configure(committedLocalConfig(local.name));
    const packConfig = path.join(dir, 'production.json');
    const production = { productionStacks: [local.name] };
    writeFileSync(
      packConfig,
      JSON.stringify({
        'protect-production-clusters-and-topics': production,
        'production-replication-factor': production,
        'no-public-network-in-production': production,
      }),
    );
    const opts = { ...quiet, policyPacks: [POLICY_PACK], policyPackConfigs: [packConfig] };

    const preview = await refusal((onOutput) => local.stack.preview({ ...opts, onOutput }));
    assert.match(preview, /kafka-platform-guardrails@v1\.0\.0/);
    for (const topic of ['ml.jobs.requested', 'ml.jobs.completed', 'ml.jobs.failed']) {
      assert.match(
        preview,
        new RegExp(
          `\\[mandatory\\] {2}protect-production-clusters-and-topics {2}\\(pulumi-nodejs:dynamic/kafka:Topic: ${topic.replace(/\./g, '\\.')}\\)`,
        ),
      );
    }
    assert.match(
      preview,
      new RegExp(
        `this topic of production stack "${local.name}" is not protected: set kafka:protect to true`,
      ),
    );
    assert.match(
      preview,
      new RegExp(`replicationFactor is 1 in production stack "${local.name}" \\(allowed: 3 or more\\)`),
    );

    // `pulumi up` (what deploy.yml runs) stops before creating anything.
    const up = await refusal((onOutput) => local.stack.up({ ...opts, onOutput }));
    assert.match(up, /production-replication-factor/);
    assert.deepEqual(await topics(), [], 'nothing was created on the cluster');
  });

  it('the committed local stack passes: preview and up with the pack, topics created', async () => {
    await local.configure(committedLocalConfig(local.name));
    const preview = await local.stack.preview({ ...quiet, policyPacks: [POLICY_PACK] });
    assert.equal(preview.changeSummary.create! > 0, true);
    assert.match(preview.stdout, /kafka-platform-guardrails@v1\.0\.0/);
    assert.doesNotMatch(preview.stdout, /\[mandatory\]/);
    const up = await local.stack.up({ ...quiet, policyPacks: [POLICY_PACK] });
    assert.equal(up.summary.result, 'succeeded');
    assert.deepEqual(await topics(), [
      '_kafka-platform-owners',
      'ml.jobs.completed',
      'ml.jobs.failed',
      'ml.jobs.requested',
    ]);
  });

  describe('a program that leaks a credential or grants every topic', () => {
    let stack: Stack;
    let mode: 'leaky' | 'tidy' = 'leaky';
    const password = 'pw-4f9c2e7b1d';

    before(async () => {
      const renderDir = await makeTempDir('e2e-policy-render-');
      stack = await engine.newInlineStack('policy-inline', async () => {
        const saslPassword = new pulumi.Config('kafka').requireSecret('localSaslPassword');
        const provider = new k8s.Provider('render', { renderYamlToDirectory: renderDir });
        // The ACL resource MSK's SCRAM mode registers (its preview connects to no broker).
        new KafkaAcls('orders', {
          principal: 'User:orders',
          bindings:
            mode === 'leaky'
              ? [{ resourceType: 'TOPIC', resourceName: '*', operation: 'READ' }]
              : [{ resourceType: 'TOPIC', resourceName: 'orders', operation: 'READ' }],
          connection: pulumi.secret({ brokers: [kafka.bootstrap], tls: false, connectTimeoutMs: 3000 }),
        });
        new k8s.core.v1.ConfigMap(
          'orders-kafka',
          {
            metadata: { name: 'orders-kafka', namespace: 'shop' },
            data: mode === 'leaky' ? { KAFKA_BROKER_AUTH: saslPassword } : { KAFKA_BROKER_URL: 'kafka:9092' },
          },
          { provider },
        );
        if (mode === 'tidy') {
          new k8s.core.v1.Secret(
            'orders-kafka',
            {
              metadata: { name: 'orders-kafka', namespace: 'shop' },
              stringData: { KAFKA_SASL_PASSWORD: saslPassword },
            },
            { provider },
          );
        }
        return mode === 'leaky'
          ? { brokerUrl: pulumi.interpolate`kafka://orders:${saslPassword}@kafka:9092` }
          : { brokerUrl: 'kafka:9092' };
      });
      await stack.setConfig('kafka:localSaslPassword', { value: password, secret: true });
    });

    it('is refused, each violation named, the credential never printed', async () => {
      mode = 'leaky';
      const out = await refusal((onOutput) =>
        stack.preview({ ...quiet, onOutput, policyPacks: [POLICY_PACK] }),
      );
      assert.match(
        out,
        /\[mandatory\] {2}no-wildcard-topic-grants {2}\(pulumi-nodejs:dynamic\/kafka:Acls: orders\)/,
      );
      assert.match(out, /User:orders gets READ on topics "\*" \(LITERAL\): grant literal topic names only/);
      assert.match(
        out,
        /\[mandatory\] {2}no-credential-in-configmap {2}\(kubernetes:core\/v1:ConfigMap: orders-kafka\)/,
      );
      assert.match(out, /data\.KAFKA_BROKER_AUTH holds the value of the stack's kafka:localSaslPassword/);
      assert.match(out, /\[mandatory\] {2}no-credential-in-stack-outputs/);
      assert.match(out, /output brokerUrl holds a URL with a password/);
      assert.ok(!out.includes(password), 'the password is not in the output');
    });

    it('passes once the grant names its topic and the credential is in a Secret', async () => {
      mode = 'tidy';
      const preview = await stack.preview({ ...quiet, policyPacks: [POLICY_PACK] });
      assert.doesNotMatch(preview.stdout, /\[mandatory\]/);
      assert.ok(!preview.stdout.includes(password));
    });
  });
});
