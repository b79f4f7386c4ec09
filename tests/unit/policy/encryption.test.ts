import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TYPES } from '../../../policy/resourceTypes';
import { planCommittedStack } from '../../harness/plan';
import { policyNamed, violations } from './policyHarness';

const facts = { stack: 'prod', config: {} };
const tls = policyNamed(facts, 'msk-tls-in-transit');
const cmk = policyNamed(facts, 'msk-customer-managed-key');

describe('policy: MSK encryption in transit and at rest', () => {
  let cluster: Record<string, unknown>;
  const withEncryption = (encryptionInfo: unknown) => ({ ...cluster, encryptionInfo });

  before(async () => {
    const plan = await planCommittedStack('prod');
    cluster = plan.resources.find((r) => r.type === TYPES.mskCluster)!.inputs;
  });

  it('passes the cluster the prod stack registers (TLS both ways, its own KMS key)', async () => {
    assert.deepEqual(await violations(tls, { type: TYPES.mskCluster, props: cluster }, facts), []);
    assert.deepEqual(await violations(cmk, { type: TYPES.mskCluster, props: cluster }, facts), []);
  });

  it('msk-tls-in-transit: refuses PLAINTEXT or TLS_PLAINTEXT to clients and plaintext between brokers', async () => {
    for (const clientBroker of ['PLAINTEXT', 'TLS_PLAINTEXT']) {
      const props = withEncryption({ encryptionInTransit: { clientBroker, inCluster: true } });
      assert.deepEqual(await violations(tls, { type: TYPES.mskCluster, props }, facts), [
        `encryptionInfo.encryptionInTransit.clientBroker is "${clientBroker}": clients must reach the brokers over TLS only (allowed: TLS)`,
      ]);
    }
    const props = withEncryption({ encryptionInTransit: { clientBroker: 'TLS', inCluster: false } });
    assert.deepEqual(await violations(tls, { type: TYPES.mskCluster, props }, facts), [
      'encryptionInfo.encryptionInTransit.inCluster is false: brokers must talk to each other over TLS',
    ]);
  });

  it("msk-tls-in-transit: unset settings are AWS's TLS defaults; other resource types are not its business", async () => {
    assert.deepEqual(
      await violations(tls, { type: TYPES.mskCluster, props: withEncryption(undefined) }, facts),
      [],
    );
    const plaintextTopic = { type: TYPES.kafkaTopic, props: { connection: { tls: false } } };
    assert.deepEqual(await violations(tls, plaintextTopic, facts), []);
  });

  it('msk-customer-managed-key: refuses a cluster on the AWS-managed key (no key ARN, or an empty one)', async () => {
    const message =
      'encryptionInfo.encryptionAtRestKmsKeyArn is not set: data at rest would use the AWS-managed aws/msk key instead of a customer-managed KMS key';
    for (const encryptionInfo of [
      undefined,
      { encryptionInTransit: { clientBroker: 'TLS' } },
      { encryptionAtRestKmsKeyArn: '' },
    ]) {
      assert.deepEqual(
        await violations(cmk, { type: TYPES.mskCluster, props: withEncryption(encryptionInfo) }, facts),
        [message],
      );
    }
  });

  it('msk-customer-managed-key: MSK Serverless (AWS-managed keys only) is not checked', async () => {
    const plan = await planCommittedStack('prod');
    assert.ok(plan.resources.some((r) => r.type === TYPES.mskCluster));
    assert.deepEqual(
      await violations(cmk, { type: TYPES.mskServerlessCluster, props: { clusterName: 'x' } }, facts),
      [],
    );
  });
});
