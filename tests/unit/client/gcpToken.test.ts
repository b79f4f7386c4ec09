/**
 * The `gcp` OAUTHBEARER token source against a real HTTP server on loopback that answers like the
 * GKE metadata server (same paths, same `Metadata-Flavor` rule, same JSON): the transport is real,
 * only the server's answers are ours.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { kafkaConfigFromEnv, parseKafkaEnv } from '../../../client';
import { gcpKafkaToken, gcpMetadataHost } from '../../../client/tokens';

const EMAIL = 'kafka-orders@proj-123.iam.gserviceaccount.com';

interface Server {
  host: string;
  requests: { path: string; flavor: string | undefined }[];
  /** Access tokens handed out, in order; each lives `lifetimeS` seconds. */
  issued: string[];
  lifetimeS: number;
  close(): Promise<void>;
}

async function metadataServer(): Promise<Server> {
  const state: Omit<Server, 'host' | 'close'> = { requests: [], issued: [], lifetimeS: 3599 };
  const server = http.createServer((req, res) => {
    state.requests.push({
      path: req.url ?? '',
      flavor: req.headers['metadata-flavor'] as string | undefined,
    });
    if (req.headers['metadata-flavor'] !== 'Google') {
      res.writeHead(403).end('Missing Metadata-Flavor:Google header.');
      return;
    }
    if (req.url === '/computeMetadata/v1/instance/service-accounts/default/email') {
      res.writeHead(200, { 'content-type': 'application/text' }).end(EMAIL);
    } else if (req.url === '/computeMetadata/v1/instance/service-accounts/default/token') {
      const token = `ya29.access-${state.issued.length + 1}`;
      state.issued.push(token);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: token, expires_in: state.lifetimeS, token_type: 'Bearer' }));
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function decode(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('gcp token source (GKE metadata server on loopback)', () => {
  let server: Server;
  before(async () => {
    server = await metadataServer();
  });
  after(() => server.close());

  it('builds Google’s Managed Kafka token: header, claims with the account as sub, the access token', async () => {
    const now = 1_800_000_000_000;
    const token = await gcpKafkaToken({ host: server.host, now: () => now });
    const [header, claims, access] = token.value.split('.');
    assert.deepEqual(decode(header!), { typ: 'JWT', alg: 'GOOG_OAUTH2_TOKEN' });
    assert.deepEqual(decode(claims!), {
      exp: Math.floor(now / 1000) + server.lifetimeS,
      iat: Math.floor(now / 1000),
      scope: 'kafka',
      sub: EMAIL,
    });
    assert.equal(Buffer.from(access!, 'base64url').toString('utf8'), server.issued.at(-1));
    assert.equal(token.expiresAtMs, now + server.lifetimeS * 1000);
    assert.ok(
      server.requests.every((r) => r.flavor === 'Google'),
      'every request carries Metadata-Flavor',
    );
  });

  it('the client refreshes the token before it expires, through kafkajs’ provider', async () => {
    let clock = 1_800_000_000_000;
    server.lifetimeS = 600;
    const env = {
      KAFKA_BROKER_URL: 'bootstrap.kafka-prod.europe-west1.managedkafka.proj-123.cloud.goog:9092',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
      KAFKA_OAUTH_PROVIDER: 'gcp',
    };
    assert.deepEqual(parseKafkaEnv(env).auth, { kind: 'gcp' });
    const config = kafkaConfigFromEnv(env, {
      tokens: { gcp: () => gcpKafkaToken({ host: server.host, now: () => clock }) },
      tokenCache: { now: () => clock },
    });
    const sasl = config.sasl as { mechanism: string; oauthBearerProvider: () => Promise<{ value: string }> };
    assert.equal(sasl.mechanism, 'oauthbearer');
    const accessOf = (v: string) => Buffer.from(v.split('.')[2]!, 'base64url').toString('utf8');

    const first = await sasl.oauthBearerProvider();
    const again = await sasl.oauthBearerProvider();
    assert.equal(again.value, first.value, 'cached while fresh: one metadata round trip per token');
    clock += 9 * 60_000; // past 80% of 10 minutes, still before expiry
    const refreshed = await sasl.oauthBearerProvider();
    assert.notEqual(accessOf(refreshed.value), accessOf(first.value));
    assert.equal(accessOf(refreshed.value), server.issued.at(-1));
  });

  it('says which URL failed when the metadata server refuses', async () => {
    await assert.rejects(
      gcpKafkaToken({ host: `${server.host}/nothing-here` }),
      /GKE metadata server http:\/\/127\.0\.0\.1:\d+\/nothing-here\/computeMetadata\/v1\/instance\/service-accounts\/default\/\w+ answered 404/,
    );
  });

  it('finds the metadata server as Google’s libraries do', () => {
    assert.equal(gcpMetadataHost({}), '169.254.169.254');
    assert.equal(gcpMetadataHost({ GCE_METADATA_HOST: '127.0.0.1:8080' }), '127.0.0.1:8080');
  });
});
