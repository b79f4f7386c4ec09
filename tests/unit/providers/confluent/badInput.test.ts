import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawConfig } from '../../../../config/rawConfig';
import { parseSettings } from '../../../../input';
import { BACKENDS } from '../../../../providers';
import { confluentBackend } from '../../../../providers/confluent';
import { confluentCatalogProblems } from '../../../../providers/confluent/catalogRules';
import { ConfluentSettings } from '../../../../providers/confluent/settings';
import { Catalog, Service, Topic } from '../../../../topics/catalog';
import { assertProblemLines } from '../../../harness/problems';

/** A valid Basic cluster; each case changes one thing. */
const base = { clusterType: 'basic', cloud: 'AWS', region: 'eu-west-1' };
const dedicated = { ...base, clusterType: 'dedicated', cku: 2, availability: 'MULTI_ZONE' };
const SECRET_CREDENTIALS = {
  'confluentcloud:cloudApiKey': { secret: true },
  'confluentcloud:cloudApiSecret': { secret: true },
};

function raw(confluent: unknown, otherKeys: RawConfig['otherKeys'] = SECRET_CREDENTIALS): RawConfig {
  const values: Record<string, unknown> = { provider: 'confluent' };
  if (confluent !== undefined) values.confluent = confluent;
  return { values, secretKeys: new Set(), otherKeys };
}

function problemsOf(confluent: unknown, otherKeys?: RawConfig['otherKeys']): string[] {
  const { problems } = parseSettings(raw(confluent, otherKeys), 'dev', BACKENDS);
  return problems.map((p) => `${p.where}: ${p.message}`);
}

function settingsOf(confluent: unknown): ConfluentSettings {
  const { settings, problems } = parseSettings(raw(confluent), 'dev', BACKENDS);
  assert.deepEqual(problems, []);
  return settings.backend!.settingsOf(confluentBackend)!;
}

interface Case {
  name: string;
  confluent: unknown;
  otherKeys?: RawConfig['otherKeys'];
  expected: string[];
}

