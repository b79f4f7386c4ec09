/**
 * A change that would replace the Confluent cluster (cloud, region, availability: ForceNew in the
 * provider) or leave the environment the stack created is refused in every stack, naming the key
 * and kafka:confluent.allowClusterReplacement.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfluentGuardProps,
  ConfluentGuardProvider,
  FIXED_SETTINGS,
  replacementFailures,
} from '../../../../providers/confluent/guard';
import { resourcesOfType } from '../../../harness/plan';
import { basicWith, synthesize, T } from './stacks';
import { VENDORED_SCHEMAS } from '../../../../plan/providerSchema';

const applied: ConfluentGuardProps = {
  fixed: {
    'environment.id': 'created by this stack',
    cloud: 'AWS',
    region: 'eu-west-1',
    availability: 'SINGLE_ZONE',
  },
  allowClusterReplacement: false,
};
const GUARD = 'pulumi-nodejs:dynamic/kafka-platform:ConfluentGuard';

describe('Confluent guard: settings that would replace the cluster or the environment', () => {
  it('refuses a change of each fixed setting, naming its key, the values and the setting that allows it', () => {
    for (const key of FIXED_SETTINGS) {
      const news = { ...applied, fixed: { ...applied.fixed, [key]: `${applied.fixed[key]}-new` } };
      const [failure, ...more] = replacementFailures(applied, news);
      assert.equal(more.length, 0);
      assert.ok(
        failure!.startsWith(`kafka:confluent.${key} ${applied.fixed[key]} -> ${news.fixed[key]}: `),
        failure,
      );
      assert.ok(failure!.includes('kafka:confluent.allowClusterReplacement'), failure);
    }
  });

  it('says the environment this stack created would be deleted when the stack moves to an existing one', () => {
    const news = { ...applied, fixed: { ...applied.fixed, 'environment.id': 'env-a1b2c3' } };
    assert.match(replacementFailures(applied, news)[0]!, /environment this stack created deleted/);
  });

  it('lets the first run, an unchanged run and an explicitly allowed replacement through', () => {
    assert.deepEqual(replacementFailures({}, applied), []);
    assert.deepEqual(replacementFailures(applied, applied), []);
    const moved = { fixed: { ...applied.fixed, region: 'eu-central-1' }, allowClusterReplacement: true };
    assert.deepEqual(replacementFailures(applied, moved), []);
  });

  it('reports the refusal from check (run in preview), listing every changed key', async () => {
    const news = { ...applied, fixed: { ...applied.fixed, cloud: 'AZURE', region: 'westeurope' } };
    const result = await new ConfluentGuardProvider().check(applied, news);
    assert.deepEqual(
      result.failures?.map((f) => [f.property, f.reason.split(' ')[0]]),
      [
        ['', 'kafka:confluent.cloud'],
        ['', 'kafka:confluent.region'],
      ],
    );
  });

  it('guards exactly the inputs the vendored provider schema says replace the cluster', () => {
    const schema = VENDORED_SCHEMAS.find((s) => s.package === 'confluentcloud')!;
    const forcing = schema.resources[T.cluster]!.replaceOnChanges;
    assert.deepEqual([...forcing].sort(), FIXED_SETTINGS.map((k) => k.split('.')[0]).sort());
  });

  it('makes the environment and the cluster wait for the guard, and reads the allow setting', async () => {
    const { plan } = await synthesize(basicWith({ allowClusterReplacement: true }));
    const [guard, ...others] = resourcesOfType(plan, GUARD);
    assert.equal(others.length, 0);
    assert.equal(guard!.inputs.allowClusterReplacement, true);
    assert.equal((guard!.inputs.fixed as Record<string, string>)['environment.id'], 'created by this stack');
    for (const type of [T.environment, T.cluster]) {
      for (const r of resourcesOfType(plan, type)) {
        assert.ok(r.dependsOn.includes(`${GUARD}::${guard!.name}`), `${type}: ${r.dependsOn.join(', ')}`);
      }
    }
  });
});
