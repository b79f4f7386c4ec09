import {
  choice,
  custom,
  moved,
  flag,
  group,
  items,
  Path,
  readGroup,
  text,
  texts,
  whole,
} from '../../config/declare';
import { Fields } from '../../config/fields';
import { oneOf, show } from '../../config/problems';
import { BROKER_CONFIGS, EXPRESS_CONFIGS } from './brokerProperties';
import {
  AUTOSCALING_TARGET,
  CLUSTER_NAME,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_KAFKA_VERSION,
  ENDED_KAFKA_VERSIONS,
  INSTANCE_TYPES,
  KAFKA_VERSIONS,
  LOG_RETENTION_DAYS,
  MONITORING_LEVELS,
  VOLUME_GIB,
} from './limits';

/**
 * Every key of `kafka:msk`, declared once: type, default, constraint and why. The parser in
 * settings.ts reads values through these declarations, and docs/settings/msk.md is generated
 * from them (npm run settings:docs).
 */

export const CLUSTER_TYPES = ['provisioned', 'serverless'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];
export const AUTH_MODES = ['iam', 'scram'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export const CLIENT_BROKER_ENCRYPTION = ['TLS', 'TLS_PLAINTEXT', 'PLAINTEXT'] as const;
export const IDENTITY_TYPES = ['irsa', 'pod-identity'] as const;

/** `kafka:msk.logRetentionDays`' default (a CloudWatch Logs retention). */
export const DEFAULT_LOG_RETENTION_DAYS = 14;
/** `kafka:msk.brokerCount` defaults to one broker per subnet, but never fewer than this. */
const MIN_DEFAULT_BROKERS = 2;

/** `kafka:msk.brokerCount`'s default: one broker per subnet's AZ, at least {@link MIN_DEFAULT_BROKERS}. */
export function defaultBrokerCount(subnetCount: number): number {
  return Math.max(subnetCount, MIN_DEFAULT_BROKERS);
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const AZ = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
export const SG_ID = /^sg-[0-9a-f]{8,17}$/;
const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/mrk-[0-9a-f]{32}$/;
export const OIDC_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

const list = (values: readonly (string | number)[]) => values.map((v) => `\`${v}\``).join(', ');

export const IDENTITY_FIELDS = {
  type: choice(IDENTITY_TYPES, {
    required: true,
    why: '`irsa`: EKS IAM roles for service accounts; `pod-identity`: EKS Pod Identity (needs the Pod Identity Agent add-on).',
  }),
  oidcProviderArn: text({
    required: true,
    pattern: OIDC_ARN,
    hint: 'is not an IAM OIDC provider ARN like arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
    type: 'ARN',
    defaultText: 'required with `type: irsa`',
    why: 'The EKS cluster’s IAM OIDC provider; each role trusts only its service’s ServiceAccount through it.',
    constraint:
      '`arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>`; the issuer is read from it and must be in `region`',
  }),
  eksClusterName: text({
    required: true,
    pattern: EKS_NAME,
    hint: 'is not an EKS cluster name',
    defaultText: 'required with `type: pod-identity`',
    why: 'The EKS cluster whose Pod Identity associations bind each role to its service’s ServiceAccount.',
  }),
};

export const ALARM_FIELDS = {
  enabled: flag({ default: true, why: '`false` registers no alarms and no SNS topic.' }),
  email: text({
    pattern: EMAIL,
    hint: 'is not an email address',
    type: 'email',
    defaultText: 'unset',
    why: 'Subscribed to the alarm SNS topic (AWS mails a confirmation link once).',
  }),
  cpuPercent: whole({
    min: 1,
    max: 100,
    default: 60,
    why: 'CpuUser + CpuSystem per broker above which the CPU alarm fires (3 × 5 minutes).',
  }),
  diskUsedPercent: whole({
    min: 1,
    max: 100,
    default: 85,
    why: '`KafkaDataLogsDiskUsed` per broker at which the disk alarm fires (standard brokers).',
  }),
  underReplicatedPartitions: whole({
    min: 0,
    default: 0,
    why: 'Under-replicated partitions per broker above which the alarm fires (3 × 5 minutes).',
  }),
  offlinePartitions: whole({
    min: 0,
    default: 0,
    why: 'Offline partitions above which the cluster alarm fires.',
  }),
  consumerLagMessages: moved('`kafka:monitoring.consumerLagMessages`', 'integer'),
  consumerLagMinutes: moved('`kafka:monitoring.consumerLagMinutes`', 'integer'),
  brokerIngressMiBps: whole({
    min: 1,
    max: 10000,
    defaultText:
      'Express: AWS’s recommended maximum per broker size; standard: 83 (250 MiB/s default storage throughput ÷ 3 replicas)',
    why: 'Ingress one broker sustains, the capacity the throughput alarms compare each topic with (egress: twice this). Set it to what a load test of your broker type measured.',
  }),
};

const AUTOSCALING_FIELDS = {
  targetPercent: whole({
    ...AUTOSCALING_TARGET,
    default: 60,
    why: 'Disk use the autoscaling policy keeps brokers at (AWS recommends 50 to 60).',
  }),
  maxGiB: whole({
    ...VOLUME_GIB,
    defaultText: '4 × `volumeSizeGiB` (at most 16384)',
    why: 'The most a broker’s volume may grow to; raise it to grow a cluster whose volumes autoscaling manages.',
    constraint: 'more than `volumeSizeGiB` (storage only grows)',
  }),
};

export const STORAGE_FIELDS = {
  volumeSizeGiB: whole({
    ...VOLUME_GIB,
    default: 100,
    why: 'EBS volume per broker at creation, in GiB (standard brokers).',
  }),
  autoscaling: custom({
    shape: 'mapping',
    type: 'mapping or `false`',
    defaultText: 'on: `{ targetPercent: 60, maxGiB: 4 × volumeSizeGiB }`',
    why: 'Grows broker volumes before they fill up; `false` turns it off.',
    fields: AUTOSCALING_FIELDS,
    read: (f, value, path) =>
      value === false || value === 'false'
        ? false
        : readGroup(f, AUTOSCALING_FIELDS, value === true ? {} : value, path),
  }),
};

export const MSK_FIELDS = {
  region: text({
    required: true,
    pattern: REGION,
    hint: 'is not an AWS region name like eu-west-1',
    type: 'AWS region',
    why: 'Region of the cluster and of every AWS resource of the stack (never taken from ambient AWS config).',
    constraint: 'an AWS region name, e.g. `eu-west-1`',
  }),
  vpcId: text({
    required: true,
    pattern: VPC_ID,
    hint: 'is not a VPC id like vpc-0a1b2c3d',
    type: 'VPC id',
    why: 'The existing VPC the brokers live in.',
    constraint: '`vpc-…`',
  }),
  subnets: items({
    defaultText: 'required',
    why: 'Client subnets of the brokers, one per Availability Zone; the AZ is given because the offline plan cannot look it up.',
    constraint:
      '2 or 3 subnets, each in a different Availability Zone of `region`, no duplicates; Express brokers need exactly 3',
    fields: {
      id: text({
        required: true,
        pattern: SUBNET_ID,
        hint: 'is not a subnet id like subnet-0a1b2c3d',
        type: 'subnet id',
        why: 'The subnet.',
        constraint: '`subnet-…`',
      }),
      az: text({
        required: true,
        pattern: AZ,
        hint: 'is not an Availability Zone name like eu-west-1a',
        type: 'Availability Zone',
        why: 'Its Availability Zone.',
        constraint: 'an AZ of `region`, e.g. `eu-west-1a`',
      }),
    },
  }),
  clusterType: choice(CLUSTER_TYPES, {
    default: 'provisioned',
    why: 'Provisioned brokers this stack sizes, or serverless capacity AWS manages.',
    constraint:
      'serverless: IAM only, and `kafkaVersion`, `instanceType`, `brokerCount`, `storage`, `kmsKeyArn`, `monitoring`, `logRetentionDays`, `brokerConfig` are refused (AWS manages them)',
  }),
  clusterName: text({
    pattern: CLUSTER_NAME,
    hint: 'must be 1-64 letters, digits or "-", starting with a letter or digit',
    defaultText: '`kafka-<stack>`',
    why: 'The MSK cluster name; also the `Cluster Name` dimension of the alarms.',
    constraint: '1 to 64 letters, digits or `-`, starting with a letter or digit',
  }),
  kafkaVersion: custom({
    shape: 'string',
    type: 'one of',
    defaultText: `\`${DEFAULT_KAFKA_VERSION}\` (AWS “Recommended”)`,
    why: 'Kafka version of the brokers.',
    constraint: `${list(KAFKA_VERSIONS)}. All are 3.6.0 or later, which \`aws.msk.Topic\` needs; versions past their end of support (${Object.entries(
      ENDED_KAFKA_VERSIONS,
    )
      .map(([v, d]) => `${v}: ${d}`)
      .join(', ')}) are refused with the date: MSK auto-upgrades such clusters without notice`,
    read: readKafkaVersion,
  }),
  instanceType: choice(INSTANCE_TYPES, {
    default: DEFAULT_INSTANCE_TYPE,
    why: 'Broker instance type; `kafka.t3.small` is for development only.',
    constraint:
      'Express (`express.*`): exactly 3 subnets, no `storage`, and `default.replication.factor`, `min.insync.replicas`, `unclean.leader.election.enable` cannot be overridden (MSK fixes RF 3 / min ISR 2)',
  }),
  brokerCount: whole({
    min: 1,
    max: 60,
    defaultText: `the number of subnets (at least ${MIN_DEFAULT_BROKERS})`,
    why: 'How many brokers the cluster runs.',
    constraint:
      'a multiple of the subnet count (brokers are spread evenly over the AZs); at most 30 on ZooKeeper versions, 60 on `*.kraft` versions (MSK’s default quotas per cluster)',
  }),
  storage: group({
    defaultText: '`{ volumeSizeGiB: 100 }` with autoscaling',
    why: 'EBS storage of standard brokers (Express brokers’ storage is managed by AWS).',
    fields: STORAGE_FIELDS,
  }),
  authMode: choice(AUTH_MODES, {
    default: 'iam',
    why: 'How clients authenticate: an IAM role per service, or a SCRAM user per service. Decides the port (9098 / 9096) and the bootstrap servers.',
    constraint: 'serverless allows only `iam`',
  }),
  clientBrokerEncryption: choice(CLIENT_BROKER_ENCRYPTION, {
    defaultText: '`TLS`',
    why: 'Exists so that “SASL without TLS” is a clear error rather than a silent override.',
    constraint:
      'only `TLS`: `TLS_PLAINTEXT` and `PLAINTEXT` would allow unencrypted clients, which SASL does not permit',
  }),
  inClusterEncryption: flag({
    defaultText: '`true`',
    why: 'Exists so that turning off TLS between brokers is a clear error.',
    constraint: 'only `true` (SASL needs TLS between brokers)',
  }),
  allowedCidrs: texts({
    type: 'list of IPv4 CIDRs',
    why: 'IPv4 ranges allowed to reach the broker port.',
    constraint:
      'no duplicates, no host bits set, nothing wider than `/8` (no internet-wide access); at least one of `allowedCidrs` and `allowedSecurityGroupIds`',
  }),
  allowedSecurityGroupIds: texts({
    type: 'list of security group ids',
    why: 'Security groups allowed to reach the broker port, e.g. the EKS node group’s.',
    constraint: '`sg-…`, no duplicates',
  }),
  kmsKeyArn: text({
    pattern: KMS_KEY_ARN,
    hint: 'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias',
    type: 'ARN',
    defaultText: 'a key created with yearly rotation',
    why: 'An existing customer-managed key for data at rest and the SCRAM secrets.',
    constraint:
      'a symmetric key ARN (not an alias: MSK and Secrets Manager need the key id) in `region`; its key policy must let MSK and Secrets Manager use it (AWS’s default key policy does)',
  }),
  monitoring: choice(MONITORING_LEVELS, {
    default: 'DEFAULT',
    why: 'Enhanced monitoring level: `DEFAULT` is free, the others are billed per metric.',
  }),
  logRetentionDays: custom({
    shape: 'integer',
    type: 'integer',
    defaultText: `\`${DEFAULT_LOG_RETENTION_DAYS}\``,
    why: 'How long CloudWatch Logs keeps the broker logs.',
    constraint: `a CloudWatch Logs retention: ${LOG_RETENTION_DAYS.join(', ')}`,
    read: readLogRetention,
  }),
  brokerConfig: custom({
    shape: 'mapping',
    type: 'mapping',
    defaultText: '`{}`',
    why: 'Overrides of broker properties in the cluster’s MSK configuration, on top of the durability defaults this program writes.',
    constraint: `these properties (values are type-checked): ${Object.entries(BROKER_CONFIGS)
      .map(([key, t]) => `\`${key}\` (${t.kind})`)
      .join(
        ', ',
      )}. \`default.replication.factor\` must be 2 to \`brokerCount\`; \`min.insync.replicas\` must be set together with it and be less than it. Express brokers take only ${EXPRESS_CONFIGS.map((k) => `\`${k}\``).join(', ')} (MSK's Express list)`,
    read: (f, value, path) => f.object(value, path),
  }),
  alarms: group({
    defaultText: 'on, with the thresholds below',
    why: 'CloudWatch alarms on broker health, and from the monitoring definition (`kafka:monitoring`) on every topic’s throughput, every consumer group’s lag and throttling, to one SNS topic; and the stack’s CloudWatch dashboard.',
    fields: ALARM_FIELDS,
  }),
  identity: custom({
    shape: 'mapping',
    type: 'mapping',
    defaultText: 'required with `authMode: iam`',
    why: 'How each service’s Kubernetes ServiceAccount assumes its IAM role.',
    constraint:
      '`{ type: irsa, oidcProviderArn }` or `{ type: pod-identity, eksClusterName }`; refused with `scram`',
    fields: IDENTITY_FIELDS,
    read: (f, value, path) => f.object(value, path),
  }),
  allowClusterReplacement: flag({
    default: false,
    why: 'MSK cannot change `region`, `clusterType`, `clusterName`, `vpcId`, `subnets` or `kmsKeyArn` of an existing cluster: a change replaces the cluster, deleting it first with every topic and its data. Such a change is refused unless this is `true` for that run.',
    constraint: 'set it only for the run that replaces the cluster on purpose, then remove it',
  }),
  manageAcls: flag({
    default: false,
    why: 'SCRAM only: also manage per-service Kafka ACLs through the admin API (needs a network path from the runner to the brokers).',
    constraint: 'only with `authMode: scram`; see [docs/msk.md](../msk.md#kafka-acls-in-scram-mode)',
  }),
};

