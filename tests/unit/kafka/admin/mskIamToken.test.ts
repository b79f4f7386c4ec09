import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SASLOptions } from 'kafkajs';
import { kafkaConfig } from '../../../../kafka/admin/connection';

/**
 * The admin connection's MSK IAM option: kafkajs gets an OAUTHBEARER provider whose tokens come
 * from the real aws-msk-iam-sasl-signer-js, signed with the runner's credentials. Signing is local
 * (SigV4 presigning needs no network), so it runs here with static credentials from the
 * environment; only a real MSK broker can accept the token (see docs/msk.md).
 */
describe('MSK IAM OAUTHBEARER admin connection', () => {
  before(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });

  it('uses TLS and the oauthbearer mechanism', () => {
    const config = kafkaConfig({
      brokers: ['b-1.x.kafka.eu-west-1.amazonaws.com:9098'],
      tls: true,
      sasl: { mechanism: 'oauthbearer', provider: 'aws-msk-iam', region: 'eu-west-1' },
      connectTimeoutMs: 5000,
    });
    assert.equal(config.ssl, true);
    assert.equal((config.sasl as SASLOptions).mechanism, 'oauthbearer');
  });

  it('hands kafkajs a presigned kafka-cluster:Connect token for the configured region', async () => {
    const config = kafkaConfig({
      brokers: ['b-1.x.kafka.eu-central-1.amazonaws.com:9098'],
      tls: true,
      sasl: { mechanism: 'oauthbearer', provider: 'aws-msk-iam', region: 'eu-central-1' },
      connectTimeoutMs: 5000,
    });
    const sasl = config.sasl as Extract<SASLOptions, { mechanism: 'oauthbearer' }>;
    const { value } = await sasl.oauthBearerProvider();
    const url = new URL(Buffer.from(value, 'base64url').toString('utf8'));
    assert.equal(url.host, 'kafka.eu-central-1.amazonaws.com');
    assert.equal(url.searchParams.get('Action'), 'kafka-cluster:Connect');
    assert.equal(url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
    assert.match(
      url.searchParams.get('X-Amz-Credential') ?? '',
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-central-1\/kafka-cluster\/aws4_request$/,
    );
    assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!url.href.includes('wJalrXUtnFEMI'), 'the secret key never leaves the signer');
  });
});
