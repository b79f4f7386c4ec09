import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { connectionHash, connectionHashOf } from '../../../k8s/connectionHash';

const SALT = 'a'.repeat(64);
const env = {
  KAFKA_BROKER_URL: 'b-1.example:9096,b-2.example:9096',
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_CLIENT_ID: 'backend-api',
  KAFKA_PRODUCES: 'ml.jobs.requested',
  KAFKA_SASL_USERNAME: 'backend-api',
  KAFKA_SASL_PASSWORD: 'hunter2-rotated-never',
};

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

describe('connection hash: changes when and only when what the pods read changes', () => {
  it('is a 64-hex-digit HMAC-SHA256, stable for equal values in any key order', () => {
    const hash = connectionHash(env, SALT);
    assert.match(hash, /^[0-9a-f]{64}$/);
    const reversed = Object.fromEntries(Object.entries(env).reverse());
    assert.equal(connectionHash(reversed, SALT), hash);
    assert.equal(connectionHash({ ...env }, SALT), hash);
  });

  const changes: [string, Record<string, string>][] = [
    ['a rotated password', { ...env, KAFKA_SASL_PASSWORD: 'hunter3' }],
    ['a new user name', { ...env, KAFKA_SASL_USERNAME: 'backend-api-v2' }],
    ['a new broker list', { ...env, KAFKA_BROKER_URL: 'b-1.example:9096,b-3.example:9096' }],
    ['another security protocol', { ...env, KAFKA_SECURITY_PROTOCOL: 'SSL' }],
    ['a topic the service now produces to', { ...env, KAFKA_PRODUCES: 'ml.jobs.requested,audit' }],
    ['a variable added', { ...env, AWS_REGION: 'eu-west-1' }],
    [
      'a variable removed',
      Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'KAFKA_SASL_MECHANISM')),
    ],
    [
      'a value moved to another key',
      { ...env, KAFKA_SASL_USERNAME: env.KAFKA_SASL_PASSWORD, KAFKA_SASL_PASSWORD: env.KAFKA_SASL_USERNAME },
    ],
  ];
  for (const [what, changed] of changes) {
    it(`changes on ${what}`, () => assert.notEqual(connectionHash(changed, SALT), connectionHash(env, SALT)));
  }

  it('does not let values run into each other (no ambiguous concatenation)', () => {
    assert.notEqual(connectionHash({ A: 'x,y', B: '' }, SALT), connectionHash({ A: 'x', B: 'y' }, SALT));
  });

  it('depends on the stack key, so equal settings on two stacks do not reveal they are equal', () => {
    assert.notEqual(connectionHash(env, SALT), connectionHash(env, 'b'.repeat(64)));
  });

  it('refuses a short key', () => {
    assert.throws(() => connectionHash(env, 'short'), /salt must be at least 32 characters/);
  });
});

describe('connection hash as an Output', () => {
  it('is computed from secret inputs, is itself not secret, and equals the pure hash', async () => {
    const output = connectionHashOf(
      {
        config: {
          KAFKA_BROKER_URL: env.KAFKA_BROKER_URL,
          KAFKA_SECURITY_PROTOCOL: pulumi.output('SASL_SSL'),
        },
        secret: { KAFKA_SASL_PASSWORD: pulumi.secret(env.KAFKA_SASL_PASSWORD) },
      },
      pulumi.secret(SALT),
    );
    assert.equal(await pulumi.isSecret(output), false);
    const value = await valueOf(output);
    assert.equal(
      value,
      connectionHash(
        {
          KAFKA_BROKER_URL: env.KAFKA_BROKER_URL,
          KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
          KAFKA_SASL_PASSWORD: env.KAFKA_SASL_PASSWORD,
        },
        SALT,
      ),
    );
    assert.ok(!value.includes(env.KAFKA_SASL_PASSWORD));
  });
});
