import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RawConfig } from '../../../../config/rawConfig';
import { parseSettings } from '../../../../input';
import { accessIntent } from '../../../../kafka/access';
import { monitoringDefinition } from '../../../../monitoring/definition';
import { defaultMonitoringSettings } from '../../../../monitoring/settings';

const DEFAULT_MONITORING = defaultMonitoringSettings();
import * as gcpSchema from '../../../../plan/providerSchemas/gcp.json';
import { BACKENDS } from '../../../../providers';
import { gcpBackend } from '../../../../providers/gcp';
import { gcpAclResources, intentsOfGcpAcls } from '../../../../providers/gcp/acls';
import { mirrorSourceConfig } from '../../../../providers/gcp/mirror';
import { gcpOfflineMocks } from '../../../../providers/gcp/mocks';
import { gcpCatalogProblems } from '../../../../providers/gcp/catalogRules';
import { bootstrapAddress } from '../../../../providers/gcp/limits';
import { gcpAlertSpecs, gcpDashboardJson, METRICS } from '../../../../providers/gcp/monitoring';
import {
  kafkaPrincipal,
  serviceAccountEmail,
  workloadIdentityMember,
  workloadIdentityPrincipal,
} from '../../../../providers/gcp/principal';
import { GcpSettings } from '../../../../providers/gcp/settings';
import { ROWS, ROW_TITLES } from '../../../../monitoring/rows';
import { Catalog } from '../../../../topics/catalog';
import { PROJECT_DIR } from '../../../harness/plan';

const SUBNET = 'projects/acme-net/regions/europe-west1/subnetworks/gke-nodes';
const base = {
  project: 'acme-kafka',
  projectNumber: '412345678901',
  region: 'europe-west1',
  cluster: { subnets: [SUBNET] },
};

function raw(gcp: unknown): RawConfig {
  const values: Record<string, unknown> = { provider: 'gcp' };
  if (gcp !== undefined) values.gcp = gcp;
  return { values, secretKeys: new Set(), otherKeys: {} };
}
function problemsOf(gcp: unknown): string[] {
  return parseSettings(raw(gcp), 'dev', BACKENDS).problems.map((p) => `${p.where}: ${p.message}`);
}
function settingsOf(gcp: unknown): GcpSettings {
  const { settings, problems } = parseSettings(raw(gcp), 'dev', BACKENDS);
  assert.deepEqual(problems, []);
  return settings.backend!.settingsOf(gcpBackend)!;
}

const catalog: Catalog = {
  topics: [
    { name: 'orders', partitions: 6, config: { 'retention.ms': '86400000' } },
    { name: 'orders.dlq', partitions: 1, config: {} },
  ],
  services: [
    { name: 'shop', namespace: 'shop', produces: ['orders'], consumes: [] },
    {
      name: 'billing',
      namespace: 'billing',
      serviceAccount: 'billing-sa',
      produces: [],
      consumes: [{ topic: 'orders', group: 'billing', deadLetter: 'orders.dlq' }],
    },
  ],
};

describe('gcp settings', () => {
  it('defaults: a created 3-vCPU cluster named after the stack, workload identity, rebalancing on scale-up', () => {
    const s = settingsOf(base);
    assert.deepEqual(s.cluster, {
      kind: 'create',
      id: 'kafka-dev',
      vcpus: 3,
      memoryGiBPerVcpu: 4,
      subnets: [SUBNET],
      rebalance: 'AUTO_REBALANCE_ON_SCALE_UP',
    });
    assert.equal(s.auth, 'workload-identity');
    assert.equal(s.workloadPoolProject, 'acme-kafka');
  });

  it('refuses capacity outside Google’s bounds, bad names and subnets, each by its key, all at once', () => {
    assert.deepEqual(
      problemsOf({
        ...base,
        projectNumber: 'abc',
        cluster: {
          id: 'Kafka_Prod',
          vcpus: 2,
          memoryGiBPerVcpu: 9,
          subnets: ['projects/acme-net/regions/us-east1/subnetworks/a', 'default'],
          rebalance: 'SOMETIMES',
        },
      }),
      [
        'kafka:gcp.projectNumber: "abc" is not a project number (digits only, e.g. 123456789012)',
        'kafka:gcp.cluster.id: "Kafka_Prod" must be 1-63 lower-case letters, digits or "-", starting with a letter, not ending with "-"',
        'kafka:gcp.cluster.vcpus: 2 is less than 3 (allowed: 3 to 240)',
        'kafka:gcp.cluster.memoryGiBPerVcpu: 9 is more than 8 (allowed: 1 to 8)',
        'kafka:gcp.cluster.rebalance: "SOMETIMES" is not one of NO_REBALANCE, AUTO_REBALANCE_ON_SCALE_UP',
        'kafka:gcp.cluster.subnets[0]: "projects/acme-net/regions/us-east1/subnetworks/a" is in region us-east1, not the cluster\'s region europe-west1',
        'kafka:gcp.cluster.subnets[1]: "default" is not a subnet path like projects/<project>/regions/<region>/subnetworks/<name>',
      ],
    );
  });

  it('adopting a cluster excludes the settings of one the stack creates; workload identity needs the project number', () => {
    assert.deepEqual(
      problemsOf({
        project: 'acme-kafka',
        region: 'europe-west1',
        cluster: { existing: 'shared', vcpus: 6 },
      }),
      [
        'kafka:gcp.projectNumber: is required with auth workload-identity: IAM names Kubernetes ServiceAccounts by the project number (gcloud projects describe <project> --format="value(projectNumber)")',
        'kafka:gcp.cluster.vcpus: describes a cluster this stack creates, but existing names one it adopts: set one or the other',
      ],
    );
    const s = settingsOf({
      project: 'acme-kafka',
      region: 'europe-west1',
      auth: 'sasl-plain-key',
      cluster: { existing: 'shared' },
    });
    assert.deepEqual(s.cluster, { kind: 'existing', id: 'shared' });
  });

  it('a created cluster needs a subnet', () => {
    assert.deepEqual(problemsOf({ ...base, cluster: {} }), [
      'kafka:gcp.cluster.subnets: is required when the stack creates the cluster: at least one subnet the services reach it from, e.g. projects/<project>/regions/<region>/subnetworks/<name>',
    ]);
  });
});

