import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin } from 'kafkajs';
import { parse, stringify } from 'yaml';
import { ENV } from '../../client/contract';
import { describeTopic } from '../../kafka/admin/topicOps';
import { observerAdmin } from '../harness/clients';
import { E2eStack, Engine, EngineError, startEngine } from '../harness/engine';
import { makeTempDir, REPO_ROOT, RunningKafka, startKafka } from '../harness/kafka';
import { committedStackConfig } from '../harness/plan';

interface CatalogFile {
  topics: { name: string; partitions: number; replicationFactor?: number }[];
  services: { name: string; produces?: string[] }[];
}

/** The README's two commands, as written there (the block under "The two commands"). */
function readmeCommands(): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The two commands'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/**
 * A new team's first day, from the README, on a machine with Docker Compose only: a loopback Kafka
 * broker stands in for the Compose Redpanda (no Docker engine here), the stack config is the
 * committed Pulumi.local.yaml with only the runner's broker address changed (a developer's own
 * broker), and the real engine runs `preview` / `up` after the README's offline plan and after a
 * catalog edit. No Kubernetes cluster exists: the stack must not need one.
 */
describe('README walk: the local stack with Docker Compose only', { timeout: 900_000 }, () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let engine: Engine;
  let stack: E2eStack;
  let catalogFile: string;
  const committedCatalog = parse(
    readFileSync(path.join(REPO_ROOT, 'topics/catalog.yaml'), 'utf8'),
  ) as CatalogFile;
  const committed = committedStackConfig('local');
  const local = committed['kafka:local'] as Record<string, unknown>;
  const envFile = (location: 'compose' | 'host', service: string) =>
    path.join(REPO_ROOT, 'rendered', stack.name, 'env', location, `${service}.env`);
  const envOf = (file: string) =>
    Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );

  const configure = (settings: Record<string, unknown> = {}) =>
    stack.configure({
      ...committed,
      'kafka:catalog': catalogFile,
      'kafka:local': { ...local, bootstrapServers: kafka.bootstrap },
      ...settings,
    });

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka);
    engine = await startEngine();
    catalogFile = path.join(await makeTempDir('e2e-readme-'), 'catalog.yaml');
    writeFileSync(catalogFile, stringify(committedCatalog));
    stack = await engine.newStack('readme');
  });

  after(async () => {
    if (stack) rmSync(path.join(REPO_ROOT, 'rendered', stack.name), { recursive: true, force: true });
    await engine?.close();
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('the README names the two commands this test runs', () => {
    assert.deepEqual(readmeCommands(), [
      'npm ci && npm run plan -- --stack local',
      'pulumi up --stack local',
    ]);
  });

  it('first command: the offline plan of the committed local stack, with each service’s env', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'cli/plan.ts', '--stack', 'local'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.match(out, new RegExp(`Service env \\(${committedCatalog.services.length}\\):`));
    assert.doesNotMatch(out, /kubernetes:/);
  });

  it('second command: preview and up with no Kubernetes cluster, topics created, env files written', async () => {
    await configure();
    const preview = await stack.preview();
    assert.doesNotMatch(preview.output, /kubernetes|context/i);
    // No dashboard or rules document in the preview: 86 lines for 6 resources when written (614
    // before); most of the rest is the monitoring summary's list of what is not watched.
    const resources = Object.values(preview.changeSummary).reduce((a, b) => a + (b ?? 0), 0);
    const lines = preview.output.trimEnd().split('\n').length;
    assert.ok(lines <= 90 + resources, `${lines} lines for ${resources} resources:\n${preview.output}`);
    assert.ok(!existsSync(envFile('host', committedCatalog.services[0]!.name)), 'a preview writes nothing');
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    for (const topic of committedCatalog.topics) {
      assert.equal((await describeTopic(admin, topic.name))?.partitions, topic.partitions, topic.name);
    }
    for (const service of committedCatalog.services) {
      assert.equal(envOf(envFile('host', service.name))[ENV.brokerUrl], kafka.bootstrap);
      assert.equal(envOf(envFile('compose', service.name))[ENV.brokerUrl], local.clientBootstrapServers);
      assert.equal(envOf(envFile('host', service.name))[ENV.clientId], service.name);
    }
    const dashboard = path.join(
      REPO_ROOT,
      'rendered',
      stack.name,
      'outputs',
      'local.monitoring.grafanaDashboard.json',
    );
    assert.ok(JSON.parse(readFileSync(dashboard, 'utf8')), 'the dashboard is a file `up` wrote');
    const outputs = await stack.outputs();
    const services = outputs.services?.value as Record<string, { envFiles: { host: string } }>;
    const first = committedCatalog.services[0]!.name;
    assert.equal(services[first]?.envFiles.host, `rendered/${stack.name}/env/host/${first}.env`);
  });

  it('a catalog edit: preview shows one topic to create, up creates it and the producer’s env names it', async () => {
    const edited = structuredClone(committedCatalog);
    edited.topics.push({ name: 'readme.walk.added', partitions: 2 });
    const producer = edited.services[0]!;
    producer.produces = [...(producer.produces ?? []), 'readme.walk.added'];
    writeFileSync(catalogFile, stringify(edited));
    const preview = await stack.preview();
    assert.equal(preview.changeSummary.create, 1);
    await stack.up();
    assert.equal((await describeTopic(admin, 'readme.walk.added'))?.partitions, 2);
    assert.match(envOf(envFile('host', producer.name))[ENV.produces] ?? '', /(^|,)readme\.walk\.added(,|$)/);
    const again = await stack.preview();
    assert.deepEqual(Object.keys(again.changeSummary), ['same']);
  });

  it('opting in to a local cluster that does not exist stops preview, naming the setting to change', async () => {
    const kubeconfig = path.join(await makeTempDir('e2e-kubeconfig-'), 'config');
    writeFileSync(kubeconfig, stringify({ apiVersion: 'v1', kind: 'Config', contexts: [] }));
    await configure({ 'kafka:kubernetes': { context: 'kind-kafka-platform', kubeconfigPath: kubeconfig } });
    const output = await stack.preview().then(
      () => assert.fail('preview should fail'),
      (err: EngineError) => err.output,
    );
    assert.match(output, /kafka:kubernetes\.context: context "kind-kafka-platform" is not in the kubeconfig/);
    assert.match(output, /pulumi config rm --path kafka:kubernetes\.context/);
    assert.doesNotMatch(output, /PULUMI_K8S_DELETE_UNREACHABLE/);
    await configure();
  });
});
