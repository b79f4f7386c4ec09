import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { credentialIn, isCredentialName } from '../../../policy/facts';
import { TYPES } from '../../../policy/resourceTypes';
import { Plan } from '../../../plan/plan';
import { planCommittedStack } from '../../harness/plan';
import { policyNamed, stackViolations, violations } from './policyHarness';

const facts = {
  stack: 'dev',
  config: { 'kafka:localSaslPassword': 'correct-horse-battery', 'kafka:provider': 'local' },
};
const configMaps = policyNamed(facts, 'no-credential-in-configmap');
const outputs = policyNamed(facts, 'no-credential-in-stack-outputs');

describe('policy: no credential in a ConfigMap or a stack output', () => {
  let plans: Plan[];
  before(async () => {
    // One at a time: the SDK's mock runtime is global to the process.
    plans = [];
    for (const stack of ['local', 'dev', 'prod']) plans.push(await planCommittedStack(stack));
  });

  it('credential names: passwords, secrets, tokens, keys and connection strings, not pointers or ids', () => {
    for (const name of [
      'KAFKA_SASL_PASSWORD',
      'cloudApiSecret',
      'apiKey',
      'AWS_SECRET_ACCESS_KEY',
      'connectionString',
      'sasl.jaas.config',
      'TOKEN',
      'privateKey',
      'credentials',
    ]) {
      assert.ok(isCredentialName(name), name);
    }
    for (const name of [
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_MECHANISM',
      'KAFKA_OAUTH_PROVIDER',
      'KAFKA_SASL_PASSWORD_FILE',
      'TOKEN_URL',
      'secretArn',
      'kmsKeyArn',
      'KAFKA_BROKER_URL',
      'scramSecrets',
      'AWS_ACCESS_KEY_ID',
    ]) {
      assert.ok(!isCredentialName(name), name);
    }
  });

  it('credential values: by shape, or holding a credential setting of the stack (named, never shown)', () => {
    assert.equal(credentialIn('-----BEGIN PRIVATE KEY-----\nMII...', facts), 'holds a private key');
    assert.equal(
      credentialIn(
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password="b";',
        facts,
      ),
      'holds a JAAS configuration with a password',
    );
    assert.equal(
      credentialIn('Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=abc=', facts),
      'holds a connection string with a key',
    );
    assert.equal(credentialIn('https://user:pw@registry.example.com', facts), 'holds a URL with a password');
    assert.equal(
      credentialIn('prefix-correct-horse-battery', facts),
      "holds the value of the stack's kafka:localSaslPassword",
    );
    assert.equal(credentialIn('local', facts), undefined, 'a plain setting is no credential');
    assert.equal(credentialIn('b-1.kafka.example:9098,b-2.kafka.example:9098', facts), undefined);
  });

  it('passes every ConfigMap and service env the committed stacks write', async () => {
    const cms = plans.flatMap((p) =>
      p.resources.filter((r) => r.type === TYPES.configMap || r.type === TYPES.deploymentPatch),
    );
    // Every committed stack that delivers to Kubernetes: a ConfigMap and a patch per service.
    assert.ok(cms.length >= 8);
    for (const r of cms)
      assert.deepEqual(await violations(configMaps, { type: r.type, props: r.inputs }, facts), [], r.name);
  });

  it('refuses a ConfigMap with a credential by name, by shape or by value, naming the key and never the value', async () => {
    const cm = (data: Record<string, string>) =>
      violations(configMaps, { type: TYPES.configMap, props: { data } }, facts);
    assert.deepEqual(await cm({ KAFKA_SASL_PASSWORD: 'x' }), [
      'data.KAFKA_SASL_PASSWORD is named like a credential',
    ]);
    assert.deepEqual(await cm({ KAFKA_CLIENT_PROPERTIES: 'x required username="a" password="p";' }), [
      'data.KAFKA_CLIENT_PROPERTIES holds a JAAS configuration with a password',
    ]);
    const leaked = await cm({ KAFKA_BROKER_AUTH: 'correct-horse-battery' });
    assert.deepEqual(leaked, [
      "data.KAFKA_BROKER_AUTH holds the value of the stack's kafka:localSaslPassword",
    ]);
    assert.ok(!leaked.join().includes('correct-horse-battery'));
    const patch = await violations(
      configMaps,
      {
        type: TYPES.configMapPatch,
        props: { binaryData: { 'client.key': Buffer.from('-----BEGIN PRIVATE KEY-----').toString() } },
      },
      facts,
    );
    assert.deepEqual(patch, ['binaryData.client.key holds a private key']);
  });

  it('refuses a credential as a literal container env value; a value from a Secret passes', async () => {
    const deployment = (env: unknown[]) => ({
      type: TYPES.deploymentPatch,
      props: { spec: { template: { spec: { containers: [{ name: 'api', env }] } } } },
    });
    assert.deepEqual(
      await violations(configMaps, deployment([{ name: 'KAFKA_SASL_PASSWORD', value: 'x' }]), facts),
      ['container api env KAFKA_SASL_PASSWORD is named like a credential'],
    );
    const fromSecret = [
      {
        name: 'KAFKA_SASL_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'api-kafka', key: 'KAFKA_SASL_PASSWORD' } },
      },
    ];
    assert.deepEqual(await violations(configMaps, deployment(fromSecret), facts), []);
  });

  it('stack outputs: the committed stacks output no credential; a credential output is refused, secret or not', async () => {
    for (const p of plans) {
      const stack = { type: TYPES.stack, props: p.outputs, name: `kafka-platform-${p.stack}` };
      assert.deepEqual(await stackViolations(outputs, [stack], { ...facts, stack: p.stack }), [], p.stack);
    }
    const bad = {
      type: TYPES.stack,
      props: {
        local: { saslPassword: '[secret]', bootstrap: 'a:9092' },
        url: 'kafka://u:correct-horse-battery@h',
      },
    };
    assert.deepEqual(await stackViolations(outputs, [bad], facts), [
      'output local.saslPassword is named like a credential',
      'output url holds a URL with a password',
    ]);
    // Other resources' properties are not outputs.
    assert.deepEqual(
      await stackViolations(outputs, [{ type: TYPES.configMap, props: { password: 'x' } }], facts),
      [],
    );
  });
});
