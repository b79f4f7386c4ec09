import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { parse } from 'yaml';
import { CliIo } from '../../cli/io';
import { runTopicsDiff } from '../../cli/topicsDiff';
import { runTopicsExport } from '../../cli/topicsExport';
import { Drift } from '../../topics/diffCatalog';
import { parseCatalog } from '../../topics/parseCatalog';
import { RunningKafka, startKafka } from '../harness/kafka';
import { PROJECT_DIR } from '../harness/plan';
import { createTopicsAndWait, observerAdmin } from '../harness/clients';

/** Runs a CLI command in-process, capturing its output. */
async function run(
  command: (argv: string[], io: CliIo) => Promise<number>,
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = PROJECT_DIR,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command(argv, { out: (t) => (out += t), err: (t) => (err += t), env, cwd });
  return { code, out, err };
}

const ORDERS_CONFIG = {
  'retention.ms': '86400000',
  'cleanup.policy': 'delete,compact',
  'max.message.bytes': '2000000',
  // A real topic config this program does not manage: exported as a comment, not drift.
  'message.downconversion.enable': 'false',
};

describe('topics:export and topics:diff against a real broker', () => {
  let kafka: RunningKafka;
  let admin: Admin;
  let dir: string;

  before(async () => {
    kafka = await startKafka();
    admin = await observerAdmin(kafka, 'test-setup');
    await createTopicsAndWait(admin, {
      topics: [
        {
          topic: 'orders',
          numPartitions: 6,
          replicationFactor: 1,
          configEntries: Object.entries(ORDERS_CONFIG).map(([name, value]) => ({ name, value })),
        },
        { topic: 'audit.log', numPartitions: 1, replicationFactor: 1 },
        { topic: '_schemas', numPartitions: 1, replicationFactor: 1 },
      ],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topics-cli-'));
  });

  after(async () => {
    await admin?.disconnect();
    await kafka?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports every non-internal topic with partitions, replication factor and managed configs', async () => {
    const { code, out, err } = await run(runTopicsExport, ['--brokers', kafka.bootstrap]);
    assert.equal(code, 0, err);
    const { catalog, problems } = parseCatalog(out, 'export');
    assert.deepEqual(problems, []);
    assert.deepEqual(catalog.topics, [
      { name: 'audit.log', partitions: 1, replicationFactor: 1, config: {} },
      {
        name: 'orders',
        partitions: 6,
        replicationFactor: 1,
        config: {
          'cleanup.policy': 'compact,delete',
          'max.message.bytes': '2000000',
          'retention.ms': '86400000',
        },
      },
    ]);
    assert.match(
      out,
      /- name: orders\n {4}# not exported from orders: message\.downconversion\.enable=false \(is not a topic config this program manages\)/,
    );
    assert.match(err, /exported 2 topic\(s\); left out 1 internal topic\(s\)/);
    assert.match(err, /not exported: orders message\.downconversion\.enable=false/);
  });

  it('export is deterministic and writes a file with --out', async () => {
    const file = path.join(dir, 'a.yaml');
    const first = await run(runTopicsExport, ['--brokers', kafka.bootstrap, '--out', file]);
    assert.equal(first.code, 0);
    const second = await run(runTopicsExport, ['--brokers', kafka.bootstrap]);
    assert.equal(fs.readFileSync(file, 'utf8'), second.out);
  });

  it('merging into an existing catalog keeps its services and descriptions', async () => {
    const base = path.join(dir, 'base.yaml');
    fs.writeFileSync(
      base,
      [
        'topics:',
        '  - { name: orders, partitions: 1, description: Orders placed in the shop. }',
        '  - { name: audit.log, partitions: 1 }',
        'services:',
        '  - name: shop',
        '    produces: [orders]',
        '    consumes: [{ topic: audit.log, group: shop }]',
        '',
      ].join('\n'),
    );
    const { code, out } = await run(runTopicsExport, [
      '--brokers',
      kafka.bootstrap,
      '--merge',
      base,
      '--without-replication-factor',
    ]);
    assert.equal(code, 0);
    const doc = parse(out) as { topics: Record<string, unknown>[]; services: Record<string, unknown>[] };
    assert.deepEqual(doc.topics[0], {
      name: 'orders',
      description: 'Orders placed in the shop.',
      partitions: 6,
      config: {
        'cleanup.policy': 'compact,delete',
        'max.message.bytes': '2000000',
        'retention.ms': '86400000',
      },
    });
    assert.deepEqual(doc.services, [
      {
        name: 'shop',
        namespace: 'default',
        produces: ['orders'],
        consumes: [{ topic: 'audit.log', group: 'shop' }],
      },
    ]);
  });

  it('--out refuses to replace a file without --force; --merge FILE --out FILE --force keeps its services', async () => {
    const file = path.join(dir, 'catalog.yaml');
    const catalog = [
      'topics:',
      '  - { name: orders, partitions: 1, description: Orders placed in the shop. }',
      'services:',
      '  - { name: shop, produces: [orders] }',
      '',
    ].join('\n');
    fs.writeFileSync(file, catalog);

    const refused = await run(runTopicsExport, ['--brokers', kafka.bootstrap, '--out', file]);
    assert.equal(refused.code, 2);
    assert.match(
      refused.err,
      new RegExp(
        `^--out ${file}: ${file} already exists; add --force to replace it, or --merge ${file} --force ` +
          'to update it keeping its services and descriptions\n',
      ),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), catalog, 'untouched');

    const merged = await run(runTopicsExport, [
      '--brokers',
      kafka.bootstrap,
      '--merge',
      file,
      '--out',
      file,
      '--force',
    ]);
    assert.equal(merged.code, 0, merged.err);
    const doc = parse(fs.readFileSync(file, 'utf8')) as {
      topics: { name: string; description?: string }[];
      services: { name: string }[];
    };
    assert.deepEqual(
      doc.services.map((s) => s.name),
      ['shop'],
    );
    assert.equal(doc.topics.find((t) => t.name === 'orders')?.description, 'Orders placed in the shop.');
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp file left',
    );
  });

  it('diff of a fresh export against the same cluster is clean (exit 0)', async () => {
    const file = path.join(dir, 'clean.yaml');
    fs.rmSync(file, { force: true });
    assert.equal((await run(runTopicsExport, ['--brokers', kafka.bootstrap, '--out', file])).code, 0);
    const { code, out } = await run(runTopicsDiff, ['--brokers', kafka.bootstrap, '--catalog', file]);
    assert.equal(code, 0, out);
    assert.match(
      out,
      /note +orders: message\.downconversion\.enable=false is not managed by the catalog \(ignored\)/,
    );
    assert.match(out, /No drift: 127\.0\.0\.1:\d+ matches the catalog\.$/m);
  });

  it('detects each kind of drift (exit 1), as text and as JSON', async () => {
    await createTopicsAndWait(admin, {
      topics: [
        { topic: 'drift.extra', numPartitions: 2, replicationFactor: 1 },
        { topic: 'drift.grown', numPartitions: 2, replicationFactor: 1 },
      ],
    });
    await admin.createPartitions({ topicPartitions: [{ topic: 'drift.grown', count: 4 }] });
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 'drift.grown',
          configEntries: [
            { name: 'retention.ms', value: '3600000' },
            { name: 'segment.ms', value: '600000' },
          ],
        },
      ],
    });
    // KRaft applies a config change through its metadata log; under load a describe right after
    // the alter can still miss it. Wait until the broker serves it, so the diff sees the drift.
    for (let tries = 0; ; tries++) {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'drift.grown', configNames: ['segment.ms'] }],
      });
      if (resources[0]?.configEntries[0]?.configValue === '600000') break;
      if (tries > 100) throw new Error('drift.grown: segment.ms=600000 never became visible');
      await new Promise((r) => setTimeout(r, 100));
    }
    const file = path.join(dir, 'drift.yaml');
    fs.writeFileSync(
      file,
      [
        'topics:',
        '  - { name: orders, partitions: 6, config: { retention.ms: 86400000, cleanup.policy: "compact,delete", max.message.bytes: 2000000 } }',
        '  - { name: audit.log, partitions: 1, replicationFactor: 3 }',
        '  - { name: drift.grown, partitions: 2, config: { retention.ms: 86400000 } }',
        '  - { name: drift.missing, partitions: 3 }',
        'services: []',
        '',
      ].join('\n'),
    );
    const json = await run(runTopicsDiff, ['--brokers', kafka.bootstrap, '--catalog', file, '--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out) as { clean: boolean; drift: Drift[] };
    assert.equal(report.clean, false);
    assert.deepEqual(report.drift, [
      { kind: 'replicationFactor', topic: 'audit.log', catalog: 3, cluster: 1 },
      { kind: 'extra', topic: 'drift.extra', partitions: 2, replicationFactor: 1 },
      { kind: 'partitions', topic: 'drift.grown', catalog: 2, cluster: 4 },
      { kind: 'config', topic: 'drift.grown', key: 'retention.ms', catalog: '86400000', cluster: '3600000' },
      { kind: 'config', topic: 'drift.grown', key: 'segment.ms', cluster: '600000' },
      { kind: 'missing', topic: 'drift.missing', partitions: 3 },
    ]);

    const text = await run(runTopicsDiff, ['--brokers', kafka.bootstrap, '--catalog', file]);
    assert.equal(text.code, 1);
    assert.match(text.out, /^missing +drift\.missing: in the catalog \(3 partitions\), not on the cluster$/m);
    assert.match(
      text.out,
      /^partitions drift\.grown: catalog 2, cluster 4 \(partitions cannot decrease: fix the catalog\)$/m,
    );
    assert.match(text.out, /^Drift: 6 difference\(s\)/m);
  });

  it('compares unset replication factors against --default-replication-factor', async () => {
    const file = path.join(dir, 'rf.yaml');
    fs.writeFileSync(file, 'topics:\n  - { name: audit.log, partitions: 1 }\nservices: []\n');
    const args = ['--brokers', kafka.bootstrap, '--catalog', file, '--json'];
    const loose = JSON.parse((await run(runTopicsDiff, args)).out) as { drift: Drift[] };
    assert.ok(!loose.drift.some((d) => d.kind === 'replicationFactor'));
    const strict = JSON.parse(
      (await run(runTopicsDiff, [...args, '--default-replication-factor', '3'])).out,
    ) as {
      drift: Drift[];
    };
    assert.ok(strict.drift.some((d) => d.kind === 'replicationFactor' && d.topic === 'audit.log'));
  });

  it('as real processes: exit 1 on drift, 2 on bad usage, 3 when the cluster is unreachable', () => {
    const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
    const cli = (...args: string[]) => spawnSync(tsx, args, { cwd: PROJECT_DIR, encoding: 'utf8' });
    // The committed catalog's topics do not exist on this broker.
    assert.equal(cli('cli/topicsDiff.ts', '--brokers', kafka.bootstrap).status, 1);
    const usage = cli('cli/topicsDiff.ts', '--brokers', 'nohost');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--brokers: "nohost" is not host:port/);
    const down = cli('cli/topicsExport.ts', '--brokers', '127.0.0.1:1', '--connect-timeout-ms', '1000');
    assert.equal(down.status, 3);
    assert.match(down.stderr, /cannot reach Kafka brokers 127\.0\.0\.1:1/);
  });
});

