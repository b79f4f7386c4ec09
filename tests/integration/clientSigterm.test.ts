// SIGTERM as Kubernetes sends it: the recommended shutdown (docs/client.md, "Shutting down")
// finishes inside the default 30 s grace period even when the secondary is down, and what was
// acknowledged and not yet delivered stays in the spool for the next start.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Spool } from '../../client/spool';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { startKafka, type RunningKafka } from '../harness/kafka';

const GRACE_MS = 30_000; // terminationGracePeriodSeconds' default
const CHILD = path.join(__dirname, '../harness/sigtermChild.ts');

describe('SIGTERM within the Kubernetes grace period', { timeout: 300_000 }, () => {
  let kafka: RunningKafka;
  const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'sigterm-'));
  before(async () => {
    kafka = await startKafka();
    const admin = await observerAdmin(kafka, 'setup');
    await createTopicsAndWait(admin, { topics: [{ topic: 'sigterm', numPartitions: 1 }] });
    await admin.disconnect();
  });
  after(async () => {
    await kafka?.stop();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('closes and exits before SIGKILL would come; acknowledged messages stay owed in the spool', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        SIGTERM_CHILD: JSON.stringify({ bootstrap: kafka.bootstrap, spoolDir, topic: 'sigterm' }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    while ((out.match(/^acked /gm) ?? []).length < 50) await new Promise((r) => setTimeout(r, 100));
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), GRACE_MS); // what the kubelet does
      child.on('exit', (c) => {
        clearTimeout(killer);
        resolve(c);
      });
    });
    const tookMs = Date.now() - sent;
    assert.equal(code, 0, `exited by itself within the grace period (after ${tookMs} ms)`);
    const acked = (out.match(/^acked (.+)$/gm) ?? []).map((l) => l.slice(6));
    const { spool, recovery } = await Spool.open({ dir: spoolDir });
    const owed = new Set((await spool.read(-1, 1_000_000, 2 ** 40)).map((m) => m.envelope.id));
    await spool.close();
    assert.equal(recovery.damaged.length, 0);
    assert.deepEqual(
      acked.filter((id) => !owed.has(id)),
      [],
      'every acknowledged message is still owed',
    );
    console.log(`SIGTERM to exit: ${tookMs} ms; ${acked.length} acknowledged, all owed in the spool`);
  });
});