const CASES: Case[] = [
  {
    name: 'confluent block missing',
    confluent: undefined,
    expected: [
      'kafka:confluent: is required for kafka:provider confluent: set at least { clusterType, cloud, region }',
      'kafka:confluent.clusterType: is required (one of basic, standard, enterprise, dedicated)',
      'kafka:confluent.cloud: is required (one of AWS, AZURE, GCP)',
      'kafka:confluent.region: is required',
    ],
  },
  {
    name: 'credentials missing',
    confluent: base,
    otherKeys: {},
    expected: [
      'confluentcloud:cloudApiKey: is required: set it with pulumi config set --secret confluentcloud:cloudApiKey <value>',
      'confluentcloud:cloudApiSecret: is required: set it with pulumi config set --secret confluentcloud:cloudApiSecret <value>',
    ],
  },
  {
    name: 'credentials in plain text',
    confluent: base,
    otherKeys: {
      'confluentcloud:cloudApiKey': { secret: false },
      'confluentcloud:cloudApiSecret': { secret: false },
    },
    expected: [
      'confluentcloud:cloudApiKey: holds a credential and must be set with: pulumi config set --secret confluentcloud:cloudApiKey <value>',
      'confluentcloud:cloudApiSecret: holds a credential and must be set with: pulumi config set --secret confluentcloud:cloudApiSecret <value>',
    ],
  },
  {
    name: 'unknown key',
    confluent: { ...base, partitions: 6 },
    expected: ['kafka:confluent.partitions: is not a known setting (allowed: environment, clusterType,'],
  },
  {
    name: 'unknown cluster type',
    confluent: { ...base, clusterType: 'serverless' },
    expected: [
      'kafka:confluent.clusterType: "serverless" is not one of basic, standard, enterprise, dedicated',
    ],
  },
  {
    name: 'cloud in lower case',
    confluent: { ...base, cloud: 'aws' },
    expected: ['kafka:confluent.cloud: "aws" is not one of AWS, AZURE, GCP'],
  },
  {
    name: 'region that is no region name',
    confluent: { ...base, region: 'EU West' },
    expected: [
      'kafka:confluent.region: "EU West" is not a cloud region name like eu-west-1, westeurope or europe-west1',
    ],
  },
  {
    name: 'availability in the elastic types’ words',
    confluent: { ...base, availability: 'HIGH' },
    expected: ['kafka:confluent.availability: "HIGH" is not one of SINGLE_ZONE, MULTI_ZONE'],
  },
  {
    name: 'multi-zone Basic cluster',
    confluent: { ...base, availability: 'MULTI_ZONE' },
    expected: ['kafka:confluent.availability: "MULTI_ZONE" is not available on Basic clusters'],
  },
  {
    name: 'Dedicated without CKUs',
    confluent: { ...base, clusterType: 'dedicated' },
    expected: ['kafka:confluent.cku: is required with clusterType dedicated'],
  },
  {
    name: 'multi-zone Dedicated with one CKU',
    confluent: { ...dedicated, cku: 1 },
    expected: [
      'kafka:confluent.cku: 1 is too few for a MULTI_ZONE Dedicated cluster: it needs 2 or more CKUs',
    ],
  },
  {
    name: 'more CKUs than Azure offers',
    confluent: { ...dedicated, cloud: 'AZURE', region: 'westeurope', cku: 120 },
    expected: ['kafka:confluent.cku: 120 is more than the 100 CKUs a Dedicated cluster can have on AZURE'],
  },
  {
    name: 'more CKUs than any Dedicated cluster',
    confluent: { ...dedicated, cku: 153 },
    expected: ['kafka:confluent.cku: 153 is more than 152'],
  },
  {
    name: 'zero CKUs',
    confluent: { ...dedicated, cku: 0 },
    expected: ['kafka:confluent.cku: 0 is less than 1'],
  },
  {
    name: 'CKUs on an elastic cluster',
    confluent: { ...base, clusterType: 'standard', cku: 2 },
    expected: [
      'kafka:confluent.cku: only applies to clusterType dedicated: standard clusters scale their eCKUs by themselves',
    ],
  },
  {
    name: 'environment name instead of id',
    confluent: { ...base, environment: { id: 'production' } },
    expected: [
      'kafka:confluent.environment.id: "production" is not a Confluent Cloud environment id like env-a1b2c3',
    ],
  },
  {
    name: 'existing environment with settings of a created one',
    confluent: { ...base, environment: { id: 'env-a1b2c3', streamGovernance: 'ADVANCED' } },
    expected: [
      'kafka:confluent.environment.id: names an existing environment: displayName and streamGovernance describe one this stack creates',
    ],
  },
  {
    name: 'unknown Stream Governance package',
    confluent: { ...base, environment: { streamGovernance: 'PREMIUM' } },
    expected: ['kafka:confluent.environment.streamGovernance: "PREMIUM" is not one of ESSENTIALS, ADVANCED'],
  },
  {
    name: 'unknown environment key',
    confluent: { ...base, environment: { name: 'prod' } },
    expected: [
      'kafka:confluent.environment.name: is not a known setting (allowed: id, displayName, streamGovernance)',
    ],
  },
  {
    name: 'cluster name with spaces',
    confluent: { ...base, clusterName: 'kafka prod' },
    expected: ['kafka:confluent.clusterName: "kafka prod" must be 1-64 letters, digits, ".", "_" or "-"'],
  },
  {
    name: 'service account prefix too long',
    confluent: { ...base, serviceAccountPrefix: 'x'.repeat(65) },
    expected: ['kafka:confluent.serviceAccountPrefix: "xxxx'],
  },
  {
    name: 'key versions: none, three, descending, zero, not a list',
    confluent: {
      ...base,
      keyVersions: { a: [], b: [1, 2, 3], c: [2, 1], d: [0], e: 2 },
    },
    expected: [
      'kafka:confluent.keyVersions.a: lists no key version: a service needs one key',
      'kafka:confluent.keyVersions.b: [1,2,3] keeps 3 keys: at most 2 (the one in use and the next) are needed to rotate',
      'kafka:confluent.keyVersions.c: [2,1] must be ascending without repeats, the delivered key last, e.g. [1, 2]',
      'kafka:confluent.keyVersions.d[0]: 0 is less than 1',
      'kafka:confluent.keyVersions.e: must be a list, got 2',
    ],
  },
  {
    name: 'key versions repeated',
    confluent: { ...base, keyVersions: { a: [2, 2] } },
    expected: ['kafka:confluent.keyVersions.a: [2,2] must be ascending without repeats'],
  },
  {
    name: 'thresholds that moved to kafka:monitoring, relative password file, unknown key',
    confluent: {
      ...base,
      monitoring: { consumerLagMessages: 0, throughputPercent: 150, passwordFile: 'secrets/pw', email: 'x' },
    },
    expected: [
      'kafka:confluent.monitoring.email: is not a known setting',
      'kafka:confluent.monitoring.consumerLagMessages: has moved to `kafka:monitoring.consumerLagMessages`',
      'kafka:confluent.monitoring.throughputPercent: has moved to `kafka:monitoring.throughputPercent`',
      'kafka:confluent.monitoring.passwordFile: "secrets/pw" must be an absolute path without spaces',
    ],
  },
];

