import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { GuardProps, GuardProvider, guardFailures } from '../../../../providers/eventhubs/guard';

const standard = (partitions: Record<string, number>, over: Partial<GuardProps> = {}): GuardProps => ({
  namespace: 'rg/ns',
  tier: 'Standard',
  partitionsGrow: false,
  partitions,
  allowTopicDeletion: false,
  ...over,
});
const premium = (partitions: Record<string, number>, over: Partial<GuardProps> = {}) =>
  standard(partitions, { tier: 'Premium', partitionsGrow: true, ...over });
const reasons = (olds: Partial<GuardProps>, news: GuardProps) =>
  guardFailures(olds, news).map((f) => f.reason);

describe('EventHubsGuard: what Azure cannot change in place is refused before anything is touched', () => {
  it('a first run (no state) and unchanged partitions pass', () => {
    assert.deepEqual(guardFailures({}, standard({ a: 3 })), []);
    assert.deepEqual(guardFailures(standard({ a: 3 }), standard({ a: 3, b: 1 })), []);
  });

  it('Standard: any partition change of an existing event hub, named with the way out', () => {
    assert.deepEqual(guardFailures(standard({ a: 3, b: 2 }), standard({ a: 4, b: 2 })), [
      {
        subject: 'partitions.a',
        reason:
          "a: 3 -> 4 partitions: kafka:eventhubs.tier Standard fixes an event hub's partitions when it is created (replacing it would drop its events); keep 3, create a new topic, or use a tier that adds partitions (Premium, Dedicated) in a new namespace",
      },
    ]);
  });

  it('Premium and Dedicated: partitions may grow, never shrink; every problem at once', () => {
    assert.deepEqual(guardFailures(premium({ a: 3 }), premium({ a: 8 })), []);
    assert.deepEqual(reasons(premium({ a: 3, b: 4 }), premium({ a: 2, b: 1 })), [
      'a: 3 -> 2 partitions: partitions are never removed (not by Kafka, not by Event Hubs); keep 3, or create a new topic',
      'b: 4 -> 1 partitions: partitions are never removed (not by Kafka, not by Event Hubs); keep 4, or create a new topic',
    ]);
  });

  it('a tier change is refused: Azure cannot change a namespace’s tier in place', () => {
    assert.deepEqual(reasons(standard({ a: 3 }), premium({ a: 3 })), [
      "kafka:eventhubs.tier Standard -> Premium: Azure cannot change a namespace's tier in place; create the new tier in a new namespace (a new stack or kafka:eventhubs.namespaceName) and move the services to it",
    ]);
  });

  it('a new namespace name deletes the old namespace: refused unless topic deletion is allowed', () => {
    assert.match(
      reasons(standard({ a: 3 }), standard({ a: 3 }, { namespace: 'rg/other' }))[0]!,
      /^moving from namespace rg\/ns to rg\/other creates a new namespace and deletes rg\/ns with every event hub and its data/,
    );
    assert.deepEqual(
      guardFailures(
        standard({ a: 3 }),
        standard({ a: 9 }, { namespace: 'rg/other', allowTopicDeletion: true }),
      ),
      [],
    );
  });

  it('remembers event hubs that left the catalog but were kept, and guards them when they come back', async () => {
    const provider = new GuardProvider();
    const first = await provider.check({}, standard({ a: 3, b: 2 }));
    const second = await provider.check(first.inputs!, standard({ a: 3 }));
    assert.deepEqual(second.failures, undefined);
    assert.deepEqual(second.inputs!.retained, { b: 2 }, 'b left the catalog; its event hub was kept');
    const back = await provider.check(second.inputs!, standard({ a: 3, b: 5 }));
    assert.match(back.failures?.[0]?.reason ?? '', /^b: 2 -> 5 partitions/);
    assert.equal(back.failures?.length, 1);
    const same = await provider.check(second.inputs!, standard({ a: 3, b: 2 }));
    assert.deepEqual(same.inputs!.retained, {}, 'back in the catalog: no longer only remembered');
    // Deleted event hubs (kafka:allowTopicDeletion) are not remembered: they may come back with any count.
    const deleting = await provider.check({}, standard({ a: 3, b: 2 }, { allowTopicDeletion: true }));
    const gone = await provider.check(deleting.inputs!, standard({ a: 3 }, { allowTopicDeletion: true }));
    assert.deepEqual(gone.inputs!.retained, {});
  });

  it('never replaces, and stores exactly what it checked', async () => {
    const provider = new GuardProvider();
    const inputs = standard({ a: 3 });
    assert.deepEqual(await provider.diff('id', inputs, { ...inputs, partitions: { a: 3, b: 1 } }), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal((await provider.diff('id', inputs, { ...inputs })).changes, false);
    assert.deepEqual(await provider.create(inputs), { id: 'rg/ns', outs: inputs });
  });

  it('serialises for the engine and refuses from the serialised code in a separate process', async () => {
    // What the engine does: the SDK serialises the provider; the pulumi-nodejs provider process
    // loads that text and calls check. No module of this project may be needed to run it.
    const provider = new GuardProvider();
    const fn = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    assert.doesNotMatch(fn.text, /require\(".*(providers|config|topics)\//, 'captures no project module');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventhubs-guard-'));
    try {
      fs.writeFileSync(path.join(dir, 'provider.js'), fn.text);
      const script = `
        const provider = require(${JSON.stringify(path.join(dir, 'provider.js'))}).${fn.exportName}();
        provider.check(${JSON.stringify(standard({ a: 3 }))}, ${JSON.stringify(standard({ a: 4 }))})
          .then((r) => process.stdout.write(JSON.stringify(r.failures)));`;
      const run = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const failures = JSON.parse(run.stdout) as { property: string; reason: string }[];
      assert.equal(failures.length, 1);
      assert.match(failures[0]!.reason, /^a: 3 -> 4 partitions: kafka:eventhubs\.tier Standard fixes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
