import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { COMPOSE_FILE, renderComposeFile } from '../../compose/composeFile';
import { Catalog } from '../../topics/catalog';
import { loadCatalog } from '../../topics/loadCatalog';
import { PROJECT_DIR } from '../harness/plan';

/**
 * docker-compose.kafka.yml as a real Compose implementation reads it (Debian's docker-compose,
 * `config` needs no Docker engine): listeners, health check, volume, network, and a topic init
 * that covers the catalog.
 */
interface ComposeService {
  image: string;
  command?: string[];
  entrypoint?: string[] | string;
  ports?: { published: number; target: number }[];
  volumes?: string[];
  networks?: Record<string, unknown>;
  healthcheck?: { test: string[]; interval?: string; retries?: number };
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
  networks: Record<string, { name?: string }>;
}

const cache = new Map<string, ComposeConfig>();

/** `docker-compose config` takes seconds to start; each file is read once. */
function composeConfig(file: string): ComposeConfig {
  const cached = cache.get(file);
  if (cached) return cached;
  const run = spawnSync('docker-compose', ['-f', file, 'config'], {
    encoding: 'utf8',
    cwd: path.dirname(file),
  });
  if (run.error) {
    assert.fail(
      `docker-compose is needed for this test (apt-get install -y docker-compose): ${run.error.message}`,
    );
  }
  assert.equal(run.status, 0, `docker-compose config failed:\n${run.stderr}`);
  const config = parse(run.stdout) as ComposeConfig;
  cache.set(file, config);
  return config;
}

/** The init script's rpk create commands, as { topic: args }. */
function createdTopics(config: ComposeConfig): Map<string, string> {
  const init = config.services['topics-init'];
  assert.ok(init?.command, 'a topics-init service with a command');
  const lines = init.command.join('\n').split('\n');
  const created = new Map<string, string>();
  for (const line of lines) {
    const m = /^rpk topic create (\S+) (.*)$/.exec(line.trim());
    if (m) created.set(m[1]!, m[2]!);
  }
  return created;
}

function assertInitCovers(config: ComposeConfig, catalog: Catalog): void {
  const created = createdTopics(config);
  assert.deepEqual([...created.keys()].sort(), catalog.topics.map((t) => t.name).sort());
  for (const topic of catalog.topics) {
    const args = created.get(topic.name)!;
    assert.match(args, /--if-not-exists/, `${topic.name} is created idempotently`);
    assert.match(args, new RegExp(`-p ${topic.partitions}( |$)`));
    assert.match(args, /-X brokers=redpanda:9092/);
    for (const [key, value] of Object.entries(topic.config)) {
      assert.ok(args.includes(`-c ${key}=${value}`), `${topic.name} gets ${key}=${value}`);
    }
  }
}

describe('docker-compose.kafka.yml under docker-compose config', () => {
  const file = path.join(PROJECT_DIR, COMPOSE_FILE);

  it('uses the Compose spec (no version key) and pins every image', () => {
    const source = parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.ok(!('version' in source), 'no top-level version: key');
    const config = composeConfig(file);
    for (const [name, service] of Object.entries(config.services)) {
      assert.match(service.image, /:v?\d+\.\d+\.\d+$/, `${name} image is pinned to a release tag`);
    }
  });

  it('has an internal listener redpanda:9092 and an external one localhost:19092', () => {
    const { services } = composeConfig(file);
    const redpanda = services.redpanda!;
    const arg = (flag: string) => redpanda.command![redpanda.command!.indexOf(flag) + 1];
    assert.equal(arg('--kafka-addr'), 'internal://0.0.0.0:9092,external://0.0.0.0:19092');
    assert.equal(arg('--advertise-kafka-addr'), 'internal://redpanda:9092,external://localhost:19092');
    assert.ok(
      redpanda.ports?.some((p) => p.published === 19092 && p.target === 19092),
      'host port 19092',
    );
    assert.ok(
      !redpanda.ports?.some((p) => p.target === 9092),
      'the internal listener stays inside the network',
    );
  });

  it('has a health check the init service and Console wait for', () => {
    const { services } = composeConfig(file);
    const health = services.redpanda!.healthcheck;
    assert.deepEqual(health?.test, ['CMD-SHELL', "rpk cluster health | grep -E 'Healthy:.+true' || exit 1"]);
    assert.equal(services['topics-init']!.depends_on?.redpanda?.condition, 'service_healthy');
    assert.equal(services.console!.depends_on?.redpanda?.condition, 'service_healthy');
    assert.equal(services.console!.depends_on?.['topics-init']?.condition, 'service_completed_successfully');
  });

  it('keeps broker data in a named volume and everything on a dedicated network', () => {
    const config = composeConfig(file);
    assert.ok('redpanda-data' in config.volumes);
    assert.ok(
      config.services.redpanda!.volumes?.some((v) => v.startsWith('redpanda-data:/var/lib/redpanda/data')),
    );
    assert.equal(config.networks.kafka?.name, 'kafka-platform');
    for (const [name, service] of Object.entries(config.services)) {
      assert.deepEqual(Object.keys(service.networks ?? {}), ['kafka'], `${name} is on the kafka network`);
    }
  });

  it('has a monitoring profile: Prometheus on Redpanda’s metrics, Alertmanager and Grafana, their configuration mounted', () => {
    const { services } = composeConfig(file);
    for (const name of ['prometheus', 'alertmanager', 'grafana']) {
      assert.deepEqual(
        services[name]?.profiles,
        ['monitoring'],
        `${name} only runs with --profile monitoring`,
      );
      for (const volume of services[name]!.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('/'))
          assert.ok(fs.existsSync(source), `${name} mounts ${source}, which exists`);
      }
    }
    for (const name of ['redpanda', 'topics-init', 'console']) {
      assert.equal(services[name]?.profiles, undefined, `${name} runs without a profile`);
    }
    assert.ok(services.prometheus!.volumes?.some((v) => v.endsWith(':/etc/prometheus:ro')));
    assert.ok(services.grafana!.volumes?.some((v) => v.endsWith(':/etc/grafana/provisioning:ro')));
    assert.ok(
      services.prometheus!.ports?.some((p) => p.published === 9090) &&
        services.grafana!.ports?.some((p) => p.published === 3000),
    );
    const script = services['topics-init']!.command!.join('\n');
    assert.match(
      script,
      /rpk cluster config set enable_consumer_group_metrics '\["group", "partition", "consumer_lag"\]'/,
    );
  });

  it('creates every topic of the committed catalog with its partitions and configs', () => {
    const { catalog, problems } = loadCatalog('topics/catalog.yaml', PROJECT_DIR);
    assert.deepEqual(problems, []);
    assertInitCovers(composeConfig(file), catalog);
  });

  it('follows a different catalog: the generator, not a hand-written list, decides the topics', () => {
    const catalog: Catalog = {
      topics: [
        {
          name: 'orders',
          partitions: 12,
          config: { 'cleanup.policy': 'compact', 'min.insync.replicas': '1' },
        },
        { name: 'audit_log', partitions: 1, config: {} },
      ],
      services: [],
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-'));
    try {
      const other = path.join(dir, COMPOSE_FILE);
      fs.writeFileSync(other, renderComposeFile(catalog));
      const config = composeConfig(other);
      assertInitCovers(config, catalog);
      const script = config.services['topics-init']!.command!.join('\n');
      assert.ok(!script.includes('ml.jobs'), 'no topic from anywhere but this catalog');
      assert.ok(!script.includes('alter-config audit_log'), 'no config change for a topic without configs');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