describe('topics:export over SASL_SSL with SCRAM', () => {
  let kafka: RunningKafka;

  before(async () => {
    kafka = await startKafka({ sasl: true });
    const admin = await observerAdmin(kafka, 'test-setup');
    await createTopicsAndWait(admin, {
      topics: [
        {
          topic: 'secure.events',
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: '60000' }],
        },
      ],
    });
    await admin.disconnect();
  });

  after(async () => {
    await kafka?.stop();
  });

  it('reads the cluster with the password from an environment variable and a private CA', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topics-cli-tls-'));
    try {
      const ca = path.join(dir, 'ca.pem');
      fs.writeFileSync(ca, kafka.caPem!);
      const args = [
        '--brokers',
        kafka.saslBootstrap!,
        '--tls',
        '--ca-file',
        ca,
        '--sasl-mechanism',
        'scram-sha-512',
        '--username',
        kafka.admin.name,
        '--password-env',
        'OLD_KAFKA_PASSWORD',
      ];
      const { code, out, err } = await run(runTopicsExport, args, {
        OLD_KAFKA_PASSWORD: kafka.admin.password,
      });
      assert.equal(code, 0, err);
      assert.ok(
        !out.includes(kafka.admin.password) && !err.includes(kafka.admin.password),
        'password never printed',
      );
      const { catalog } = parseCatalog(out, 'export');
      assert.deepEqual(catalog.topics, [
        { name: 'secure.events', partitions: 3, replicationFactor: 1, config: { 'retention.ms': '60000' } },
      ]);

      const wrong = await run(runTopicsExport, args, { OLD_KAFKA_PASSWORD: 'wrong-password' }).catch(
        (e: unknown) => e as Error,
      );
      assert.ok(wrong instanceof Error, 'a wrong password fails');
      assert.ok(!wrong.message.includes('wrong-password'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
