import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseSettings } from '../../../../input';
import { BACKENDS } from '../../../../providers';
import { eventHubsCatalogProblems } from '../../../../providers/eventhubs/catalogRules';
import { eventHubsBackend } from '../../../../providers/eventhubs';
import { parseCatalog } from '../../../../topics/parseCatalog';
import { PROJECT_DIR } from '../../../harness/plan';
import { assertProblemLines } from '../../../harness/problems';
import { BASE, SUBSCRIPTION } from './helpers';

const SUBNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
const CLUSTER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.EventHub/clusters/dedicated1`;

interface Case {
  name: string;
  eventhubs: unknown;
  expected: string[];
}

/** One row per validation of kafka:eventhubs; each changes the valid BASE in one way. */
const CASES: Case[] = [
  {
    name: 'section missing',
    eventhubs: undefined,
    expected: [
      'kafka:eventhubs: is required for kafka:provider eventhubs',
      'kafka:eventhubs.subscriptionId: is required',
      'kafka:eventhubs.location: is required',
      'kafka:eventhubs.namespaceName: is required',
    ],
  },
  {
    name: 'unknown key',
    eventhubs: { ...BASE, sku: 'Standard' },
    expected: ['kafka:eventhubs.sku: is not a known setting'],
  },
  {
    name: 'subscription id not a GUID',
    eventhubs: { ...BASE, subscriptionId: 'my-subscription' },
    expected: ['kafka:eventhubs.subscriptionId: "my-subscription" is not an Azure subscription id'],
  },
  {
    name: 'region display name',
    eventhubs: { ...BASE, location: 'West Europe' },
    expected: ['kafka:eventhubs.location: "West Europe" is not an Azure region name like westeurope'],
  },
  {
    name: 'namespace name too short',
    eventhubs: { ...BASE, namespaceName: 'kafka' },
    expected: ['kafka:eventhubs.namespaceName: "kafka" must be 8-50 letters, digits or "-"'],
  },
  {
    name: 'namespace name of 7 characters (the API wants 8 or more)',
    eventhubs: { ...BASE, namespaceName: 'kafka-1' },
    expected: ['kafka:eventhubs.namespaceName: "kafka-1" must be 8-50 letters'],
  },
  {
    name: 'namespace name starting with a digit',
    eventhubs: { ...BASE, namespaceName: '1kafka-dev' },
    expected: ['kafka:eventhubs.namespaceName: "1kafka-dev" must be 8-50 letters'],
  },
  {
    name: 'namespace name ending with "-"',
    eventhubs: { ...BASE, namespaceName: 'kafka-dev-' },
    expected: ['kafka:eventhubs.namespaceName: "kafka-dev-" must be 8-50 letters'],
  },
  {
    name: 'namespace name of 51 characters',
    eventhubs: { ...BASE, namespaceName: `k${'a'.repeat(50)}` },
    expected: ['kafka:eventhubs.namespaceName: '],
  },
  {
    name: 'bad resource group name',
    eventhubs: { ...BASE, resourceGroup: { name: 'rg-ends-with.' } },
    expected: ['kafka:eventhubs.resourceGroup.name: "rg-ends-with." is not a resource group name'],
  },
  {
    name: 'Basic tier, refused with why',
    eventhubs: { ...BASE, tier: 'Basic' },
    expected: ['kafka:eventhubs.tier: "Basic" has no Kafka endpoint'],
  },
  {
    name: 'unknown tier',
    eventhubs: { ...BASE, tier: 'Enterprise' },
    expected: ['kafka:eventhubs.tier: "Enterprise" is not one of Standard, Premium, Dedicated'],
  },
  {
    name: 'Dedicated without its cluster',
    eventhubs: { ...BASE, tier: 'Dedicated' },
    expected: ['kafka:eventhubs.dedicatedClusterId: is required with tier Dedicated'],
  },
  {
    name: 'cluster id with another tier',
    eventhubs: { ...BASE, dedicatedClusterId: CLUSTER },
    expected: ['kafka:eventhubs.dedicatedClusterId: only applies with kafka:eventhubs.tier Dedicated'],
  },
  {
    name: 'cluster id of another resource type',
    eventhubs: { ...BASE, tier: 'Dedicated', dedicatedClusterId: CLUSTER.replace('clusters', 'namespaces') },
    expected: ['kafka:eventhubs.dedicatedClusterId: "/subscriptions/'],
  },
  {
    name: 'capacity, auto-inflate and zones with Dedicated',
    eventhubs: {
      ...BASE,
      tier: 'Dedicated',
      dedicatedClusterId: CLUSTER,
      capacity: 2,
      maxThroughputUnits: 4,
      zoneRedundant: false,
    },
    expected: [
      'kafka:eventhubs.capacity: does not apply to tier Dedicated',
      'kafka:eventhubs.maxThroughputUnits: auto-inflate is a Standard feature; tier Dedicated',
      'kafka:eventhubs.zoneRedundant: does not apply to tier Dedicated',
    ],
  },
  {
    name: 'Standard throughput units above 40',
    eventhubs: { ...BASE, capacity: 41 },
    expected: ['kafka:eventhubs.capacity: 41 is more than 40'],
  },
  {
    name: 'Premium size that does not exist',
    eventhubs: { ...BASE, tier: 'Premium', capacity: 3 },
    expected: ['kafka:eventhubs.capacity: 3 is not a Premium size: processing units are 1, 2, 4, 8, 16'],
  },
  {
    name: 'auto-inflate on Premium',
    eventhubs: { ...BASE, tier: 'Premium', maxThroughputUnits: 4 },
    expected: [
      'kafka:eventhubs.maxThroughputUnits: auto-inflate is a Standard feature; tier Premium scales by',
    ],
  },
  {
    name: 'auto-inflate maximum not above capacity',
    eventhubs: { ...BASE, capacity: 4, maxThroughputUnits: 4 },
    expected: ['kafka:eventhubs.maxThroughputUnits: 4 must be more than kafka:eventhubs.capacity (4)'],
  },
  {
    name: 'auto-inflate maximum above 40',
    eventhubs: { ...BASE, maxThroughputUnits: 41 },
    expected: ['kafka:eventhubs.maxThroughputUnits: 41 is more than 40'],
  },
  {
    name: 'TLS 1.0',
    eventhubs: { ...BASE, minimumTlsVersion: '1.0' },
    expected: [
      'kafka:eventhubs.minimumTlsVersion: "1.0" would let clients use TLS versions with known weaknesses',
    ],
  },
  {
    name: 'TLS 1.1',
    eventhubs: { ...BASE, minimumTlsVersion: '1.1' },
    expected: ['kafka:eventhubs.minimumTlsVersion: "1.1" would let clients'],
  },
  {
    name: 'TLS version that does not exist',
    eventhubs: { ...BASE, minimumTlsVersion: '1.4' },
    expected: ['kafka:eventhubs.minimumTlsVersion: must be "1.2"'],
  },
  {
    name: 'IP rules: not an address, private, too wide, host bits, duplicate',
    eventhubs: {
      ...BASE,
      network: {
        ipRules: [
          'aks-egress',
          '192.168.1.0/24',
          '0.0.0.0/0',
          '20.1.1.1/24',
          '20.50.10.0/24',
          '20.50.10.0/24',
        ],
      },
    },
    expected: [
      'kafka:eventhubs.network.ipRules[0]: "aks-egress" is not an IPv4 address or CIDR',
      'kafka:eventhubs.network.ipRules[1]: "192.168.1.0/24" is a private range',
      'kafka:eventhubs.network.ipRules[2]: "0.0.0.0/0" is wider than /8',
      'kafka:eventhubs.network.ipRules[3]: "20.1.1.1/24" has host bits set',
      'kafka:eventhubs.network.ipRules: lists 20.50.10.0/24 twice',
    ],
  },
  {
    name: 'more than 128 IP rules',
    eventhubs: { ...BASE, network: { ipRules: Array.from({ length: 129 }, (_, i) => `20.1.${i}.1`) } },
    expected: ['kafka:eventhubs.network.ipRules: has 129 rules: Event Hubs allows at most 128'],
  },
  {
    name: 'IP rules without public access',
    eventhubs: {
      ...BASE,
      network: { publicAccess: false, ipRules: ['20.50.10.0/24'], privateEndpoint: { subnetId: SUBNET } },
    },
    expected: [
      'kafka:eventhubs.network.ipRules: only applies with kafka:eventhubs.network.publicAccess true',
    ],
  },
  {
    name: 'no public access and no private endpoint',
    eventhubs: { ...BASE, network: { publicAccess: false } },
    expected: [
      'kafka:eventhubs.network.publicAccess: false without kafka:eventhubs.network.privateEndpoint: nobody could connect',
    ],
  },
  {
    name: 'private endpoint without a subnet, with a zone of another service',
    eventhubs: {
      ...BASE,
      network: {
        privateEndpoint: {
          privateDnsZoneId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
        },
      },
    },
    expected: [
      'kafka:eventhubs.network.privateEndpoint.subnetId: is required',
      'kafka:eventhubs.network.privateEndpoint.privateDnsZoneId: "/subscriptions/',
    ],
  },
  {
    name: 'private endpoint in something that is not a subnet',
    eventhubs: { ...BASE, network: { privateEndpoint: { subnetId: SUBNET.replace('/subnets/pe', '') } } },
    expected: ['kafka:eventhubs.network.privateEndpoint.subnetId: "/subscriptions/'],
  },
  {
    name: 'unknown auth mode',
    eventhubs: { ...BASE, authMode: 'aad' },
    expected: ['kafka:eventhubs.authMode: "aad" is not one of entra, sas'],
  },
  {
    name: 'Entra without the AKS issuer',
    eventhubs: { ...BASE, oidcIssuer: undefined },
    expected: ['kafka:eventhubs.oidcIssuer: is required with authMode entra'],
  },
  {
    name: 'issuer over plain http',
    eventhubs: { ...BASE, oidcIssuer: 'http://westeurope.oic.prod-aks.azure.com/t/c/' },
    expected: [
      'kafka:eventhubs.oidcIssuer: "http://westeurope.oic.prod-aks.azure.com/t/c/" is not an https URL',
    ],
  },
  {
    name: 'AKS issuer without its trailing slash (the token iss has it)',
    eventhubs: { ...BASE, oidcIssuer: 'https://westeurope.oic.prod-aks.azure.com/t/c' },
    expected: [
      'kafka:eventhubs.oidcIssuer: "https://westeurope.oic.prod-aks.azure.com/t/c" lacks the trailing "/" of AKS issuers',
    ],
  },
  {
    name: 'private endpoint location not a region',
    eventhubs: { ...BASE, network: { privateEndpoint: { subnetId: SUBNET, location: 'North Europe' } } },
    expected: [
      'kafka:eventhubs.network.privateEndpoint.location: "North Europe" is not an Azure region name',
    ],
  },
  {
    name: 'issuer with SAS',
    eventhubs: { ...BASE, authMode: 'sas' },
    expected: ['kafka:eventhubs.oidcIssuer: only applies with kafka:eventhubs.authMode entra'],
  },
  {
    name: 'alert receivers, thresholds, and the window that moved to kafka:monitoring',
    eventhubs: {
      ...BASE,
      alerts: {
        emails: ['oncall'],
        actionGroupIds: ['pager'],
        stalledConsumerMinutes: 10,
        serverErrors: -1,
        ingressMBps: 0,
      },
    },
    expected: [
      'kafka:eventhubs.alerts.emails[0]: "oncall" is not an email address',
      'kafka:eventhubs.alerts.actionGroupIds[0]: "pager" is not an action group resource id',
      'kafka:eventhubs.alerts.stalledConsumerMinutes: has moved to `kafka:monitoring.consumerLagMinutes`',
      'kafka:eventhubs.alerts.serverErrors: -1 is less than 0',
      'kafka:eventhubs.alerts.ingressMBps: 0 is less than 1',
    ],
  },
];

function parse(eventhubs: unknown) {
  const values: Record<string, unknown> = { provider: 'eventhubs' };
  if (eventhubs !== undefined) values.eventhubs = eventhubs;
  return parseSettings({ values, secretKeys: new Set() }, 'dev', BACKENDS);
}

describe('bad kafka:eventhubs settings are reported by key, all at once', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assertProblemLines(
        parse(c.eventhubs).problems.map((p) => `${p.where}: ${p.message}`),
        c.expected,
      );
    });
  }

  it('every case in one config: every problem in one report', () => {
    const { problems } = parse({
      ...BASE,
      subscriptionId: 'x',
      tier: 'Basic',
      minimumTlsVersion: '1.0',
      alerts: { emails: ['oncall'] },
      network: { ipRules: ['10.0.0.0/8'] },
    });
    assert.deepEqual(problems.map((p) => p.where).sort(), [
      'kafka:eventhubs.alerts.emails[0]',
      'kafka:eventhubs.minimumTlsVersion',
      'kafka:eventhubs.network.ipRules[0]',
      'kafka:eventhubs.subscriptionId',
      'kafka:eventhubs.tier',
    ]);
  });

  it('accepts the base settings and applies the defaults', () => {
    const { settings, problems } = parse(BASE);
    assert.deepEqual(problems, []);
    const s = settings.backend?.settingsOf(eventHubsBackend);
    assert.deepEqual(s, {
      subscriptionId: SUBSCRIPTION,
      location: 'westeurope',
      resourceGroup: { name: 'rg-kafka-dev', create: true },
      namespaceName: 'contoso-kafka-dev',
      tier: 'Standard',
      capacity: 1,
      zoneRedundant: true,
      minimumTlsVersion: '1.2',
      network: { publicAccess: true, ipRules: [] },
      authMode: 'entra',
      oidcIssuer: BASE.oidcIssuer,
      alerts: {
        enabled: true,
        emails: [],
        actionGroupIds: [],
        serverErrors: 5,
        throttledRequests: 10,
        quotaExceededErrors: 0,
      },
    });
  });

  it('reads the VNet of a private endpoint from its subnet, and closes the public endpoint by default', () => {
    const s = parse({ ...BASE, network: { privateEndpoint: { subnetId: SUBNET } } }).settings.backend;
    assert.deepEqual(s?.settingsOf(eventHubsBackend)?.network, {
      publicAccess: false,
      ipRules: [],
      privateEndpoint: {
        subnetId: SUBNET,
        vnetId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet`,
        location: BASE.location,
      },
    });
  });
});

