import { readNamespace, SectionInput, SettingsSection } from '../../config/declare';
import { opt } from '../../config/rawConfig';
import { AuthMode, MAX_SUBNETS, RebalanceMode, SUBNET } from './limits';
import { GCP_KEYS, GCP_KEYS_FILE } from './settingsKeys';

/** The cluster: one this stack creates and owns, or an existing one it only reads. */
export type GcpCluster =
  | {
      kind: 'create';
      id: string;
      vcpus: number;
      memoryGiBPerVcpu: number;
      /** Subnet paths the cluster is reachable from. */
      subnets: string[];
      /** CMEK key; absent for Google-managed keys. */
      kmsKey?: string;
      rebalance: RebalanceMode;
    }
  | { kind: 'existing'; id: string };

/** Cloud Monitoring alert policies and dashboard (`kafka:gcp.monitoring`). */
export interface GcpMonitoringSettings {
  enabled: boolean;
  notificationChannels: string[];
  /** The cluster's sized message rate; absent: no throughput alert. */
  throughputMessagesPerSecond?: number;
}

/** MirrorMaker 2 on Google's managed Kafka Connect (`kafka:gcp.mirror`). */
export interface GcpMirrorSettings {
  sourceBootstrapServers: string;
  subnet: string;
  dnsDomainNames: string[];
  vcpus: number;
  memoryGiBPerVcpu: number;
}

/** `kafka:gcp`, validated. */
export interface GcpSettings {
  project: string;
  /** Number of the workload identity pool's project; set with `auth: workload-identity`. */
  projectNumber?: string;
  /** Project of the GKE cluster whose workload identity pool the services use. */
  workloadPoolProject: string;
  region: string;
  cluster: GcpCluster;
  auth: AuthMode;
  serviceAccountPrefix: string;
  monitoring: GcpMonitoringSettings;
  /** Absent: no MirrorMaker 2 on Google. */
  mirror?: GcpMirrorSettings;
}

export const GCP_SETTINGS: SettingsSection<GcpSettings> = {
  name: 'gcp',
  title: 'Google Cloud backend settings',
  intro:
    'The `gcp` backend creates a Google Cloud Managed Service for Apache Kafka cluster (or adopts an existing one), ' +
    'the catalog’s topics, one Google service account per service with the Managed Kafka client role and exactly ' +
    'the Kafka ACLs the catalog implies, and Cloud Monitoring alert policies and a dashboard. Unknown keys are ' +
    'errors, so typos never fall back to defaults silently. What it creates and why: [docs/gcp.md](../gcp.md).',
  keys: GCP_KEYS,
  declaredIn: GCP_KEYS_FILE,
  notes: [
    '## Credentials',
    '',
    'The Google provider authenticates with Application Default Credentials: in CI through Workload Identity',
    'Federation for GitHub (no key), locally through `gcloud auth application-default login`. No key is read',
    'from the stack config. Project and region come only from `kafka:gcp`.',
  ].join('\n'),
  parse: parseGcp,
};

const CREATE_ONLY = ['id', 'vcpus', 'memoryGiBPerVcpu', 'subnets', 'kmsKey', 'rebalance'] as const;

function parseGcp(input: SectionInput): GcpSettings {
  const { f, stack } = input;
  const ns = readNamespace(input, GCP_KEYS);
  if (!ns.has('gcp')) {
    f.report(
      ['gcp'],
      'is required for kafka:provider gcp: set at least { project, region, cluster: { subnets } }',
    );
  }
  const o = ns.read('gcp');
  const project = o.read('project') ?? 'unset-project';
  const region = o.read('region') ?? 'unset-region1';
  const auth = o.read('auth');
  const projectNumber = o.read('projectNumber');
  if (auth === 'workload-identity' && o.given && !o.has('projectNumber')) {
    f.report(
      o.at('projectNumber'),
      'is required with auth workload-identity: IAM names Kubernetes ServiceAccounts by the project number (gcloud projects describe <project> --format="value(projectNumber)")',
    );
  }

  const c = o.read('cluster');
  const existing = c.read('existing');
  const defaultId = `kafka-${stack.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`
    .slice(0, 63)
    .replace(/-+$/, '');
  const id = c.read('id') ?? defaultId;
  const vcpus = c.read('vcpus');
  const memoryGiBPerVcpu = c.read('memoryGiBPerVcpu');
  const subnets = c.read('subnets');
  const kmsKey = c.read('kmsKey');
  const rebalance = c.read('rebalance');
  let cluster: GcpCluster;
  if (existing !== undefined) {
    for (const key of CREATE_ONLY) {
      if (c.has(key)) {
        f.report(
          c.at(key),
          `describes a cluster this stack creates, but existing names one it adopts: set one or the other`,
        );
      }
    }
    cluster = { kind: 'existing', id: existing };
  } else {
    if (subnets.length === 0 && o.given) {
      f.report(
        c.at('subnets'),
        'is required when the stack creates the cluster: at least one subnet the services reach it from, e.g. projects/<project>/regions/<region>/subnetworks/<name>',
      );
    }
    if (subnets.length > MAX_SUBNETS) {
      f.report(c.at('subnets'), `lists ${subnets.length} subnets; a cluster takes at most ${MAX_SUBNETS}`);
    }
    subnets.forEach((subnet, i) => {
      if (!SUBNET.test(subnet)) {
        f.report(
          c.at('subnets', i),
          `"${subnet}" is not a subnet path like projects/<project>/regions/<region>/subnetworks/<name>`,
        );
      } else if (subnet.split('/')[3] !== region) {
        f.report(
          c.at('subnets', i),
          `"${subnet}" is in region ${subnet.split('/')[3]}, not the cluster's region ${region}`,
        );
      }
    });
    cluster = {
      kind: 'create',
      id,
      vcpus,
      memoryGiBPerVcpu,
      subnets,
      rebalance,
      ...opt('kmsKey', kmsKey),
    };
  }

  const mi = o.read('mirror');
  const mirror: GcpMirrorSettings = {
    sourceBootstrapServers: (mi.given ? mi.read('sourceBootstrapServers') : undefined) ?? '',
    subnet: (mi.given ? mi.read('subnet') : undefined) ?? '',
    dnsDomainNames: mi.read('dnsDomainNames'),
    vcpus: mi.read('vcpus'),
    memoryGiBPerVcpu: mi.read('memoryGiBPerVcpu'),
  };
  if (mi.given && mirror.subnet && mirror.subnet.split('/')[3] !== region) {
    f.report(
      mi.at('subnet'),
      `"${mirror.subnet}" is in region ${mirror.subnet.split('/')[3]}, not the cluster's region ${region}`,
    );
  }

  const m = o.read('monitoring');
  return {
    project,
    ...opt('projectNumber', projectNumber),
    workloadPoolProject: o.read('workloadPoolProject') ?? project,
    region,
    cluster,
    auth,
    serviceAccountPrefix: o.read('serviceAccountPrefix'),
    monitoring: {
      enabled: m.read('enabled'),
      notificationChannels: m.read('notificationChannels'),
      ...opt('throughputMessagesPerSecond', m.read('throughputMessagesPerSecond')),
    },
    ...(mi.given ? { mirror } : {}),
  };
}
