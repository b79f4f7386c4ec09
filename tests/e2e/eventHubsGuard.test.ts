/**
 * The Event Hubs guard as users run it: the real Pulumi engine serialises the dynamic provider,
 * runs it in the pulumi-nodejs provider process and feeds it the state of the last update. No
 * Azure plugin can be built here, so a stand-in resource plays "everything in the namespace" (it
 * depends on the guard like the namespace does): a refused change must leave it, and the guard's
 * memory, untouched.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { Stack } from '@pulumi/pulumi/automation';
import { EventHubsGuard, GuardProps } from '../../providers/eventhubs/guard';
import { Engine, startEngine } from '../harness/engine';

/** A resource with no side effects whose state shows whether an update reached it. */
class StandInProvider implements pulumi.dynamic.ResourceProvider {
  async create(inputs: { value: string }) {
    return { id: 'stand-in', outs: inputs };
  }
  async diff(_id: string, olds: { value: string }, news: { value: string }) {
    return { changes: olds.value !== news.value };
  }
  async update(_id: string, _olds: unknown, news: { value: string }) {
    return { outs: news };
  }
}
const standIn = new StandInProvider();
class StandIn extends pulumi.dynamic.Resource {}

function program(partitions: Record<string, number>, value: string) {
  return async () => {
    const props: GuardProps = {
      namespace: 'rg-kafka-test/contoso-kafka-test',
      tier: 'Standard',
      partitionsGrow: false,
      partitions,
      allowTopicDeletion: false,
    };
    const guard = new EventHubsGuard('eventhubs', props);
    new StandIn(standIn, 'namespace-stand-in', { value }, { dependsOn: [guard] });
  };
}

describe('EventHubsGuard under the real Pulumi engine', { timeout: 600_000 }, () => {
  let engine: Engine;
  let stack: Stack;
  const stateOf = async (type: string) => {
    const deployment = await stack.exportStack();
    const resources = (
      deployment.deployment as { resources: { type: string; inputs: Record<string, unknown> }[] }
    ).resources;
    return resources.find((r) => r.type === type)?.inputs;
  };

  before(async () => {
    engine = await startEngine();
    stack = await engine.newInlineStack('eventhubs-guard', program({ a: 3, b: 2 }, 'v1'));
  });

  after(async () => {
    await engine?.close();
  });

  it('creates, then refuses a Standard partition change in preview and in up, touching nothing', async () => {
    const first = await stack.up();
    assert.equal(first.summary.result, 'succeeded');

    stack.workspace.program = program({ a: 4, b: 2 }, 'v2');
    await assert.rejects(stack.preview(), (err: Error) => {
      assert.match(
        err.message,
        /EventHubsGuard resource 'eventhubs' has a problem: a: 3 -> 4 partitions: kafka:eventhubs\.tier Standard fixes an event hub's partitions/,
      );
      return true;
    });
    await assert.rejects(stack.up(), /a: 3 -> 4 partitions/);
    assert.deepEqual((await stateOf('pulumi-nodejs:dynamic/kafka-platform:EventHubsGuard'))?.partitions, {
      a: 3,
      b: 2,
    });
    assert.equal(
      (await stateOf('pulumi-nodejs:dynamic:Resource'))?.value,
      'v1',
      'the dependent was not updated',
    );
  });

  it('remembers a kept event hub across an update and refuses its return with another count', async () => {
    stack.workspace.program = program({ a: 3 }, 'v1');
    assert.equal((await stack.up()).summary.result, 'succeeded');
    assert.deepEqual((await stateOf('pulumi-nodejs:dynamic/kafka-platform:EventHubsGuard'))?.retained, {
      b: 2,
    });
    stack.workspace.program = program({ a: 3, b: 6 }, 'v1');
    await assert.rejects(stack.up(), /b: 2 -> 6 partitions/);
  });
});