/** Settings that only mean something for provisioned clusters. */
export const PROVISIONED_ONLY: readonly (keyof typeof MSK_FIELDS)[] = [
  'kafkaVersion',
  'instanceType',
  'brokerCount',
  'storage',
  'kmsKeyArn',
  'monitoring',
  'logRetentionDays',
  'brokerConfig',
];

/** Where these declarations live, named in the generated docs. */
export const MSK_KEYS_FILE = __filename;

export const MSK_KEYS = {
  msk: group({
    defaultText: 'required with `kafka:provider: msk`',
    why: 'The MSK cluster, its network access, encryption, access per service and alarms.',
    fields: MSK_FIELDS,
  }),
};

function readKafkaVersion(f: Fields, value: unknown, path: Path): string {
  if (value === undefined || value === null) return DEFAULT_KAFKA_VERSION;
  const v = typeof value === 'number' ? String(value) : value;
  if (typeof v !== 'string') return f.string(v, path) ?? DEFAULT_KAFKA_VERSION;
  if ((KAFKA_VERSIONS as readonly string[]).includes(v)) return v;
  const ended = ENDED_KAFKA_VERSIONS[v];
  f.report(
    path,
    ended
      ? `${show(v)} reached end of support on ${ended} (MSK auto-upgrades such clusters); use one of ${oneOf(KAFKA_VERSIONS)}`
      : `${show(v)} is not a supported MSK Kafka version (allowed: ${oneOf(KAFKA_VERSIONS)}; topics through the AWS API need 3.6.0 or later)`,
  );
  return DEFAULT_KAFKA_VERSION;
}

function readLogRetention(f: Fields, value: unknown, path: Path): number {
  const n = f.integer(value, path, { min: 1 });
  if (n === undefined) return DEFAULT_LOG_RETENTION_DAYS;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(n)) {
    f.report(
      path,
      `${n} is not a CloudWatch Logs retention (allowed days: ${LOG_RETENTION_DAYS.join(', ')})`,
    );
    return DEFAULT_LOG_RETENTION_DAYS;
  }
  return n;
}
