/**
 * The service library connects with the env this backend writes: its own parser accepts it, the
 * Entra token provider is asked for the namespace's Event Hubs scope, and SAS becomes SASL/PLAIN
 * with `$ConnectionString`. The env is what the Kubernetes objects of the offline plan hold, with
 * the Secret's real (mock) value, not the printed "[secret]".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SASLOptions } from 'kafkajs';
import { kafkaConfigFromEnv, parseKafkaEnv } from '../../../../client';
import { MOCK_SAS_KEY } from '../../../../providers/eventhubs/mocks';
import { Synthesis } from '../../../../plan/plan';
import { stackConfig, synthesize, T } from './helpers';

/** A service's env as its pod sees it: ConfigMap data plus the decoded Secret data. */
function podEnv(synthesis: Synthesis, service: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const r of synthesis.registrations) {
    const labels = (r.inputs.metadata as { labels?: Record<string, string> } | undefined)?.labels;
    if (labels?.['kafka-platform/service'] !== service) continue;
    if (r.type === T.configMap) Object.assign(env, r.inputs.data);
    if (r.type === T.secret) {
      const data = (r.inputs.data as { value: Record<string, string> }).value;
      for (const [k, v] of Object.entries(data)) env[k] = Buffer.from(v, 'base64').toString('utf8');
    }
  }
  return env;
}

describe('the client library with the env the Event Hubs backend writes', () => {
  it('Entra: OAUTHBEARER over TLS, tokens asked for https://<namespace>.servicebus.windows.net/.default', async () => {
    const { synthesis } = await synthesize(stackConfig({}));
    const env = podEnv(synthesis, 'shipping');
    assert.deepEqual(parseKafkaEnv(env).auth, {
      kind: 'azure-entra',
      scope: 'https://contoso-kafka-dev.servicebus.windows.net/.default',
    });
    const scopes: string[] = [];
    const config = kafkaConfigFromEnv(env, {
      tokens: {
        azureEntra: async (scope) => {
          scopes.push(scope);
          return { value: 'entra-access-token', expiresAtMs: Date.now() + 3_600_000 };
        },
      },
    });
    assert.deepEqual(config.brokers, ['contoso-kafka-dev.servicebus.windows.net:9093']);
    assert.equal(config.ssl, true);
    assert.equal(config.clientId, 'shipping');
    const sasl = config.sasl as Extract<SASLOptions, { mechanism: 'oauthbearer' }>;
    assert.equal(sasl.mechanism, 'oauthbearer');
    assert.deepEqual(await sasl.oauthBearerProvider(), { value: 'entra-access-token' });
    assert.deepEqual(scopes, ['https://contoso-kafka-dev.servicebus.windows.net/.default']);
  });

  it('SAS: SASL/PLAIN over TLS with $ConnectionString and the service’s own connection string', async () => {
    const { synthesis } = await synthesize(stackConfig({ authMode: 'sas', oidcIssuer: undefined }));
    const env = podEnv(synthesis, 'checkout');
    const config = kafkaConfigFromEnv(env);
    assert.equal(config.ssl, true);
    assert.deepEqual(config.sasl, {
      mechanism: 'plain',
      username: '$ConnectionString',
      password: `Endpoint=sb://contoso-kafka-dev.servicebus.windows.net/;SharedAccessKeyName=checkout;SharedAccessKey=${MOCK_SAS_KEY}`,
    });
    assert.deepEqual(parseKafkaEnv(env).produces, ['orders.created']);
  });
});
