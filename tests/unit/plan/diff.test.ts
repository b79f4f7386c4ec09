import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPlans, isEmptyDiff, valueChanges } from '../../../plan/diff';
import { Plan, PlanResource } from '../../../plan/plan';
import { VENDORED_SCHEMAS } from '../../../plan/replacements';
import { renderDiffMarkdown, renderDiffText } from '../../../plan/renderDiff';
import { planCommittedStack, planWith } from '../../harness/plan';

const resource = (
  name: string,
  inputs: Record<string, unknown>,
  more: Partial<PlanResource> = {},
): PlanResource => ({
  type: 'aws:msk/topic:Topic',
  name,
  parent: 'kafka-platform:msk:Topics::msk',
  protect: false,
  retainOnDelete: false,
  dependsOn: [],
  inputs,
  ...more,
});

const plan = (resources: PlanResource[], extra: Partial<Plan> = {}): Plan => ({
  stack: 'prod',
  note: '',
  resources,
  services: [],
  outputs: {},
  ...extra,
});

const sides = { base: 'main (1a2b3c4)', head: 'working tree' };

describe('plan difference (plan/diff.ts)', () => {
  it('finds added, removed and changed resources by parent, type and name, with each changed input', () => {
    const base = plan([
      resource('orders', { partitionCount: 3, replicationFactor: 3 }),
      resource('audit', { partitionCount: 1 }, { protect: true }),
    ]);
    const head = plan([
      resource('orders', { partitionCount: 6, replicationFactor: 3 }),
      resource('payments', { partitionCount: 2 }),
    ]);
    const d = diffPlans(base, head);
    assert.deepEqual(
      d.added.map((r) => r.name),
      ['payments'],
    );
    assert.deepEqual(
      d.removed.map((r) => r.name),
      ['audit'],
    );
    assert.deepEqual(d.changed, [
      {
        key: 'kafka-platform:msk:Topics::msk>aws:msk/topic:Topic::orders',
        type: 'aws:msk/topic:Topic',
        name: 'orders',
        changes: [{ path: 'inputs.partitionCount', before: 3, after: 6 }],
      },
    ]);
    const text = renderDiffText(d, sides);
    assert.match(
      text,
      /^Plan difference for stack "prod" \(main \(1a2b3c4\) -> working tree\): 1 to add, 1 to remove, 1 to change$/m,
    );
    assert.match(text, /^\+ aws:msk\/topic:Topic {2}payments$/m);
    assert.match(text, /^- aws:msk\/topic:Topic {2}audit$/m);
    assert.match(text, /protected: `pulumi up` refuses to delete it/);
    assert.match(text, /^ {6}inputs\.partitionCount: 3 -> 6$/m);
  });

  it('says "replace" where a changed input forces one (the provider schema’s ForceNew), and update elsewhere', () => {
    const cluster = (inputs: Record<string, unknown>) =>
      resource('confluent', inputs, {
        type: 'confluentcloud:index/kafkaCluster:KafkaCluster',
        parent: 'kafka-platform:confluent:Cluster::confluent',
      });
    const base = plan([cluster({ availability: 'SINGLE_ZONE', displayName: 'a' })]);
    const moved = diffPlans(base, plan([cluster({ availability: 'MULTI_ZONE', displayName: 'b' })]));
    assert.deepEqual(moved.changed[0]?.replacedBy, ['inputs.availability']);
    assert.match(
      renderDiffText(moved, sides),
      /\+- confluentcloud:index\/kafkaCluster:KafkaCluster {2}confluent\n {6}replace: inputs\.availability cannot change in place/,
    );
    const renamed = diffPlans(base, plan([cluster({ availability: 'SINGLE_ZONE', displayName: 'b' })]));
    assert.equal(renamed.changed[0]?.replacedBy, undefined);
  });

  it('vendors each reduced provider schema with its source and the checksum of the original', () => {
    for (const schema of VENDORED_SCHEMAS) {
      assert.match(schema.source, /^https:\/\/github\.com\/pulumi\/pulumi-[a-z-]+\/blob\/[0-9a-f]{7,}\//);
      assert.match(schema.sha256, /^[0-9a-f]{64}$/);
      assert.ok(Object.keys(schema.resources).length > 0);
    }
  });

  it('shows a new parent as a replacement (removed and added), as a new URN is', () => {
    const d = diffPlans(
      plan([resource('orders', {})]),
      plan([resource('orders', {}, { parent: 'kafka-platform:msk:Topics::other' })]),
    );
    assert.equal(d.added.length, 1);
    assert.equal(d.removed.length, 1);
    assert.equal(d.changed.length, 0);
  });

  it('reports options (protect) and explicit dependencies that change', () => {
    const d = diffPlans(
      plan([resource('orders', {}, { dependsOn: ['a::x'] })]),
      plan([resource('orders', {}, { protect: true, dependsOn: ['a::x', 'a::y'] })]),
    );
    assert.deepEqual(d.changed[0]?.changes, [
      { path: 'dependsOn', added: ['a::y'] },
      { path: 'protect', before: false, after: true },
    ]);
  });

  it('compares JSON documents inside strings (IAM policies) statement by statement', () => {
    const policy = (topics: string[]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Connect', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: ['cluster'] },
          { Sid: 'Produce', Effect: 'Allow', Action: ['kafka-cluster:WriteData'], Resource: topics },
        ],
      });
    const changes = valueChanges({ policy: policy(['topic/a']) }, { policy: policy(['topic/a', 'topic/b']) });
    assert.deepEqual(changes, [{ path: 'policy(json).Statement[Produce].Resource', added: ['topic/b'] }]);
  });

  it('lists items added and removed from plain lists, and whole lists when only their order changed', () => {
    assert.deepEqual(valueChanges({ l: ['a', 'b'] }, { l: ['b', 'c'] }), [
      { path: 'l', added: ['c'], removed: ['a'] },
    ]);
    assert.deepEqual(valueChanges({ l: ['a', 'b'] }, { l: ['b', 'a'] }), [
      { path: 'l', before: ['a', 'b'], after: ['b', 'a'] },
    ]);
    assert.deepEqual(valueChanges({ a: 1 }, { b: 1 }), [
      { path: 'a', before: 1 },
      { path: 'b', after: 1 },
    ]);
  });

  it('reports service env and stack outputs, and nothing for an unchanged stack', async () => {
    const local = await planCommittedStack('local');
    assert.ok(isEmptyDiff(diffPlans(local, local)));
    assert.equal(renderDiffText(diffPlans(local, local), sides).split('\n').length, 1);

    const more = await planWith({
      'kafka:provider': 'local',
      'kafka:local': { bootstrapServers: 'localhost:19092', clientBootstrapServers: 'redpanda:9093' },
    });
    const d = diffPlans(local, { ...more, stack: 'local' });
    assert.ok(
      d.env.some((e) => e.changes.some((c) => c.path === 'KAFKA_BROKER_URL' && c.after === 'redpanda:9093')),
    );
  });

  it('everything is new when the stack did not exist at the base', async () => {
    const local = await planCommittedStack('local');
    const d = diffPlans(undefined, local);
    assert.equal(d.added.length, local.resources.length);
    assert.equal(d.removed.length + d.changed.length, 0);
  });

  it('renders a pull-request comment: a summary row per stack, details only where something changes', () => {
    const changed = diffPlans(
      plan([resource('orders', { partitionCount: 3 })]),
      plan([resource('orders', { partitionCount: 6 })]),
    );
    const same = diffPlans(plan([]), plan([], { stack: 'dev' }));
    const md = renderDiffMarkdown([{ diff: changed }, { diff: { ...same, stack: 'dev' } }], sides, [
      { stack: 'broken', message: 'at working tree:\nFound 1 configuration problem' },
    ]);
    assert.match(md, /^\| `prod` \| 1 to change \|$/m);
    assert.match(md, /^\| `dev` \| no change \|$/m);
    assert.match(md, /^\| `broken` \| \*\*plan failed\*\* \|$/m);
    assert.equal(md.match(/<details>/g)?.length, 2, 'details for the changed and the failed stack only');
    assert.match(md, /```diff\n~ aws:msk\/topic:Topic {2}orders\n {6}inputs\.partitionCount: 3 -> 6\n```/);
  });
});
