import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings } from '../../../input';
import { BACKENDS } from '../../../providers';

/** Each row: `kafka:` values (and which keys are secret) and the exact problems users must see. */
interface Case {
  name: string;
  values: Record<string, unknown>;
  secretKeys?: string[];
  expected: string[];
}

const local = { bootstrapServers: 'localhost:19092' };
const source = { bootstrapServers: 'old:9092' };
const scram = { mechanism: 'scram-sha-512', username: 'mm2' };

const CASES: Case[] = [
  {
    name: 'not a mapping',
    values: { migration: 'old:9092' },
    expected: [
      'kafka:migration: must be a mapping of keys to values, got "old:9092"',
      'kafka:migration.source: is required: the old cluster, at least { bootstrapServers: "host:9092" }',
    ],
  },
  {
    name: 'no source',
    values: { migration: {} },
    expected: [
      'kafka:migration.source: is required: the old cluster, at least { bootstrapServers: "host:9092" }',
    ],
  },
  {
    name: 'source without bootstrap servers',
    values: { migration: { source: { tls: true } } },
    expected: ['kafka:migration.source.bootstrapServers: is required'],
  },
  {
    name: 'bad bootstrap servers',
    values: { migration: { source: { bootstrapServers: 'old' }, target: { bootstrapServers: 'new:x' } } },
    expected: [
      'kafka:migration.source.bootstrapServers: "old" must be a comma-separated list of host:port, e.g. redpanda-srv.default.svc:9092',
      'kafka:migration.target.bootstrapServers: "new:x" must be a comma-separated list of host:port, e.g. redpanda-srv.default.svc:9092',
    ],
  },
  {
    name: 'unknown keys (typos)',
    values: { migration: { source: { ...source, sasll: {} }, topics: ['a'] } },
    expected: [
      'kafka:migration.topics: is not a known setting (allowed: source, target, namespace, replicationFactor, syncIntervalSeconds, image)',
      'kafka:migration.source.sasll: is not a known setting (allowed: bootstrapServers, tls, sasl)',
    ],
  },
  {
    name: 'source SASL without the password key',
    values: { migration: { source: { ...source, sasl: scram } } },
    expected: [
      'kafka:migrationSourcePassword: is required with kafka:migration.source.sasl: pulumi config set --secret kafka:migrationSourcePassword <password>',
    ],
  },
  {
    name: 'source password in plain text',
    values: { migration: { source: { ...source, sasl: scram } }, migrationSourcePassword: 'hunter2' },
    expected: [
      'kafka:migrationSourcePassword: holds a credential and must be set with: pulumi config set --secret kafka:migrationSourcePassword <value>',
    ],
  },
  {
    name: 'unknown mechanism, no user name',
    values: {
      migration: { source: { ...source, sasl: { mechanism: 'gssapi' } } },
      migrationSourcePassword: 'x',
    },
    secretKeys: ['migrationSourcePassword'],
    expected: [
      'kafka:migration.source.sasl.mechanism: "gssapi" is not one of plain, scram-sha-256, scram-sha-512',
      'kafka:migration.source.sasl.username: is required',
    ],
  },
  {
    name: 'PLAIN without TLS',
    values: {
      migration: { source: { ...source, sasl: { mechanism: 'plain', username: 'u' } } },
      migrationSourcePassword: 'x',
    },
    secretKeys: ['migrationSourcePassword'],
    expected: [
      'kafka:migration.source.sasl.mechanism: "plain" sends the password in clear text: it needs kafka:migration.source.tls: true',
    ],
  },
  {
    name: 'target password without target SASL',
    values: { migration: { source }, migrationTargetPassword: 'x' },
    secretKeys: ['migrationTargetPassword'],
    expected: [
      'kafka:migrationTargetPassword: is set but kafka:migration.target.sasl is not: add { sasl: { mechanism, username } }',
    ],
  },
  {
    name: 'password keys without kafka:migration',
    values: { migrationSourcePassword: 'x' },
    secretKeys: ['migrationSourcePassword'],
    expected: [
      'kafka:migrationSourcePassword: is set but kafka:migration is not: remove it, or configure kafka:migration',
    ],
  },
  {
    name: 'target is the source',
    values: { migration: { source, target: { bootstrapServers: 'old:9092' } } },
    expected: [
      'kafka:migration.target.bootstrapServers: is the same cluster as kafka:migration.source: nothing to migrate',
    ],
  },
  {
    name: 'bad namespace, replication factor, interval, tls',
    values: {
      migration: {
        source: { ...source, tls: 'yes' },
        namespace: 'Kafka_Migration',
        replicationFactor: 0,
        syncIntervalSeconds: 'often',
      },
    },
    expected: [
      'kafka:migration.source.tls: must be true or false, got "yes"',
      'kafka:migration.namespace: "Kafka_Migration" must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
      'kafka:migration.replicationFactor: 0 is less than 1 (allowed: 1 to 32767)',
      'kafka:migration.syncIntervalSeconds: must be a whole number, got "often"',
    ],
  },
  {
    name: 'Kubernetes delivery turned off',
    values: { migration: { source }, kubernetes: { enabled: false } },
    expected: ['kafka:migration: MirrorMaker 2 runs in Kubernetes: it needs kafka:kubernetes.enabled true'],
  },
];

describe('kafka:migration bad input', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { problems } = parseSettings(
        {
          values: { provider: 'local', local, kubernetes: { enabled: true }, ...c.values },
          secretKeys: new Set(c.secretKeys ?? []),
        },
        'dev',
        BACKENDS,
      );
      assert.deepEqual(
        problems.map((p) => `${p.where}: ${p.message}`),
        c.expected,
      );
    });
  }

  it('a complete setting parses with its defaults', () => {
    const { settings, problems } = parseSettings(
      {
        values: {
          provider: 'local',
          local,
          kubernetes: { enabled: true },
          migration: { source: { ...source, tls: true, sasl: scram } },
          migrationSourcePassword: 'x',
        },
        secretKeys: new Set(['migrationSourcePassword']),
      },
      'dev',
      BACKENDS,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.migration, {
      source: {
        bootstrapServers: 'old:9092',
        tls: true,
        sasl: { mechanism: 'scram-sha-512', username: 'mm2', password: { key: 'migrationSourcePassword' } },
      },
      target: { tls: false },
      namespace: 'kafka-migration',
      replicationFactor: 3,
      syncIntervalSeconds: 30,
    });
  });
});