describe('Confluent Enterprise clusters', () => {
  it('are refused by key with why: private networking only, which this backend does not create', () => {
    assertProblemLines(problemsOf({ ...base, clusterType: 'enterprise' }), [
      'kafka:confluent.clusterType: "enterprise" is not supported by this backend: Enterprise clusters are reachable only through private networking',
    ]);
  });
});

describe('bad kafka:confluent settings are reported by key, all at once', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assertProblemLines(problemsOf(c.confluent, c.otherKeys), c.expected);
    });
  }

  it('accepts a Basic cluster and applies the defaults', () => {
    const s = settingsOf(base);
    assert.deepEqual(s.environment, {
      kind: 'create',
      displayName: 'kafka-dev',
      streamGovernance: 'ESSENTIALS',
    });
    assert.equal(s.clusterName, 'kafka-dev');
    assert.equal(s.serviceAccountPrefix, 'kafka-dev');
    assert.equal(s.availability, 'SINGLE_ZONE');
    assert.equal(s.cku, undefined);
    assert.deepEqual(s.keyVersions, {});
    assert.deepEqual(s.monitoring, {
      enabled: true,
      passwordFile: '/etc/prometheus/secrets/confluent-metrics-dev/password',
    });
  });

  it('accepts a multi-zone Dedicated cluster in an existing environment', () => {
    const s = settingsOf({ ...dedicated, environment: { id: 'env-a1b2c3' }, keyVersions: { api: [1, 2] } });
    assert.deepEqual(s.environment, { kind: 'existing', id: 'env-a1b2c3' });
    assert.equal(s.cku, 2);
    assert.deepEqual(s.keyVersions, { api: [1, 2] });
  });
});

const topic = (
  name: string,
  partitions: number,
  config: Record<string, string> = {},
  rf?: number,
): Topic => ({
  name,
  partitions,
  config,
  ...(rf !== undefined ? { replicationFactor: rf } : {}),
});
const producer = (name: string, produces: string[]): Service => ({
  name,
  namespace: 'shop',
  produces,
  consumes: [],
});

/** Catalog problems on a cluster of these settings, as `where: message` lines. */
function catalogLines(confluent: Record<string, unknown>, catalog: Catalog): string[] {
  // Enterprise is refused as a setting (no private networking here); its documented limits are
  // still checked on the settings a valid type yields, with the type swapped.
  const { clusterType, ...rest } = confluent;
  const settings =
    clusterType === 'enterprise'
      ? { ...settingsOf({ ...base, ...rest, clusterType: 'standard' }), clusterType: 'enterprise' as const }
      : settingsOf({ ...base, ...confluent });
  return confluentCatalogProblems(settings, catalog, 'c.yaml').map((p) => `${p.where}: ${p.message}`);
}

/** `count` topics of `partitions` each. */
function topics(count: number, partitions: number, config: Record<string, string> = {}): Topic[] {
  return Array.from({ length: count }, (_, i) => topic(`t${i}`, partitions, config));
}

