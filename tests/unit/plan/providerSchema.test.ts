/**
 * Every registered resource of a provider with a vendored schema is checked as the provider's
 * Check would: the type exists, required inputs are present, no unknown names, values of the
 * schema's type, enum and pattern. Failures stop the offline plan with the engine's messages.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { EngineRefusal, runUnderMocks } from '../../../plan/mockRuntime';
import { checkAgainstSchema, ReducedSchema, VENDORED_SCHEMAS } from '../../../plan/providerSchema';

const OPTIONS = { project: 'proj', stack: 'test', config: {}, secretKeys: [] };

async function refusal(run: () => unknown): Promise<string[]> {
  try {
    await runUnderMocks(OPTIONS, run);
  } catch (err) {
    assert.ok(err instanceof EngineRefusal, String(err));
    return err.problems;
  }
  return [];
}

const topicArgs = {
  topicName: 'orders',
  kafkaCluster: { id: 'lkc-1' },
  restEndpoint: 'https://pkc-1.example:443',
  credentials: { key: 'k', secret: pulumi.secret('s') },
};

describe('provider schema check in the mock runtime', () => {
  it('accepts a resource whose inputs match the vendored Confluent schema', async () => {
    assert.deepEqual(await refusal(() => new confluentcloud.KafkaTopic('orders', topicArgs)), []);
  });

  it('refuses an unknown input name, naming the resource and the property', async () => {
    const problems = await refusal(
      () =>
        new confluentcloud.KafkaTopic('orders', {
          ...topicArgs,
          kafkaCluster: { id: 'lkc-1', region: 'x' } as never,
        }),
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!,
      /^confluentcloud:index\/kafkaTopic:KafkaTopic resource 'orders': property kafkaCluster\.region value "x" has a problem: unknown property 'region' \(known: id\)$/,
    );
  });

  // The SDK itself throws for a missing top-level required input; a nested one reaches the engine.
  it('refuses a missing required input inside an object', async () => {
    const problems = await refusal(
      () => new confluentcloud.KafkaTopic('orders', { ...topicArgs, kafkaCluster: {} as never }),
    );
    assert.deepEqual(problems, [
      "confluentcloud:index/kafkaTopic:KafkaTopic resource 'orders': property kafkaCluster.id value <missing> has a problem: missing required property 'id'",
    ]);
  });

  it('refuses a value of the wrong type and never prints a secret', async () => {
    const problems = await refusal(
      () =>
        new confluentcloud.KafkaTopic('orders', {
          ...topicArgs,
          partitionsCount: 'six' as never,
          credentials: { key: 1 as never, secret: pulumi.secret('hunter2') },
        }),
    );
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.ok(
      problems.some((p) =>
        /property credentials\.key value 1 has a problem: expected a string, got a number/.test(p),
      ),
    );
    assert.ok(
      problems.some((p) => /property partitionsCount value "six" has a problem: expected an integer/.test(p)),
    );
    assert.ok(!problems.join('\n').includes('hunter2'));
  });

  it('refuses a resource type the vendored schema does not have', async () => {
    class Unknown extends pulumi.CustomResource {
      constructor(name: string) {
        super('confluentcloud:index/flinkStatement:FlinkStatement', name, {});
      }
    }
    const problems = await refusal(() => new Unknown('f'));
    assert.match(
      problems[0]!,
      /FlinkStatement resource 'f' has a problem: not a resource type of the vendored confluentcloud schema/,
    );
  });

  // No vendored schema has an enum or a pattern yet (the bridged Confluent schema carries no
  // Terraform validators), so these two run against a small schema in the vendored format.
  const schema: ReducedSchema = {
    package: 'p',
    source: 'test',
    sha256: '',
    resources: {
      'p:index:Ns': {
        replaceOnChanges: [],
        required: ['sku'],
        inputs: { sku: { $ref: 'p:index:Sku' }, name: { type: 'string', pattern: '^[a-z]{1,5}$' } },
      },
    },
    types: {
      'p:index:Sku': {
        type: 'object',
        required: ['name'],
        properties: { name: { $ref: 'p:index:SkuName' } },
      },
      'p:index:SkuName': { type: 'string', enum: ['Basic', 'Standard', 'Premium'] },
    },
  };
  const ns = (inputs: Record<string, unknown>) =>
    checkAgainstSchema({ type: 'p:index:Ns', name: 'n', custom: true, inputs }, schema);

  it('refuses a value outside an enum and one that misses the pattern', () => {
    assert.deepEqual(ns({ sku: { name: 'Standard' }, name: 'abc' }), []);
    assert.deepEqual(ns({ sku: { name: 'Gold' }, name: 'abcdefg' }), [
      `p:index:Ns resource 'n': property sku.name value "Gold" has a problem: must be one of "Basic", "Standard", "Premium"`,
      `p:index:Ns resource 'n': property name value "abcdefg" has a problem: must match ^[a-z]{1,5}$`,
    ]);
  });

  it('vendors schemas reduced by the script from their cited source', () => {
    for (const s of VENDORED_SCHEMAS) {
      const file = path.join(__dirname, '../../../plan/providerSchemas', `${s.package}.json`);
      assert.ok(fs.existsSync(file));
      assert.match(s.source, /^https:\/\/github\.com\/pulumi\/pulumi-[a-z-]+\/blob\/[0-9a-f]{7,}\//);
      for (const [type, r] of Object.entries(s.resources)) {
        for (const key of [...r.required, ...r.replaceOnChanges]) assert.ok(r.inputs[key], `${type}.${key}`);
      }
    }
  });
});
