// The dual-write spool against a real crash: a service process publishing through the dual-write
// queue while the secondary is down is killed with SIGKILL; a restarted process delivers every
// message whose publish() had resolved. Both directions of the migration: phase 2 (SQS primary on
// ElasticMQ, Kafka secondary) and phase 4 (Kafka primary, SQS secondary).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ChildSettings } from '../harness/dualWriteChild';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';
import { makeTempDir, startKafka, type RunningKafka } from '../harness/kafka';
import { startElasticMq, type RunningElasticMq } from '../harness/sqs';
import { counts, drainQueue, readAll } from './clientHelpers';

const TIMEOUT = { timeout: 300_000 };
const CHILD = path.join(__dirname, '..', 'harness', 'dualWriteChild.ts');
const PHASES = [
  { name: 'phase 2 (sqs+kafka)', mode: 'sqs+kafka', topic: 'orders-p2', secondary: 'Kafka' },
  { name: 'phase 4 (kafka+sqs)', mode: 'kafka+sqs', topic: 'orders-p4', secondary: 'SQS' },
] as const;

interface Child {
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function startChild(settings: ChildSettings): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, DUAL_WRITE_CHILD: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { lines, exited, kill: (signal) => child.kill(signal) };
}

async function until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('dual-write spool: kill -9 while the secondary is down', TIMEOUT, () => {
  let kafka: RunningKafka;
  let sqs: RunningElasticMq;
  let client: SQSClient;

  before(async () => {
    // Persistent ElasticMQ: its queues survive the outage of the phase-4 test.
    [kafka, sqs] = await Promise.all([startKafka(), startElasticMq({ persistent: true })]);
    const admin = await observerAdmin(kafka, 'test-admin');
    await createTopicsAndWait(admin, {
      topics: PHASES.map((p) => ({ topic: p.topic, numPartitions: 3 })),
    });
    await admin.disconnect();
    client = new SQSClient({
      endpoint: sqs.endpoint,
      region: sqs.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  after(async () => {
    client?.destroy();
    await Promise.all([kafka?.stop(), sqs?.stop()]);
  });

  for (const phase of PHASES) {
    it(`${phase.name}: every acknowledged message reaches ${phase.secondary} after the restart`, async () => {
      const { topic } = phase;
      const queueUrl = (await client.send(new CreateQueueCommand({ QueueName: topic }))).QueueUrl!;
      const spoolDir = await makeTempDir('dual-write-spool-');
      const settings = (mode: ChildSettings['mode']): ChildSettings => ({
        mode,
        phase: phase.mode,
        sqsEndpoint: sqs.endpoint,
        region: sqs.region,
        queueUrl,
        kafkaBootstrap: kafka.bootstrap,
        spoolDir,
        topic,
      });
      const secondary = phase.secondary === 'Kafka' ? kafka : sqs;

      await secondary.halt(); // down for the whole life of the first process
      const publisher = startChild(settings('publish'));
      const acked = () => publisher.lines.filter((l) => l.startsWith('acked ')).map((l) => l.slice(6));
      await Promise.race([
        until(() => acked().length >= 300, '300 acknowledged publishes', 120_000),
        publisher.exited.then(({ stderr }) =>
          Promise.reject(new Error(`publisher exited early:\n${stderr}`)),
        ),
      ]);
      publisher.kill('SIGKILL');
      const { signal } = await publisher.exited;
      assert.equal(signal, 'SIGKILL');
      const acknowledged = acked(); // every line the process wrote before it died
      assert.ok(statSync(path.join(spoolDir, 'spool.log')).size > 0, 'the spool holds what is owed');

      await secondary.resume();
      const drainer = startChild(settings('drain'));
      const { code, stderr } = await drainer.exited;
      assert.equal(code, 0, `the restarted process drained the spool:\n${stderr}`);
      const drained = drainer.lines.find((l) => l.startsWith('drained '));
      const metrics = JSON.parse(drained!.slice(8)) as { replayed: number };
      assert.ok(
        metrics.replayed >= acknowledged.length,
        `replayed ${metrics.replayed} >= ${acknowledged.length}`,
      );

      const onKafka = counts((await readAll(kafka.bootstrap, topic)).map((r) => r.envelope.id));
      const onSqs = counts((await drainQueue(client, queueUrl)).map((m) => m.envelope.id));
      const [onPrimary, onSecondary] = phase.secondary === 'Kafka' ? [onSqs, onKafka] : [onKafka, onSqs];
      const lost = acknowledged.filter((id) => !onSecondary.has(id));
      assert.deepEqual(lost, [], 'every acknowledged message reached the secondary');
      assert.ok(
        acknowledged.every((id) => onPrimary.has(id)),
        'and the primary',
      );
      const extra = [...onSecondary.keys()].filter((id) => !onPrimary.has(id));
      assert.deepEqual(extra, [], 'the secondary holds nothing the primary lacks');
      assert.equal(statSync(path.join(spoolDir, 'spool.log')).size, 0, 'compacted once drained');
      const duplicates = [...onSecondary.values()].filter((n) => n > 1).length;
      console.log(
        `${phase.name}: ${acknowledged.length} acknowledged before SIGKILL, ${metrics.replayed} replayed, ` +
          `${onSecondary.size} distinct on ${phase.secondary} (${duplicates} duplicated), ${onPrimary.size} on the primary`,
      );
    });
  }
});