describe('catalog rules an Event Hubs namespace adds (tier limits), all at once and named', () => {
  const settings = (eventhubs: Record<string, unknown>) =>
    parse({ ...BASE, ...eventhubs }).settings.backend!.settingsOf(eventHubsBackend)!;
  const lines = (eventhubs: Record<string, unknown>, yaml: string) => {
    const { catalog, problems } = parseCatalog(yaml, 'c.yaml');
    assert.deepEqual(problems, [], 'the catalog itself is valid');
    return eventHubsCatalogProblems(settings(eventhubs), catalog, 'c.yaml').map(
      (p) => `${p.where}: ${p.message}`,
    );
  };
  const topics = (n: number, partitions = 1) =>
    Array.from({ length: n }, (_, i) => `  - { name: t${i}, partitions: ${partitions} }`).join('\n');
  const service = 'services:\n  - { name: s, produces: [t0] }\n';

  it('Standard: 10 event hubs, 32 partitions, 7 days; every problem in one report', () => {
    assertProblemLines(
      lines(
        {},
        `topics:
${topics(10)}
  - { name: big, partitions: 33, config: { retention.ms: '1209600000' } }
${service}`,
      ),
      [
        'c.yaml topics[10].partitions (big): 33 is more than the 32 partitions an event hub may have on kafka:eventhubs.tier Standard',
        'c.yaml topics[10].config.retention.ms (big): 1209600000 ms is 14 days; kafka:eventhubs.tier Standard keeps events at most 7 days (604800000 ms)',
        'c.yaml topics: 11 topics need 11 event hubs; kafka:eventhubs.tier Standard allows 10 per namespace',
      ],
    );
  });

  it('Premium: 100 event hubs and 200 partitions per processing unit, 100 per hub, 90 days', () => {
    assertProblemLines(
      lines(
        { tier: 'Premium', capacity: 1 },
        `topics:
  - { name: a, partitions: 101, config: { retention.ms: '7862400000' } }
  - { name: b, partitions: 100, config: { retention.ms: '7776000000' } }
${service.replace('t0', 'a')}`,
      ),
      [
        'c.yaml topics[0].partitions (a): 101 is more than the 100 partitions an event hub may have on kafka:eventhubs.tier Premium',
        'c.yaml topics[0].config.retention.ms (a): 7862400000 ms is 91 days; kafka:eventhubs.tier Premium keeps events at most 90 days',
        'c.yaml topics: 201 partitions in all; kafka:eventhubs.tier Premium allows 200 per namespace (200 per processing unit × kafka:eventhubs.capacity 1)',
      ],
    );
    assert.deepEqual(
      lines({ tier: 'Premium', capacity: 2 }, `topics:\n${topics(101)}\n${service}`),
      [],
      'two processing units hold 200 event hubs',
    );
    assertProblemLines(lines({ tier: 'Premium', capacity: 1 }, `topics:\n${topics(101)}\n${service}`), [
      'c.yaml topics: 101 topics need 101 event hubs; kafka:eventhubs.tier Premium allows 100 per namespace (100 per processing unit × kafka:eventhubs.capacity 1)',
    ]);
  });

  it('Dedicated: 1024 partitions per event hub', () => {
    const dedicated = { tier: 'Dedicated', dedicatedClusterId: CLUSTER };
    assert.deepEqual(
      lines(dedicated, `topics:\n  - { name: a, partitions: 1024 }\n${service.replace('t0', 'a')}`),
      [],
    );
    assertProblemLines(
      lines(dedicated, `topics:\n  - { name: a, partitions: 1025 }\n${service.replace('t0', 'a')}`),
      [
        'c.yaml topics[0].partitions (a): 1025 is more than the 1024 partitions an event hub may have on kafka:eventhubs.tier Dedicated',
      ],
    );
  });

  it('topic configs an event hub cannot honour are refused by topic and key, never dropped', () => {
    assertProblemLines(
      lines(
        {},
        `topics:
  - name: a
    partitions: 1
    replicationFactor: 3
    config: { min.insync.replicas: '2', max.message.bytes: '2097152', compression.type: gzip }
  - { name: b, partitions: 1, config: { cleanup.policy: 'compact,delete' } }
  - { name: c, partitions: 1, config: { cleanup.policy: compact, retention.ms: '86400000' } }
  - { name: d, partitions: 1, config: { delete.retention.ms: '86400000' } }
  - { name: e, partitions: 1, config: { retention.ms: '-1' } }
  - { name: f, partitions: 1, config: { retention.ms: '5400000' } }
  - { name: g, partitions: 1, config: { retention.ms: '60000' } }
  - { name: h, partitions: 1, config: { cleanup.policy: compact, delete.retention.ms: '1000' } }
  - { name: _internal, partitions: 1 }
  - { name: A, partitions: 1 }
${service.replace('t0', 'a')}`,
      ),
      [
        'c.yaml topics[0].replicationFactor (a): 3 cannot be set: Event Hubs replicates every event hub itself',
        'c.yaml topics[0].config.min.insync.replicas (a): cannot be set on an event hub: Event Hubs honours only cleanup.policy, retention.ms, delete.retention.ms',
        'c.yaml topics[0].config.max.message.bytes (a): cannot be set on an event hub',
        'c.yaml topics[0].config.compression.type (a): cannot be set on an event hub',
        'c.yaml topics[1].config.cleanup.policy (b): "compact,delete" is not possible: an event hub either deletes by time or compacts by key',
        'c.yaml topics[2].config.retention.ms (c): does not apply with cleanup.policy compact',
        'c.yaml topics[3].config.delete.retention.ms (d): only applies with cleanup.policy compact',
        'c.yaml topics[4].config.retention.ms (e): -1 (keep forever) is not possible: kafka:eventhubs.tier Standard keeps events at most 7 days',
        'c.yaml topics[5].config.retention.ms (f): 5400000 ms is not a whole number of hours: Event Hubs keeps it in hours (e.g. 7200000 for 2 hours)',
        'c.yaml topics[6].config.retention.ms (g): 60000 ms is less than an hour',
        'c.yaml topics[7].config.delete.retention.ms (h): 1000 ms is less than an hour',
        'c.yaml topics[8].name (_internal): "_internal": an event hub name starts and ends with a letter or digit (https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsofteventhub)',
        'c.yaml topics[9].name (A): differs from a only in case: Event Hubs names are case-insensitive',
      ],
    );
  });

  it('SAS: at most 11 services (12 rules per namespace, one is RootManageSharedAccessKey); Entra has no such limit', () => {
    const services = (n: number) =>
      `services:\n${Array.from({ length: n }, (_, i) => `  - { name: s${i}, produces: [t0] }`).join('\n')}\n`;
    const sas = { authMode: 'sas', oidcIssuer: undefined };
    assert.deepEqual(lines(sas, `topics:\n${topics(1)}\n${services(11)}`), []);
    assertProblemLines(lines(sas, `topics:\n${topics(1)}\n${services(12)}`), [
      'c.yaml services: 12 services need 12 SAS rules; a namespace holds 12 and RootManageSharedAccessKey is one of them, so at most 11: use kafka:eventhubs.authMode entra',
    ]);
    assert.deepEqual(lines({}, `topics:\n${topics(1)}\n${services(12)}`), []);
  });

  it('the committed catalog on Standard: its 30-day topic is refused, by name', () => {
    const yaml = fs.readFileSync(path.join(PROJECT_DIR, 'topics/catalog.yaml'), 'utf8');
    assertProblemLines(lines({}, yaml), [
      'c.yaml topics[2].config.retention.ms (ml.jobs.failed): 2592000000 ms is 30 days; kafka:eventhubs.tier Standard keeps events at most 7 days',
    ]);
    assert.deepEqual(lines({ tier: 'Premium' }, yaml), []);
  });
});
