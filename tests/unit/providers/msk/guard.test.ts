import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FIXED_SETTINGS,
  MskGuardProps,
  MskGuardProvider,
  replacementFailures,
} from '../../../../providers/msk/guard';

const applied: MskGuardProps = {
  fixed: {
    region: 'eu-west-1',
    clusterType: 'provisioned',
    clusterName: 'kafka-dev',
    vpcId: 'vpc-0a1b2c3d',
    subnets: 'subnet-0a1b2c3d,subnet-0a1b2c3e',
    kmsKeyArn: 'the key this stack creates',
  },
  allowClusterReplacement: false,
};

describe('MSK guard: settings that would replace the cluster', () => {
  it('refuses a change of each fixed setting, naming its key, the values and the setting that allows it', () => {
    for (const key of FIXED_SETTINGS) {
      const news = { ...applied, fixed: { ...applied.fixed, [key]: `${applied.fixed[key]}-new` } };
      const [failure, ...more] = replacementFailures(applied, news);
      assert.equal(more.length, 0);
      assert.match(failure!, new RegExp(`^kafka:msk\\.${key} `));
      assert.ok(failure!.includes(`-> ${news.fixed[key]}`), failure);
      assert.ok(failure!.includes('kafka:msk.allowClusterReplacement'), failure);
    }
  });

  it('refuses a reordering of the subnets (client_subnets is an ordered list)', () => {
    const news = { ...applied, fixed: { ...applied.fixed, subnets: 'subnet-0a1b2c3e,subnet-0a1b2c3d' } };
    assert.equal(replacementFailures(applied, news).length, 1);
  });

  it('lets the first run, an unchanged run and an explicitly allowed replacement through', () => {
    assert.deepEqual(replacementFailures({}, applied), []);
    assert.deepEqual(replacementFailures(applied, applied), []);
    const moved = { fixed: { ...applied.fixed, vpcId: 'vpc-0f0f0f0f' }, allowClusterReplacement: true };
    assert.deepEqual(replacementFailures(applied, moved), []);
  });

  it('reports the refusal from check, before anything is touched, and lists every changed key', async () => {
    const news = {
      ...applied,
      fixed: {
        ...applied.fixed,
        vpcId: 'vpc-0f0f0f0f',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/x',
      },
    };
    const result = await new MskGuardProvider().check(applied, news);
    assert.deepEqual(
      result.failures?.map((f) => [f.property, f.reason.split(' ')[0]]),
      [
        ['', 'kafka:msk.kmsKeyArn'],
        ['', 'kafka:msk.vpcId'],
      ],
    );
  });
});
