/**
 * The offline plan's mock runtime refuses what the Pulumi engine refuses, with the engine's own
 * messages: a URN registered twice, a parent or a dependency the engine has not seen yet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import * as resproto from '@pulumi/pulumi/proto/resource_pb';
import * as structproto from 'google-protobuf/google/protobuf/struct_pb';
import { EngineRefusal, runUnderMocks } from '../../../plan/mockRuntime';

const OPTIONS = { project: 'proj', stack: 'test', config: {}, secretKeys: [] };

class Thing extends pulumi.CustomResource {
  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super('test:index:Thing', name, {}, opts);
  }
}

class Group extends pulumi.ComponentResource {
  constructor(name: string, child: string) {
    super('test:index:Group', name);
    new Thing(child, { parent: this });
    this.registerOutputs({});
  }
}

async function refusal(run: () => unknown): Promise<string[]> {
  try {
    await runUnderMocks(OPTIONS, run);
  } catch (err) {
    assert.ok(err instanceof EngineRefusal, String(err));
    return err.problems;
  }
  return [];
}

/** Sends a registration straight to the monitor, as a language host could (parent and deps unchecked by the SDK). */
function rawRegistration(name: string, parent: string, dependencies: string[]): Promise<void> {
  const req = new resproto.RegisterResourceRequest();
  req.setType('test:index:Thing');
  req.setName(name);
  req.setParent(parent);
  req.setCustom(true);
  req.setDependenciesList(dependencies);
  req.setObject(structproto.Struct.fromJavaScript({}));
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(r: unknown, cb: (err: unknown) => void): void;
  };
  return new Promise((resolve) =>
    monitor.registerResource(req, (err) => {
      assert.equal(err, null);
      resolve();
    }),
  );
}

describe('mock runtime: what the engine refuses', () => {
  it('refuses a URN registered twice (same type, name and parent chain)', async () => {
    const problems = await refusal(() => {
      new Thing('a');
      new Thing('a');
    });
    assert.deepEqual(problems, [
      "Duplicate resource URN 'urn:pulumi:test::proj::test:index:Thing::a'; try giving it a unique name",
    ]);
  });

  it('refuses the same child name under two parents of one type: the URN holds types, not parent names', async () => {
    const problems = await refusal(() => {
      new Group('g1', 'shared');
      new Group('g2', 'shared');
    });
    assert.deepEqual(problems, [
      "Duplicate resource URN 'urn:pulumi:test::proj::test:index:Group$test:index:Thing::shared'; try giving it a unique name",
    ]);
  });

  it('accepts the same name under different types or parent types', async () => {
    const problems = await refusal(() => {
      new Thing('x');
      new Group('x', 'x');
    });
    assert.deepEqual(problems, []);
  });

  it('refuses a parent that is registered after its child', async () => {
    const problems = await refusal(async () => {
      await rawRegistration('child', 'urn:pulumi:test::proj::test:index:Group::later', []);
      new Group('later', 'inner');
    });
    assert.deepEqual(problems, [
      'could not find parent resource urn:pulumi:test::proj::test:index:Group::later',
    ]);
  });

  it('refuses a dependsOn on a resource that is not registered', async () => {
    const problems = await refusal(() =>
      rawRegistration('dependent', '', ['urn:pulumi:test::proj::test:index:Thing::nowhere']),
    );
    assert.deepEqual(problems, [
      "resource urn:pulumi:test::proj::test:index:Thing::dependent's dependency urn:pulumi:test::proj::test:index:Thing::nowhere refers to missing resource",
    ]);
  });
});
