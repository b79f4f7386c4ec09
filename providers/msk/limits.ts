import { NameRule, rulePattern } from '../nameRules';

/**
 * MSK facts the settings are validated against. Sources: AWS MSK Developer Guide pages
 * supported-kafka-versions, broker-instance-sizes, broker-instance-types, msk-create-cluster,
 * msk-autoexpand, msk-update-storage (https://docs.aws.amazon.com/msk/latest/developerguide/,
 * checked 2026-11).
 */

/**
 * Kafka versions a new cluster may use. All are >= 3.6.0, which `aws.msk.Topic` needs, and none
 * has a published end-of-support date in the past (3.6.0 ended 2026-06-01, 3.7.x 2026-09-01:
 * MSK auto-upgrades such clusters without notice).
 */
export const KAFKA_VERSIONS = [
  '3.8.x',
  '3.8.x.kraft',
  '3.9.x',
  '3.9.x.kraft',
  '4.0.x.kraft',
  '4.1.x.kraft',
] as const;
/** Whether a version runs KRaft metadata (MSK names those `*.kraft`) rather than ZooKeeper. */
export const isKraft = (kafkaVersion: string) => kafkaVersion.endsWith('.kraft');

/**
 * Default quotas of Standard brokers: per cluster by metadata mode, and per account and region.
 * https://docs.aws.amazon.com/msk/latest/developerguide/limits.html ("Amazon MSK Standard broker quota")
 */
export const BROKERS_PER_CLUSTER = { zookeeper: 30, kraft: 60 } as const;
export const BROKERS_PER_ACCOUNT = 90;

/** AWS's "Recommended" version. */
export const DEFAULT_KAFKA_VERSION = '3.8.x';
/** Versions MSK lists but that reached end of support, with the date, for a precise message. */
export const ENDED_KAFKA_VERSIONS: Readonly<Record<string, string>> = {
  '2.8.1': '2024-09-11',
  '3.3.2': '2024-09-11',
  '3.4.0': '2025-08-04',
  '3.5.1': '2025-10-23',
  '3.6.0': '2026-06-01',
  '3.7.x': '2026-09-01',
  '3.7.x.kraft': '2026-09-01',
};

const SIZES_M5 = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];
const SIZES_M7G = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

/** Standard brokers (EBS storage we size) and Express brokers (storage managed by AWS). */
export const STANDARD_INSTANCE_TYPES = [
  'kafka.t3.small',
  ...SIZES_M5.map((s) => `kafka.m5.${s}`),
  ...SIZES_M7G.map((s) => `kafka.m7g.${s}`),
];
export const EXPRESS_INSTANCE_TYPES = SIZES_M7G.map((s) => `express.m7g.${s}`);
export const INSTANCE_TYPES = [...STANDARD_INSTANCE_TYPES, ...EXPRESS_INSTANCE_TYPES];
export const DEFAULT_INSTANCE_TYPE = 'kafka.m7g.large';

export function isExpress(instanceType: string): boolean {
  return instanceType.startsWith('express.');
}

/** EBS volume per broker: 1 GiB to 16 TiB. */
export const VOLUME_GIB = { min: 1, max: 16384 } as const;
/** Storage autoscaling target utilisation: AWS allows 10-80 %, recommends 50-60 %. */
export const AUTOSCALING_TARGET = { min: 10, max: 80 } as const;

/** Enhanced monitoring levels; DEFAULT is free, the others are billed per metric. */
export const MONITORING_LEVELS = [
  'DEFAULT',
  'PER_BROKER',
  'PER_TOPIC_PER_BROKER',
  'PER_TOPIC_PER_PARTITION',
] as const;
export type MonitoringLevel = (typeof MONITORING_LEVELS)[number];

/** The retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Client ports per auth mode (port-info): the security group opens exactly one of them. */
export const BROKER_PORTS = { iam: 9098, scram: 9096 } as const;

/** AWS's rules for what this backend names, each from the API reference of the service. */
export const NAME_RULES = {
  /** CreateCluster(V2) `clusterName`: 1-64, pattern `^[0-9A-Za-z][0-9A-Za-z-]{0,}$`. */
  cluster: {
    what: 'MSK cluster name',
    min: 1,
    max: 64,
    chars: '0-9A-Za-z\\-',
    charsText: 'letters, digits and "-"',
    first: '0-9A-Za-z',
    edgesText: 'starts with a letter or digit',
    doc: 'https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html',
  },
  /** PutMetricAlarm `AlarmName`: 1-255 characters. */
  alarm: {
    what: 'CloudWatch alarm name',
    min: 1,
    max: 255,
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html',
  },
  /** PutDashboard `DashboardName`: up to 255, "only alphanumerics, dash (-), and underscore (_)". */
  dashboard: {
    what: 'CloudWatch dashboard name',
    min: 1,
    max: 255,
    chars: 'A-Za-z0-9_\\-',
    charsText: 'letters, digits, "-" and "_"',
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html',
  },
  /**
   * CreateSecret `Name`: 1-512 of letters, digits and `/_+=.@-`; MSK SCRAM secrets must also start
   * with `AmazonMSK_` (msk-password, "Working with username and password authentication").
   */
  scramSecret: {
    what: 'Secrets Manager secret name',
    min: 1,
    max: 512,
    chars: 'A-Za-z0-9/_+=.@\\-',
    charsText: 'letters, digits and "/_+=.@-"',
    doc: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html',
  },
} as const satisfies Record<string, NameRule>;

/** MSK cluster names as a settings pattern. */
export const CLUSTER_NAME = rulePattern(NAME_RULES.cluster);
/** The prefix MSK requires of SCRAM secret names (https://docs.aws.amazon.com/msk/latest/developerguide/msk-password-tutorial.html). */
export const SCRAM_SECRET_PREFIX = 'AmazonMSK_';

/**
 * Partitions (replicas included) per broker above which MSK blocks configuration and version
 * updates, broker downsizing and SCRAM association (bestpractices: "right-size your cluster").
 */
export function maxPartitionsPerBroker(instanceType: string): number | undefined {
  if (isExpress(instanceType)) return undefined;
  if (instanceType === 'kafka.t3.small') return 300;
  const size = instanceType.split('.').pop() ?? '';
  if (size === 'large' || size === 'xlarge') return 1500;
  if (size === '2xlarge') return 3000;
  return 6000;
}
