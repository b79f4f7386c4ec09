import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawConfig } from '../../config/rawConfig';
import { parseSettings } from '../../input';
import { BACKENDS } from '../../providers';
import { localBackend } from '../../providers/local';
import { assertProblems } from '../harness/problems';

/** Each row: an input and the exact problem line(s) users must see. */
interface ConfigCase {
  name: string;
  values: Record<string, unknown>;
  secretKeys?: string[];
  stack?: string;
  expected: string[];
}

const local = { bootstrapServers: 'localhost:19092' };

const CONFIG_CASES: ConfigCase[] = [
  {
    name: 'missing provider',
    values: {},
    expected: ['kafka:provider: is required (one of msk, eventhubs, confluent, local, gcp)'],
  },
  {
    name: 'unknown provider',
    values: { provider: 'kinesis' },
    expected: ['kafka:provider: "kinesis" is not one of msk, eventhubs, confluent, local'],
  },
  // A planned backend from the registry, so a backend that lands changes no test here.
  ...BACKENDS.filter((b) => !b.available)
    .slice(0, 1)
    .map((planned) => ({
      name: 'backend not built yet',
      values: { provider: planned.name },
      expected: [
        `kafka:provider: "${planned.name}" is not available yet (available now: ${BACKENDS.filter(
          (b) => b.available,
        )
          .map((b) => b.name)
          .sort()
          .join(', ')})`,
      ],
    })),
  {
    name: 'a dotted key set without --path (as the settings pages name keys)',
    values: { provider: 'local', local, 'local.bootstrapServers': 'localhost:9092' },
    expected: [
      'kafka:local.bootstrapServers: was set without --path, so it is one key named "local.bootstrapServers", ' +
        'not bootstrapServers inside kafka:local. Set it with `pulumi config set --path kafka:local.bootstrapServers <value>` ' +
        'and remove this one with `pulumi config rm kafka:local.bootstrapServers`',
    ],
  },
  {
    name: 'unknown key in the namespace (typo)',
    values: { provider: 'local', local, catalgo: 'x.yaml' },
    expected: ['kafka:catalgo: is not a known setting (known: '],
  },
  {
    name: 'protect is not a boolean',
    values: { provider: 'local', local, protect: 'yes' },
    expected: ['kafka:protect: must be true or false, got "yes"'],
  },
  {
    name: 'deletion allowed on a protected stack',
    values: { provider: 'local', local, allowTopicDeletion: true },
    stack: 'prod',
    expected: ['kafka:allowTopicDeletion: cannot be true while kafka:protect is true'],
  },
  {
    name: 'kubernetes block with unknown key',
    values: { provider: 'local', local, kubernetes: { contxt: 'kind' } },
    expected: ['kafka:kubernetes.contxt: is not a known setting (allowed: '],
  },
  {
    name: 'kubeconfig set in plain text',
    values: { provider: 'local', local, kubeconfig: 'apiVersion: v1' },
    expected: [
      'kafka:kubeconfig: holds a credential and must be set with: pulumi config set --secret kafka:kubeconfig <value>',
    ],
  },
  {
    name: 'local backend without its settings',
    values: { provider: 'local' },
    expected: ['kafka:local: is required for kafka:provider local'],
  },
  {
    name: 'local bootstrap servers malformed',
    values: { provider: 'local', local: { bootstrapServers: 'localhost' } },
    expected: ['kafka:local.bootstrapServers: "localhost" must be a comma-separated list of host:port'],
  },
  {
    name: 'local: unknown key',
    values: { provider: 'local', local: { ...local, brokers: 'x:1' } },
    expected: ['kafka:local.brokers: is not a known setting (allowed: bootstrapServers,'],
  },
  {
    name: 'local: SASL mechanism unknown',
    values: {
      provider: 'local',
      local: { ...local, tls: true, sasl: { mechanism: 'gssapi', username: 'u' } },
      localSaslPassword: 'x',
    },
    secretKeys: ['localSaslPassword'],
    expected: ['kafka:local.sasl.mechanism: "gssapi" is not one of plain, scram-sha-256, scram-sha-512'],
  },
  {
    name: 'local: SASL without password',
    values: { provider: 'local', local: { ...local, sasl: { mechanism: 'scram-sha-512', username: 'u' } } },
    expected: ['kafka:localSaslPassword: is required with kafka:local.sasl'],
  },
  {
    name: 'local: SASL password not secret',
    values: {
      provider: 'local',
      local: { ...local, sasl: { mechanism: 'scram-sha-512', username: 'u' } },
      localSaslPassword: 'pw',
    },
    expected: [
      'kafka:localSaslPassword: holds a credential and must be set with: pulumi config set --secret',
    ],
  },
  {
    name: 'local: PLAIN without TLS',
    values: {
      provider: 'local',
      local: { ...local, sasl: { mechanism: 'plain', username: 'u' } },
      localSaslPassword: 'x',
    },
    secretKeys: ['localSaslPassword'],
    expected: [
      'kafka:local.sasl.mechanism: "plain" sends the password in clear text: it needs kafka:local.tls: true',
    ],
  },
  {
    name: 'local: password without SASL',
    values: { provider: 'local', local, localSaslPassword: 'x' },
    secretKeys: ['localSaslPassword'],
    expected: ['kafka:localSaslPassword: is set but kafka:local.sasl is not'],
  },
  {
    name: 'local: CA file without TLS',
    values: { provider: 'local', local: { ...local, caFile: 'ca.pem' } },
    expected: ['kafka:local.caFile: only applies with kafka:local.tls: true'],
  },
  {
    name: 'local: CA file missing',
    values: { provider: 'local', local: { ...local, tls: true, caFile: 'no/such/ca.pem' } },
    expected: ['kafka:local.caFile: cannot read "no/such/ca.pem": ENOENT'],
  },
  {
    name: 'local: CA file that holds no certificate',
    values: { provider: 'local', local: { ...local, tls: true, caFile: 'package.json' } },
    expected: ['kafka:local.caFile: "package.json" holds no PEM certificate'],
  },
  {
    name: 'local: replication factor below 1, timeout out of range',
    values: { provider: 'local', local: { ...local, defaultReplicationFactor: 0, connectTimeoutMs: 10 } },
    expected: [
      'kafka:local.defaultReplicationFactor: 0 is less than 1 (allowed: 1 to 32767)',
      'kafka:local.connectTimeoutMs: 10 is less than 500 (allowed: 500 to 300000)',
    ],
  },
  {
    name: 'several problems reported together',
    values: { provider: 'local', local: { bootstrapServers: 'nope' }, protect: 'maybe', catalgo: 1 },
    expected: [
      'kafka:catalgo: is not a known setting',
      'kafka:protect: must be true or false',
      'kafka:local.bootstrapServers: "nope" must be a comma-separated list of host:port',
    ],
  },
];

describe('bad stack config: every rule names its key and what is allowed', () => {
  for (const c of CONFIG_CASES) {
    it(c.name, () => {
      const raw: RawConfig = { values: c.values, secretKeys: new Set(c.secretKeys ?? []) };
      const { problems } = parseSettings(raw, c.stack ?? 'dev', BACKENDS);
      assertProblems(problems, c.expected);
    });
  }

  it('accepts the committed local stack values and applies defaults', () => {
    const { settings, problems } = parseSettings(
      { values: { provider: 'local', local }, secretKeys: new Set() },
      'dev',
      BACKENDS,
    );
    assert.deepEqual(problems, []);
    assert.equal(settings.catalogPath, 'topics/catalog.yaml');
    assert.equal(settings.protect, false);
    assert.equal(settings.allowTopicDeletion, false);
    assert.deepEqual(settings.backend?.settingsOf(localBackend), {
      bootstrapServers: 'localhost:19092',
      clientBootstrapServers: 'localhost:19092',
      tls: false,
      defaultReplicationFactor: 1,
      connectTimeoutMs: 10000,
    });
  });
});