describe('gcp catalog rules', () => {
  const s = settingsOf(base);
  it('accepts the catalog as is', () => {
    assert.deepEqual(gcpCatalogProblems(s, catalog, 'topics/catalog.yaml'), []);
  });

  it('refuses configs Google operates, a min.insync.replicas that stops writes, invalid account ids', () => {
    const bad: Catalog = {
      topics: [
        {
          name: 't',
          partitions: 1,
          replicationFactor: 2,
          config: { 'local.retention.ms': '1', 'min.insync.replicas': '2' },
        },
      ],
      services: [
        { name: 'a', namespace: 'x', produces: ['t'], consumes: [] },
        { name: 'a-very-long-service-name-indeed', namespace: 'x', produces: [], consumes: [] },
      ],
    };
    const problems = gcpCatalogProblems(s, bad, 'c.yaml').map((p) => `${p.where}: ${p.message}`);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(
      problems[0]!,
      /^c\.yaml topics\[0\]\.config\.local\.retention\.ms \(t\): cannot be set on Google Managed Kafka/,
    );
    assert.match(
      problems[1]!,
      /^c\.yaml topics\[0\]\.config\.min\.insync\.replicas \(t\): 2 must be less than the topic's 2 replicas/,
    );
    assert.match(
      problems[2]!,
      /^c\.yaml services\[1\]\.name \(a-very-long-service-name-indeed\): gives the Google service account id/,
    );
  });
});

describe('gcp identities', () => {
  it('builds the Workload Identity principal and member of a Kubernetes ServiceAccount', () => {
    assert.equal(
      workloadIdentityPrincipal({
        project: 'acme-gke',
        projectNumber: '412345678901',
        namespace: 'shop',
        name: 'shop',
      }),
      'principal://iam.googleapis.com/projects/412345678901/locations/global/workloadIdentityPools/acme-gke.svc.id.goog/subject/ns/shop/sa/shop',
    );
    assert.equal(
      workloadIdentityMember('acme-gke', 'shop', 'shop'),
      'serviceAccount:acme-gke.svc.id.goog[shop/shop]',
    );
    assert.equal(
      kafkaPrincipal(serviceAccountEmail('kafka-shop', 'acme-kafka')),
      'User:kafka-shop@acme-kafka.iam.gserviceaccount.com',
    );
    assert.equal(
      bootstrapAddress('kafka-prod', 'europe-west1', 'acme-kafka'),
      'bootstrap.kafka-prod.europe-west1.managedkafka.acme-kafka.cloud.goog:9092',
    );
  });

  it('groups least-privilege ACLs per resource and reads them back to exactly the intent', () => {
    const intents = Object.fromEntries(catalog.services.map((x) => [x.name, accessIntent(x)]));
    const acls = gcpAclResources(intents, (service) => `User:${service}`);
    assert.deepEqual(
      acls.map((a) => [a.aclId, a.entries.map((e) => `${e.principal} ${e.operation}`)]),
      [
        ['consumerGroup/billing', ['User:billing READ']],
        [
          'topic/orders',
          ['User:billing DESCRIBE', 'User:billing READ', 'User:shop DESCRIBE', 'User:shop WRITE'],
        ],
        ['topic/orders.dlq', ['User:billing DESCRIBE', 'User:billing WRITE']],
      ],
    );
    assert.deepEqual(intentsOfGcpAcls(acls), { 'User:billing': intents.billing, 'User:shop': intents.shop });
    assert.throws(
      () => intentsOfGcpAcls([{ aclId: 'allTopics', entries: [] }]),
      /ACL allTopics is not one literal topic or group/,
    );
  });
});

