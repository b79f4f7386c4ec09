import {
  choice,
  custom,
  flag,
  group,
  Group,
  items,
  Path,
  readGroup,
  readNamespace,
  SectionInput,
  SettingsSection,
  text,
  texts,
  whole,
} from '../../config/declare';
import { Fields } from '../../config/fields';
import { oneOf, show } from '../../config/problems';
import { opt } from '../../config/rawConfig';
import { BROKER_CONFIGS, EXPRESS_FIXED, normaliseBrokerConfig } from './brokerConfig';
import {
  AUTOSCALING_TARGET,
  CLUSTER_NAME,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_KAFKA_VERSION,
  ENDED_KAFKA_VERSIONS,
  INSTANCE_TYPES,
  isExpress,
  KAFKA_VERSIONS,
  LOG_RETENTION_DAYS,
  MONITORING_LEVELS,
  MonitoringLevel,
  VOLUME_GIB,
} from './limits';

export const CLUSTER_TYPES = ['provisioned', 'serverless'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];
export const AUTH_MODES = ['iam', 'scram'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export const CLIENT_BROKER_ENCRYPTION = ['TLS', 'TLS_PLAINTEXT', 'PLAINTEXT'] as const;
export const IDENTITY_TYPES = ['irsa', 'pod-identity'] as const;

/** A client subnet with its Availability Zone (given in config: the offline plan cannot look it up). */
export interface MskSubnet {
  id: string;
  az: string;
}

/** How a service's Kubernetes ServiceAccount assumes its IAM role (IAM auth only). */
export type MskIdentity =
  | { type: 'irsa'; oidcProviderArn: string; issuer: string }
  | { type: 'pod-identity'; eksClusterName: string };

export interface MskStorage {
  /** EBS GiB per broker at creation. */
  volumeSizeGiB: number;
  /** Storage autoscaling; absent when turned off. */
  autoscaling?: { targetPercent: number; maxGiB: number };
}

/** Thresholds of the CloudWatch alarms (see `kafka:msk.alarms` in docs/settings/msk.md for each). */
export interface MskAlarmSettings {
  /** Register the alarms and their SNS topic at all. */
  enabled: boolean;
  /** Email subscribed to the alarm topic (confirmation needed once). */
  email?: string;
  /** CpuUser + CpuSystem per broker. */
  cpuPercent: number;
  /** KafkaDataLogsDiskUsed per broker. */
  diskUsedPercent: number;
  /** UnderReplicatedPartitions per broker above which the alarm fires. */
  underReplicatedPartitions: number;
  /** OfflinePartitionsCount above which the alarm fires. */
  offlinePartitions: number;
  /** MaxOffsetLag (messages) per consumer group above which the lag alarm fires. */
  consumerLagMessages: number;
  /** Minutes the lag must stay above the threshold. */
  consumerLagMinutes: number;
}

/** `kafka:msk`, validated: an MSK cluster in an existing VPC, its access per service and its alarms. */
export interface MskSettings {
  /** Region of the cluster and of every AWS resource of the stack. */
  region: string;
  /** The existing VPC the brokers live in. */
  vpcId: string;
  /** Client subnets, one per Availability Zone. */
  subnets: MskSubnet[];
  /** Provisioned brokers we size, or serverless capacity AWS manages. */
  clusterType: ClusterType;
  /** MSK cluster name; also the alarms' `Cluster Name` dimension. */
  clusterName: string;
  /** Kafka version of a provisioned cluster. */
  kafkaVersion: string;
  /** Broker instance type of a provisioned cluster. */
  instanceType: string;
  /** Brokers, spread evenly over the subnets' AZs. */
  brokerCount: number;
  /** Absent for serverless and Express brokers (AWS manages their storage). */
  storage?: MskStorage;
  /** How clients authenticate: one IAM role or one SCRAM user per service. */
  authMode: AuthMode;
  /** IPv4 ranges allowed to reach the broker port. */
  allowedCidrs: string[];
  /** Security groups allowed to reach the broker port. */
  allowedSecurityGroupIds: string[];
  /** Existing customer-managed key; absent means the program creates one with rotation. */
  kmsKeyArn?: string;
  /** Enhanced monitoring level. */
  monitoring: MonitoringLevel;
  /** Retention of the broker logs in CloudWatch Logs. */
  logRetentionDays: number;
  /** Validated overrides in Kafka's string form. */
  brokerConfig: Record<string, string>;
  alarms: MskAlarmSettings;
  /** How services assume their roles (IAM auth). */
  identity?: MskIdentity;
  /** SCRAM only: manage per-service Kafka ACLs through the admin API (needs a network path). */
  manageAcls: boolean;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const AZ = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SG_ID = /^sg-[0-9a-f]{8,17}$/;
const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/mrk-[0-9a-f]{32}$/;
const OIDC_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

const list = (values: readonly (string | number)[]) => values.map((v) => `\`${v}\``).join(', ');

const IDENTITY_FIELDS = {
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

const ALARM_FIELDS = {
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
  consumerLagMessages: whole({
    min: 1,
    default: 10000,
    why: '`MaxOffsetLag` of a consumer group (its worst topic) above which its lag alarm fires.',
  }),
  consumerLagMinutes: whole({
    min: 1,
    max: 1440,
    default: 15,
    why: 'How long the lag must stay above the threshold before the alarm fires.',
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

const STORAGE_FIELDS = {
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

const MSK_FIELDS = {
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
    defaultText: 'the number of subnets (at least 2)',
    why: 'How many brokers the cluster runs.',
    constraint: 'a multiple of the subnet count (brokers are spread evenly over the AZs)',
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
    defaultText: '`14`',
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
      )}. \`default.replication.factor\` must be 2 to \`brokerCount\`; \`min.insync.replicas\` must be set together with it and be less than it`,
    read: (f, value, path) => f.object(value, path),
  }),
  alarms: group({
    defaultText: 'on, with the thresholds below',
    why: 'CloudWatch alarms on broker health and on the lag of every consumer group in the catalog, to one SNS topic.',
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
  manageAcls: flag({
    default: false,
    why: 'SCRAM only: also manage per-service Kafka ACLs through the admin API (needs a network path from the runner to the brokers).',
    constraint: 'only with `authMode: scram`; see [docs/msk.md](../msk.md#kafka-acls-in-scram-mode)',
  }),
};

/** Settings that only mean something for provisioned clusters. */
const PROVISIONED_ONLY: readonly (keyof typeof MSK_FIELDS)[] = [
  'kafkaVersion',
  'instanceType',
  'brokerCount',
  'storage',
  'kmsKeyArn',
  'monitoring',
  'logRetentionDays',
  'brokerConfig',
];

const MSK_KEYS = {
  msk: group({
    defaultText: 'required with `kafka:provider: msk`',
    why: 'The MSK cluster, its network access, encryption, access per service and alarms.',
    fields: MSK_FIELDS,
  }),
};

/** `kafka:msk`: one structured value. */
export const MSK_SETTINGS: SettingsSection<MskSettings> = {
  name: 'msk',
  title: 'AWS MSK backend settings',
  intro:
    'The `msk` backend creates an Amazon MSK cluster (provisioned or serverless) in an existing VPC, the ' +
    'catalog’s topics, one least-privilege identity per service and CloudWatch alarms. Unknown keys are ' +
    'errors, so typos never fall back to defaults silently. What it creates and why: [docs/msk.md](../msk.md).',
  keys: MSK_KEYS,
  declaredIn: __filename,
  parse: parseMsk,
};

function parseMsk(input: SectionInput): MskSettings {
  const { f, stack } = input;
  const ns = readNamespace(input, MSK_KEYS);
  if (!ns.has('msk')) {
    f.report(
      ['msk'],
      'is required for kafka:provider msk: set at least { region, vpcId, subnets, allowedCidrs }',
    );
  }
  const o = ns.read('msk');
  const region = o.read('region');
  const vpcId = o.read('vpcId');
  const clusterType = o.read('clusterType');
  const serverless = clusterType === 'serverless';
  if (serverless) {
    for (const key of PROVISIONED_ONLY) {
      if (o.has(key))
        f.report(o.at(key), 'does not apply to kafka:msk.clusterType serverless (AWS manages it)');
    }
  }
  const clusterName = o.read('clusterName') ?? `kafka-${stack.replace(/[^0-9A-Za-z-]/g, '-')}`.slice(0, 64);
  const instanceType = serverless ? DEFAULT_INSTANCE_TYPE : o.read('instanceType');
  const express = !serverless && isExpress(instanceType);

  const subnets = readSubnets(f, o, region, express);
  const brokerCount = serverless ? subnets.length : readBrokerCount(f, o, subnets.length);
  const kafkaVersion = serverless ? DEFAULT_KAFKA_VERSION : o.read('kafkaVersion');

  let storage: MskStorage | undefined;
  if (!serverless) {
    if (express && o.has('storage')) {
      f.report(
        o.at('storage'),
        `does not apply to Express brokers (${instanceType}): AWS manages their storage`,
      );
    } else if (!express) {
      storage = readStorage(f, o.read('storage'));
    }
  }

  const authMode = o.read('authMode');
  if (serverless && authMode === 'scram') {
    f.report(
      o.at('authMode'),
      '"scram" is not possible with clusterType serverless: MSK Serverless only supports "iam"',
    );
  }
  const clientBroker = o.read('clientBrokerEncryption');
  if (clientBroker !== undefined && clientBroker !== 'TLS') {
    f.report(
      o.at('clientBrokerEncryption'),
      `${show(clientBroker)} would allow unencrypted client traffic: ${authMode === 'scram' ? 'SCRAM' : 'IAM'} authentication needs "TLS" (the only allowed value)`,
    );
  }
  if (o.read('inClusterEncryption') === false) {
    f.report(
      o.at('inClusterEncryption'),
      'cannot be false: SASL (IAM or SCRAM) needs TLS between brokers too',
    );
  }

  const allowedCidrs = o.read('allowedCidrs').filter((cidr, i) => {
    const problem = cidrProblem(cidr);
    if (problem) f.report(o.at('allowedCidrs', i), `${show(cidr)} ${problem}`);
    return !problem;
  });
  const allowedSecurityGroupIds = o.read('allowedSecurityGroupIds').filter((id, i) => {
    if (SG_ID.test(id)) return true;
    f.report(o.at('allowedSecurityGroupIds', i), `${show(id)} is not a security group id like sg-0a1b2c3d`);
    return false;
  });
  reportDuplicates(f, allowedCidrs, o.at('allowedCidrs'));
  reportDuplicates(f, allowedSecurityGroupIds, o.at('allowedSecurityGroupIds'));
  if (!o.has('allowedCidrs') && !o.has('allowedSecurityGroupIds') && o.given) {
    f.report(
      o.at('allowedCidrs'),
      'nobody could connect: set kafka:msk.allowedCidrs and/or kafka:msk.allowedSecurityGroupIds (e.g. the EKS node security group)',
    );
  }

  const kmsKeyArn = serverless ? undefined : o.read('kmsKeyArn');
  if (kmsKeyArn && region && kmsKeyArn.split(':')[3] !== region) {
    f.report(
      o.at('kmsKeyArn'),
      `is in region ${kmsKeyArn.split(':')[3]}, the cluster is in ${region}: MSK needs a key in the same region`,
    );
  }
  const monitoring = o.read('monitoring');
  const logRetentionDays = o.read('logRetentionDays');
  const brokerConfig = serverless ? {} : readBrokerConfig(f, o, { express, instanceType, brokerCount });
  const alarms = readAlarms(o.read('alarms'));
  const identity = readIdentity(f, o, authMode, region);
  const manageAcls = o.read('manageAcls');
  if (manageAcls && authMode !== 'scram') {
    f.report(
      o.at('manageAcls'),
      'only applies with kafka:msk.authMode scram (IAM policies authorise IAM clients; Kafka ACLs do not apply to them)',
    );
  }

  return {
    region: region ?? 'us-east-1',
    vpcId: vpcId ?? 'vpc-00000000',
    subnets,
    clusterType,
    clusterName,
    kafkaVersion,
    instanceType,
    brokerCount,
    authMode,
    allowedCidrs,
    allowedSecurityGroupIds,
    monitoring,
    logRetentionDays,
    brokerConfig,
    alarms,
    manageAcls: manageAcls && authMode === 'scram',
    ...opt('storage', storage),
    ...opt('kmsKeyArn', kmsKeyArn),
    ...opt('identity', identity),
  };
}

type Msk = Group<typeof MSK_FIELDS>;

function readSubnets(f: Fields, o: Msk, region: string | undefined, express: boolean): MskSubnet[] {
  const path = o.at('subnets');
  if (!o.has('subnets')) {
    f.report(
      path,
      'is required: 2 or 3 subnets in different Availability Zones, e.g. [{ id: subnet-0a1b2c3d, az: eu-west-1a }]',
    );
    return [];
  }
  const given = o.read('subnets');
  const subnets: MskSubnet[] = [];
  for (const item of given) {
    const id = item.read('id');
    const az = item.read('az');
    if (az && region && !az.startsWith(region))
      f.report(item.at('az'), `${show(az)} is not in kafka:msk.region ${region}`);
    if (id && az) subnets.push({ id, az });
  }
  const count = given.length;
  if (Array.isArray(o.value('subnets'))) {
    if (express && count !== 3) {
      f.report(
        path,
        `has ${count} subnets: Express brokers need exactly 3, in 3 different Availability Zones`,
      );
    } else if (!express && (count < 2 || count > 3)) {
      f.report(path, `has ${count} subnets: MSK needs 2 or 3, each in a different Availability Zone`);
    }
  }
  const ids = subnets.map((s) => s.id);
  const dupId = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dupId) f.report(path, `lists subnet ${dupId} twice`);
  const azs = subnets.map((s) => s.az);
  const dupAz = azs.find((az, i) => azs.indexOf(az) !== i);
  if (dupAz)
    f.report(
      path,
      `has more than one subnet in ${dupAz}: each subnet must be in a different Availability Zone`,
    );
  return subnets;
}

function readBrokerCount(f: Fields, o: Msk, subnetCount: number): number {
  const n = o.read('brokerCount');
  if (n === undefined) return Math.max(subnetCount, 2);
  if (subnetCount > 0 && n % subnetCount !== 0) {
    f.report(
      o.at('brokerCount'),
      `${n} is not a multiple of the ${subnetCount} subnets (brokers are spread evenly over the AZs)`,
    );
  }
  return n;
}

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

function readStorage(f: Fields, s: Group<typeof STORAGE_FIELDS>): MskStorage {
  const volumeSizeGiB = s.read('volumeSizeGiB');
  const autoscaling = s.read('autoscaling');
  if (autoscaling === false) return { volumeSizeGiB };
  const targetPercent = autoscaling.read('targetPercent');
  const maxGiB = autoscaling.read('maxGiB') ?? Math.min(VOLUME_GIB.max, volumeSizeGiB * 4);
  if (autoscaling.has('maxGiB') && maxGiB <= volumeSizeGiB) {
    f.report(
      autoscaling.at('maxGiB'),
      `${maxGiB} must be more than kafka:msk.storage.volumeSizeGiB (${volumeSizeGiB}): storage only grows`,
    );
  }
  return { volumeSizeGiB, autoscaling: { targetPercent, maxGiB } };
}

function readLogRetention(f: Fields, value: unknown, path: Path): number {
  const n = f.integer(value, path, { min: 1 });
  if (n === undefined) return 14;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(n)) {
    f.report(
      path,
      `${n} is not a CloudWatch Logs retention (allowed days: ${LOG_RETENTION_DAYS.join(', ')})`,
    );
    return 14;
  }
  return n;
}

function readBrokerConfig(
  f: Fields,
  o: Msk,
  ctx: { express: boolean; instanceType: string; brokerCount: number },
): Record<string, string> {
  const path = o.at('brokerConfig');
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(o.read('brokerConfig'))) {
    const { value: v, problem } = normaliseBrokerConfig(key, raw);
    if (problem !== undefined || v === undefined) {
      f.report([...path, key], problem ?? 'is not valid');
      continue;
    }
    if (ctx.express && (EXPRESS_FIXED as readonly string[]).includes(key)) {
      f.report([...path, key], `cannot be set on Express brokers (${ctx.instanceType}): MSK fixes it`);
      continue;
    }
    out[key] = v;
  }
  const rf = out['default.replication.factor'];
  if (rf !== undefined && Number(rf) > ctx.brokerCount) {
    f.report(
      [...path, 'default.replication.factor'],
      `${rf} is more than the ${ctx.brokerCount} brokers (kafka:msk.brokerCount)`,
    );
  }
  if (rf !== undefined && Number(rf) < 2) {
    f.report(
      [...path, 'default.replication.factor'],
      `${rf} keeps one copy: partitions go offline during every broker restart (use 2 or more)`,
    );
  }
  const isr = out['min.insync.replicas'];
  if (isr !== undefined && rf !== undefined && Number(isr) >= Number(rf)) {
    f.report(
      [...path, 'min.insync.replicas'],
      `${isr} must be less than default.replication.factor (${rf}), or one broker restart stops writes with acks=all`,
    );
  }
  if (isr !== undefined && rf === undefined && !ctx.express) {
    f.report(
      [...path, 'min.insync.replicas'],
      'set it together with default.replication.factor so both fit each other',
    );
  }
  return out;
}

function readAlarms(a: Group<typeof ALARM_FIELDS>): MskAlarmSettings {
  return {
    enabled: a.read('enabled'),
    cpuPercent: a.read('cpuPercent'),
    diskUsedPercent: a.read('diskUsedPercent'),
    underReplicatedPartitions: a.read('underReplicatedPartitions'),
    offlinePartitions: a.read('offlinePartitions'),
    consumerLagMessages: a.read('consumerLagMessages'),
    consumerLagMinutes: a.read('consumerLagMinutes'),
    ...opt('email', a.read('email')),
  };
}

function readIdentity(
  f: Fields,
  o: Msk,
  authMode: AuthMode,
  region: string | undefined,
): MskIdentity | undefined {
  const path = o.at('identity');
  if (!o.has('identity')) {
    if (authMode === 'iam') {
      f.report(
        path,
        'is required with authMode iam: { type: irsa, oidcProviderArn } or { type: pod-identity, eksClusterName }, so services can assume their role',
      );
    }
    return undefined;
  }
  const value = o.read('identity');
  if (authMode === 'scram') {
    f.report(path, 'only applies with kafka:msk.authMode iam (SCRAM services get a user name and password)');
    return undefined;
  }
  const field = (key: keyof typeof IDENTITY_FIELDS) =>
    IDENTITY_FIELDS[key].read(f, value[key], [...path, key]);
  const type = field('type');
  // Each identity type has its own keys: the other type's key is a typo, not a setting.
  if (type === 'irsa') {
    f.onlyKeys(value, path, ['type', 'oidcProviderArn']);
    const arn = field('oidcProviderArn');
    const issuer = arn?.match(OIDC_ARN)?.[1];
    if (
      arn &&
      issuer &&
      region &&
      issuer.startsWith('oidc.eks.') &&
      !issuer.startsWith(`oidc.eks.${region}.`)
    ) {
      f.report([...path, 'oidcProviderArn'], `belongs to an EKS cluster outside kafka:msk.region ${region}`);
    }
    return arn && issuer ? { type: 'irsa', oidcProviderArn: arn, issuer } : undefined;
  }
  if (type === 'pod-identity') {
    f.onlyKeys(value, path, ['type', 'eksClusterName']);
    const eksClusterName = field('eksClusterName');
    return eksClusterName ? { type: 'pod-identity', eksClusterName } : undefined;
  }
  return undefined;
}

function reportDuplicates(f: Fields, values: string[], path: Path): void {
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup) f.report(path, `lists ${dup} twice`);
}

/** Why a CIDR is not usable, or undefined. Public-wide ranges are refused: the cluster has no public access. */
export function cidrProblem(cidr: string): string | undefined {
  const m = CIDR4.exec(cidr);
  if (!m) return 'is not an IPv4 CIDR like 10.0.0.0/16';
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return 'is not an IPv4 CIDR like 10.0.0.0/16';
  if (bits < 8) return 'is wider than /8: the brokers must not be open to the internet';
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (bits < 32 && address % 2 ** (32 - bits) !== 0)
    return `has host bits set (AWS refuses it); did you mean the network address?`;
  return undefined;
}
