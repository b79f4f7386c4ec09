import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { COMPOSE_FILE, renderComposeFile, topicInitCommands } from '../../../compose/composeFile';
import { ENV_DIR, localServiceEnv, renderEnvFiles } from '../../../compose/envFiles';
import { renderObservabilityFiles } from '../../../compose/monitoringProfile';
import { EXTERNAL_BOOTSTRAP, INTERNAL_BOOTSTRAP } from '../../../compose/localCluster';
import { ENV } from '../../../client/contract';
import { serviceEnv } from '../../../k8s/env';
import { loadCatalog } from '../../../topics/loadCatalog';
import { assertGeneratedUpToDate } from '../../harness/generated';
import { PROJECT_DIR } from '../../harness/plan';

const { catalog, problems } = loadCatalog('topics/catalog.yaml', PROJECT_DIR);
const read = (rel: string) => fs.readFileSync(path.join(PROJECT_DIR, rel), 'utf8');

describe('generated local-development files', () => {
  it('the committed catalog is valid', () => assert.deepEqual(problems, []));

  it('docker-compose.kafka.yml is what the generator makes of the catalog (run npm run compose:generate)', () => {
    assert.equal(read(COMPOSE_FILE), renderComposeFile(catalog));
  });

  it('the monitoring profile’s configuration under compose/monitoring/ is what the generator makes of the catalog', () => {
    const files = renderObservabilityFiles(catalog);
    assert.ok(files.length > 0);
    for (const file of files) assert.equal(read(file.path), file.content, `${file.path} (run npm run regen)`);
  });

  it('every env file is what the generator makes of the catalog, and there are no others', () => {
    const files = renderEnvFiles(catalog);
    assert.equal(files.length, catalog.services.length * 2, 'one per service and location');
    for (const file of files) assert.equal(read(file.path), file.content, file.path);
    const committed = ['compose', 'host'].flatMap((dir) =>
      fs.readdirSync(path.join(PROJECT_DIR, ENV_DIR, dir)).map((f) => `${ENV_DIR}/${dir}/${f}`),
    );
    assert.deepEqual(committed.sort(), files.map((f) => f.path).sort());
  });

  it('env files carry the same variables the Kubernetes ConfigMap gets, with the right listener', () => {
    for (const service of catalog.services) {
      const k8s = serviceEnv(service, { bootstrapServers: 'x:1', securityProtocol: 'PLAINTEXT' }, {});
      const host = localServiceEnv(service, 'host');
      const compose = localServiceEnv(service, 'compose');
      assert.deepEqual(Object.keys(host).sort(), Object.keys(k8s.config).sort());
      assert.deepEqual({ ...host, [ENV.brokerUrl]: 'x:1' }, { ...k8s.config, [ENV.brokerUrl]: 'x:1' });
      assert.equal(host[ENV.brokerUrl], 'localhost:19092');
      assert.equal(compose[ENV.brokerUrl], 'redpanda:9092');
    }
    const ml = read('compose/env/host/ml-service.env');
    assert.match(ml, /^KAFKA_PRODUCES=ml\.jobs\.completed,ml\.jobs\.failed$/m);
    assert.match(ml, /^KAFKA_CONSUMER_GROUP=ml-service$/m);
    assert.ok(!/PASSWORD|USERNAME/.test(read('compose/env/compose/backend-api.env')), 'no credentials');
  });

  it('npm run compose:generate -- --check agrees (what CI and people run)', () => {
    assertGeneratedUpToDate('scripts/compose-generate.ts');
  });

  it('Pulumi.local.yaml dials the same listeners: the runner on the host, services in the network', () => {
    const stack = parse(read('Pulumi.local.yaml')) as { config: Record<string, Record<string, unknown>> };
    const local = stack.config['kafka:local']!;
    assert.equal(local.bootstrapServers, EXTERNAL_BOOTSTRAP);
    assert.equal(local.clientBootstrapServers, INTERNAL_BOOTSTRAP);
    assert.equal(local.defaultReplicationFactor, 1);
  });

  it('init commands: create with partitions and configs, then re-set the configs', () => {
    assert.deepEqual(
      topicInitCommands({
        name: 'a.b',
        partitions: 4,
        config: { 'retention.ms': '1000', 'cleanup.policy': 'compact' },
      }),
      [
        'rpk topic create a.b --if-not-exists -p 4 -r 1 -c cleanup.policy=compact -c retention.ms=1000 -X brokers=redpanda:9092',
        'rpk topic alter-config a.b --set cleanup.policy=compact --set retention.ms=1000 -X brokers=redpanda:9092',
      ],
    );
    assert.deepEqual(topicInitCommands({ name: 'c', partitions: 1, replicationFactor: 3, config: {} }), [
      'rpk topic create c --if-not-exists -p 1 -r 1 -X brokers=redpanda:9092',
    ]);
  });
});