describe('gcp monitoring', () => {
  const def = monitoringDefinition('prod', catalog, DEFAULT_MONITORING);
  it('one lag alert per group on offset lag; throughput alerts only with a sized rate', () => {
    const specs = gcpAlertSpecs(def, 'kafka-prod', undefined);
    assert.deepEqual(
      specs.map((x) => x.name),
      ['lag-billing'],
    );
    assert.equal(
      specs[0]!.filter,
      `metric.type="${METRICS.offsetLag.type}" AND resource.type="${METRICS.offsetLag.resource}" AND resource.label."cluster_id"="kafka-prod" AND resource.label."consumer_group_id"="billing"`,
    );
    assert.equal(specs[0]!.threshold, DEFAULT_MONITORING.lagMessages);
    assert.equal(specs[0]!.duration, `${DEFAULT_MONITORING.lagMinutes * 60}s`);
    const withRate = gcpAlertSpecs(def, 'kafka-prod', 1000);
    const orders = withRate.find((x) => x.name === 'throughput-orders')!;
    assert.equal(orders.threshold, (1000 * DEFAULT_MONITORING.throughputPercent) / 100);
  });

  it('the dashboard has the four shared rows, in order', () => {
    const dash = JSON.parse(gcpDashboardJson('kafka-prod', 'Kafka prod')) as {
      mosaicLayout: { tiles: { yPos: number; widget: { title: string } }[] };
    };
    assert.deepEqual(
      dash.mosaicLayout.tiles.map((t) => t.widget.title.split(':')[0]),
      ROWS.map((r) => ROW_TITLES[r]),
    );
  });
});

describe('gcp offline schema', () => {
  it('the vendored reduced schema covers every gcp resource type the example plans register', () => {
    const dir = path.join(PROJECT_DIR, 'plan', 'snapshots', 'examples', 'gcp');
    const types = new Set<string>();
    for (const file of fs.readdirSync(dir)) {
      for (const m of fs
        .readFileSync(path.join(dir, file), 'utf8')
        .matchAll(/\b(gcp:[a-z]+\/[A-Za-z]+:[A-Za-z]+)\b/g)) {
        types.add(m[1]!);
      }
    }
    assert.ok(types.size >= 8, [...types].join(', '));
    for (const type of types)
      assert.ok(type in gcpSchema.resources, `${type} is in plan/providerSchemas/gcp.json`);
  });
});

describe('gcp offline mocks', () => {
  it('a created cluster gets its resource name (a new resource’s id is empty), so the IAM condition names it', () => {
    const cluster = gcpOfflineMocks().computed['gcp:managedkafka/cluster:Cluster']!;
    const inputs = { project: 'acme-kafka', location: 'europe-west1', clusterId: 'kafka-prod' };
    const name = 'projects/acme-kafka/locations/europe-west1/clusters/kafka-prod';
    assert.equal(
      cluster({ type: 'gcp:managedkafka/cluster:Cluster', name: 'gcp', inputs, id: '', custom: true }).name,
      name,
    );
    assert.equal(
      cluster({ type: 'gcp:managedkafka/cluster:Cluster', name: 'gcp', inputs: {}, id: name, custom: true })
        .name,
      name,
    );
  });
});

describe('gcp MirrorMaker 2 on managed Kafka Connect', () => {
  it('copies exactly the catalog’s topics under their own names, into the existing topics', () => {
    const config = mirrorSourceConfig(catalog.topics, 'old-0:9092', 'bootstrap.x:9092');
    assert.equal(config['connector.class'], 'org.apache.kafka.connect.mirror.MirrorSourceConnector');
    assert.equal(config.topics, 'orders,orders\\.dlq');
    assert.equal(
      config['replication.policy.class'],
      'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
    );
    assert.equal(config['source.cluster.bootstrap.servers'], 'old-0:9092');
    assert.equal(config['target.cluster.bootstrap.servers'], 'bootstrap.x:9092');
    assert.equal(config['sync.topic.configs.enabled'], 'false');
  });

  it('mirror settings are refused by key', () => {
    assert.deepEqual(
      problemsOf({
        ...base,
        mirror: { subnet: 'projects/acme-net/regions/us-east1/subnetworks/c', vcpus: 1 },
      }),
      [
        'kafka:gcp.mirror.sourceBootstrapServers: is required',
        'kafka:gcp.mirror.vcpus: 1 is less than 3 (allowed: 3 to 240)',
        'kafka:gcp.mirror.subnet: "projects/acme-net/regions/us-east1/subnetworks/c" is in region us-east1, not the cluster\'s region europe-west1',
      ],
    );
  });
});
