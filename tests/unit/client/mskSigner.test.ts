import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsMskIamToken } from '../../../client/tokens';

describe('MSK IAM token from the real signer (aws-msk-iam-sasl-signer-js)', () => {
  it('signs a kafka-cluster:Connect URL for the region, valid 15 minutes, without network access', async () => {
    // Static credentials from the env: the default chain signs locally (SigV4 presigning), no AWS call.
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });
    try {
      const before = Date.now();
      const token = await awsMskIamToken('eu-west-1');
      const url = new URL(Buffer.from(token.value, 'base64url').toString());
      assert.equal(url.host, 'kafka.eu-west-1.amazonaws.com');
      assert.equal(url.searchParams.get('Action'), 'kafka-cluster:Connect');
      assert.match(
        url.searchParams.get('X-Amz-Credential') ?? '',
        /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\//,
      );
      assert.ok(token.expiresAtMs >= before + 899_000 && token.expiresAtMs <= Date.now() + 901_000);
    } finally {
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });
});
