import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLevel, type KafkaConfig, type OauthbearerProviderResponse } from 'kafkajs';
import { groupFor, kafkaConfigFromEnv, parseKafkaEnv } from '../../../client/config';
import { cachedToken, OAuthToken } from '../../../client/tokens';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

async function bearer(sasl: KafkaConfig['sasl']): Promise<string> {
  assert.equal(sasl?.mechanism, 'oauthbearer');
  const provider = (sasl as { oauthBearerProvider: () => Promise<OauthbearerProviderResponse> })
    .oauthBearerProvider;
  return (await provider()).value;
}

describe('kafkaConfigFromEnv: one config per target the platform writes', () => {
  it('local PLAINTEXT: brokers, client id, no TLS, no SASL', () => {
    const config = kafkaConfigFromEnv({
      KAFKA_BROKER_URL: 'localhost:19092, localhost:19093',
      KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
      KAFKA_CLIENT_ID: 'ml-service',
    });
    const { logCreator, logLevel: level, ...rest } = config;
    assert.deepEqual(rest, {
      clientId: 'ml-service',
      brokers: ['localhost:19092', 'localhost:19093'],
      ssl: false,
    });
    assert.equal(level, logLevel.WARN, 'quiet by default');
    assert.equal(typeof logCreator, 'function', 'structured lines, transient broker states demoted');
  });

  it('defaults to PLAINTEXT and ignores empty variables (Kubernetes writes "" for unset keys)', () => {
    const config = kafkaConfigFromEnv({ KAFKA_BROKER_URL: 'redpanda:9092', KAFKA_SASL_MECHANISM: '' });
    const { logCreator: _creator, logLevel: _level, ...rest } = config;
    assert.deepEqual(rest, { brokers: ['redpanda:9092'], ssl: false });
  });

  it('self-managed SASL_SSL SCRAM-SHA-512 with a private CA', () => {
    const config = kafkaConfigFromEnv({
      KAFKA_BROKER_URL: 'kafka:9094',
      KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'pw',
      KAFKA_SSL_CA_PEM: PEM,
    });
    assert.deepEqual(config.ssl, { ca: [PEM] });
    assert.deepEqual(config.sasl, { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' });
  });

  it('SCRAM-SHA-256 over SASL_PLAINTEXT is allowed (SCRAM never sends the password)', () => {
    const config = kafkaConfigFromEnv({
      KAFKA_BROKER_URL: 'kafka:9092',
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    assert.equal(config.ssl, false);
    assert.deepEqual(config.sasl, { mechanism: 'scram-sha-256', username: 'svc', password: 'pw' });
  });

  it('Confluent Cloud: PLAIN with API key and secret over TLS with system CAs', () => {
    const config = kafkaConfigFromEnv({
      KAFKA_BROKER_URL: 'pkc-abc.eu-west-1.aws.confluent.cloud:9092',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: 'APIKEY',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    assert.equal(config.ssl, true);
    assert.deepEqual(config.sasl, { mechanism: 'plain', username: 'APIKEY', password: 'secret' });
  });

  it('Event Hubs SAS: PLAIN with $ConnectionString', () => {
    const cs = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=svc;SharedAccessKey=k';
    const config = kafkaConfigFromEnv({
      KAFKA_BROKER_URL: 'ns.servicebus.windows.net:9093',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: '$ConnectionString',
      KAFKA_SASL_PASSWORD: cs,
    });
    assert.deepEqual(config.sasl, { mechanism: 'plain', username: '$ConnectionString', password: cs });
  });

  it('MSK IAM: OAUTHBEARER signed for the region read from the broker host', async () => {
    const asked: string[] = [];
    const config = kafkaConfigFromEnv(
      {
        KAFKA_BROKER_URL: 'b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098',
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
        KAFKA_OAUTH_PROVIDER: 'aws-msk-iam',
      },
      {
        tokens: {
          awsMskIam: async (region) => {
            asked.push(region);
            return { value: `token-for-${region}`, expiresAtMs: Date.now() + 900_000 };
          },
        },
      },
    );
    assert.equal(config.ssl, true);
    assert.equal(await bearer(config.sasl), 'token-for-eu-west-1');
    assert.equal(await bearer(config.sasl), 'token-for-eu-west-1');
    assert.deepEqual(asked, ['eu-west-1'], 'the second connection reuses the cached token');
  });

  it('MSK IAM: AWS_REGION wins when the host does not name a region; AWS_MSK_IAM is an alias', () => {
    const kenv = parseKafkaEnv({
      KAFKA_BROKER_URL: 'kafka.internal:9098',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
      AWS_REGION: 'ap-southeast-2',
    });
    assert.deepEqual(kenv.auth, { kind: 'aws-msk-iam', region: 'ap-southeast-2' });
  });

  it('Event Hubs Entra ID: OAUTHBEARER with the namespace scope from the broker host', async () => {
    const scopes: string[] = [];
    const config = kafkaConfigFromEnv(
      {
        KAFKA_BROKER_URL: 'orders-ns.servicebus.windows.net:9093',
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
        KAFKA_OAUTH_PROVIDER: 'azure-entra',
      },
      {
        tokens: {
          azureEntra: async (scope) => {
            scopes.push(scope);
            return { value: 'entra-token', expiresAtMs: Date.now() + 3_600_000 };
          },
        },
      },
    );
    assert.equal(await bearer(config.sasl), 'entra-token');
    assert.deepEqual(scopes, ['https://orders-ns.servicebus.windows.net/.default']);
  });

  it('reads the topics and groups the platform wrote for the service', () => {
    const kenv = parseKafkaEnv({
      KAFKA_BROKER_URL: 'b:9092',
      KAFKA_PRODUCES: 'ml.jobs.completed,ml.jobs.failed',
      KAFKA_CONSUMES: 'ml.jobs.requested,audit',
      KAFKA_CONSUMER_GROUP: 'ml-service',
      KAFKA_CONSUMER_GROUPS: 'audit=ml-audit',
    });
    assert.deepEqual(kenv.produces, ['ml.jobs.completed', 'ml.jobs.failed']);
    assert.equal(groupFor(kenv, 'audit'), 'ml-audit');
    assert.equal(groupFor(kenv, 'ml.jobs.requested'), 'ml-service');
  });

  it('lets callers add kafkajs settings but not override what the env decides', () => {
    const config = kafkaConfigFromEnv(
      { KAFKA_BROKER_URL: 'b:9092', KAFKA_CLIENT_ID: 'svc' },
      { overrides: { clientId: 'custom', connectionTimeout: 5000 } },
    );
    assert.equal(config.clientId, 'custom');
    assert.equal(config.connectionTimeout, 5000);
    assert.deepEqual(config.brokers, ['b:9092']);
  });
});

describe('cachedToken: refreshed before expiry, shared, resilient', () => {
  function source(lifetimeMs: number, clock: { t: number }) {
    let n = 0;
    const calls = { count: 0, fail: false };
    const fetch = async (): Promise<OAuthToken> => {
      calls.count++;
      if (calls.fail) throw new Error('token service down');
      n++;
      return { value: `t${n}`, expiresAtMs: clock.t + lifetimeMs };
    };
    return { fetch, calls };
  }

  it('reuses a token until 80% of its lifetime, then fetches a new one', async () => {
    const clock = { t: 0 };
    const s = source(900_000, clock); // MSK IAM tokens live 15 minutes
    const token = cachedToken(s.fetch, { now: () => clock.t });
    assert.equal((await token()).value, 't1');
    clock.t = 700_000;
    assert.equal((await token()).value, 't1');
    clock.t = 720_000; // 80% of 900 s
    assert.equal((await token()).value, 't2');
    assert.equal(s.calls.count, 2);
  });

  it('refreshes at least a minute before expiry for short-lived tokens', async () => {
    const clock = { t: 0 };
    const s = source(120_000, clock);
    const token = cachedToken(s.fetch, { now: () => clock.t });
    await token();
    clock.t = 60_000; // 80% would be 96 s; the one-minute margin says 60 s
    assert.equal((await token()).value, 't2');
  });

  it('shares one fetch between concurrent connections', async () => {
    const clock = { t: 0 };
    const s = source(900_000, clock);
    const token = cachedToken(s.fetch, { now: () => clock.t });
    const values = await Promise.all([token(), token(), token()]);
    assert.deepEqual(
      values.map((v) => v.value),
      ['t1', 't1', 't1'],
    );
    assert.equal(s.calls.count, 1);
  });

  it('keeps using a still-valid token when a refresh fails, and fails once it expired', async () => {
    const clock = { t: 0 };
    const s = source(900_000, clock);
    const token = cachedToken(s.fetch, { now: () => clock.t });
    await token();
    s.calls.fail = true;
    clock.t = 800_000;
    assert.equal((await token()).value, 't1');
    clock.t = 900_001;
    await assert.rejects(token(), /token service down/);
  });
});