describe('catalog rules a Confluent Cloud cluster adds', () => {
  const none: Service[] = [];

  it('refuses any replication factor but Confluent’s fixed 3, and accepts 3', () => {
    assert.deepEqual(
      catalogLines({}, { topics: [topic('a', 1, {}, 2), topic('b', 1, {}, 3)], services: none }),
      [
        'c.yaml topics[0].replicationFactor (a): 2 is not possible on Confluent Cloud, which keeps every topic at 3 replicas (leave it unset)',
      ],
    );
  });

  it('refuses topic configs Confluent Cloud does not let clients set, naming topic and key', () => {
    assertProblemLines(
      catalogLines(
        {},
        {
          topics: [
            topic('a', 1, { 'compression.type': 'zstd', 'retention.ms': '1000' }),
            topic('b', 1, { 'unclean.leader.election.enable': 'true' }),
          ],
          services: none,
        },
      ),
      [
        'c.yaml topics[0].config.compression.type (a): cannot be set on Confluent Cloud (topic configs it allows: cleanup.policy, delete.retention.ms,',
        'c.yaml topics[1].config.unclean.leader.election.enable (b): cannot be set on Confluent Cloud',
      ],
    );
  });

  it('refuses messages above the cluster type’s size limit', () => {
    const big = { topics: [topic('a', 1, { 'max.message.bytes': '10485760' })], services: none };
    assert.deepEqual(catalogLines({ clusterType: 'standard' }, big), [
      'c.yaml topics[0].config.max.message.bytes (a): 10485760 is more than the 8388608 bytes a Standard cluster accepts per message',
    ]);
    assert.deepEqual(catalogLines({ clusterType: 'dedicated', cku: 1 }, big), []);
  });

  it('refuses a min.insync.replicas that one broker restart would block writes with', () => {
    assert.deepEqual(
      catalogLines(
        {},
        {
          topics: [
            topic('a', 1, { 'min.insync.replicas': '3' }),
            topic('b', 1, { 'min.insync.replicas': '2' }),
          ],
          services: none,
        },
      ),
      [
        'c.yaml topics[0].config.min.insync.replicas (a): 3 must be less than the 3 replicas every Confluent Cloud topic has, or one broker restart stops writes with acks=all',
      ],
    );
  });

  it('refuses more partitions than the cluster type allows', () => {
    const cases: [Record<string, unknown>, number, string | undefined][] = [
      [{}, 1500, undefined],
      [{}, 1501, 'need 1501 partitions; a Basic cluster allows 1500 (before replication)'],
      [{ clusterType: 'standard' }, 2501, 'need 2501 partitions; a Standard cluster allows 2500'],
      [{ clusterType: 'enterprise' }, 96000, undefined],
      [{ clusterType: 'enterprise' }, 96001, 'need 96001 partitions; an Enterprise cluster allows 96000'],
      [{ clusterType: 'dedicated', cku: 1 }, 4500, undefined],
      [
        { clusterType: 'dedicated', cku: 1 },
        4501,
        'need 4501 partitions; a 1-CKU Dedicated cluster allows 4500',
      ],
      [
        { clusterType: 'dedicated', cku: 30 },
        100001,
        'need 100001 partitions; a 30-CKU Dedicated cluster allows 100000',
      ],
    ];
    for (const [settings, partitions, problem] of cases) {
      const lines = catalogLines(settings, { topics: [topic('a', partitions)], services: none });
      assertProblemLines(lines, problem ? [`c.yaml topics: ${problem}`] : []);
    }
  });

  it('refuses more compacted partitions than the cluster can compact', () => {
    const compacted = { 'cleanup.policy': 'compact,delete' };
    assert.deepEqual(
      catalogLines({ clusterType: 'enterprise' }, { topics: topics(1, 11520, compacted), services: none }),
      [],
    );
    assert.deepEqual(
      catalogLines({ clusterType: 'enterprise' }, { topics: topics(2, 5761, compacted), services: none }),
      ['c.yaml topics: need 11522 partitions of compacted topics; an Enterprise cluster can compact 11520'],
    );
  });

  it('refuses more Kafka API keys or ACLs than the cluster type allows', () => {
    const many = Array.from({ length: 50 }, (_, i) => producer(`s${i}`, []));
    assert.deepEqual(catalogLines({}, { topics: [], services: many }), [
      'c.yaml services: need 51 Kafka API keys (one per service and key version, one for the manager); a Basic cluster allows 50',
    ]);
    const wide = topics(500, 1);
    assert.deepEqual(
      catalogLines(
        {},
        {
          topics: wide,
          services: [
            producer(
              'writer',
              wide.map((t) => t.name),
            ),
          ],
        },
      ),
      ['c.yaml services: need 1001 ACLs; a Basic cluster allows 1000'],
    );
  });

  it('refuses key versions of services the catalog does not have, and services named like the backend’s own accounts', () => {
    assert.deepEqual(
      catalogLines(
        { keyVersions: { chekout: [1, 2] } },
        {
          topics: [],
          services: [producer('checkout', []), producer('manager', []), producer('metrics', [])],
        },
      ),
      [
        "c.yaml services[1].name (manager): names the backend's own manager service account (<serviceAccountPrefix>-manager); rename the service",
        "c.yaml services[2].name (metrics): names the backend's own metrics service account (<serviceAccountPrefix>-metrics); rename the service",
        'kafka:confluent.keyVersions.chekout: is not a service of the catalog (services: checkout, manager, metrics)',
      ],
    );
  });
});
