import { parseCidr } from '../../config/cidr';
import { Group, Path, readNamespace, SectionInput, SettingsSection } from '../../config/declare';
import { Fields } from '../../config/fields';
import { show } from '../../config/problems';
import { opt } from '../../config/rawConfig';
import { EXPRESS_CONFIGS, EXPRESS_FIXED, normaliseBrokerConfig } from './brokerProperties';
import {
  BROKERS_PER_ACCOUNT,
  BROKERS_PER_CLUSTER,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_KAFKA_VERSION,
  isExpress,
  isKraft,
  MonitoringLevel,
  VOLUME_GIB,
} from './limits';
import {
  ALARM_FIELDS,
  defaultBrokerCount,
  AuthMode,
  ClusterType,
  IDENTITY_FIELDS,
  MSK_FIELDS,
  MSK_KEYS,
  MSK_KEYS_FILE,
  OIDC_ARN,
  PROVISIONED_ONLY,
  SG_ID,
  STORAGE_FIELDS,
} from './settingsKeys';

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
  /** Ingress one broker sustains (MiB/s); unset: the broker type's figure (capacity.ts). */
  brokerIngressMiBps?: number;
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
  /** `kafka:msk.brokerCount`, read with its declaration's default (settingsKeys.ts); serverless: the subnet count. */
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
  /** A change of a setting MSK cannot change in place may replace the cluster (guard.ts). */
  allowClusterReplacement: boolean;
}

/** `kafka:msk`: one structured value. */
export const MSK_SETTINGS: SettingsSection<MskSettings> = {
  name: 'msk',
  title: 'AWS MSK backend settings',
  intro:
    'The `msk` backend creates an Amazon MSK cluster (provisioned or serverless) in an existing VPC, the ' +
    'catalog’s topics, one least-privilege identity per service and CloudWatch alarms. Unknown keys are ' +
    'errors, so typos never fall back to defaults silently. What it creates and why: [docs/msk.md](../msk.md).',
  keys: MSK_KEYS,
  declaredIn: MSK_KEYS_FILE,
  parse: parseMsk,
};

/**
 * What a first `kafka:msk` must hold, from the declarations: every key documented as required
 * (`identity` with the default authMode iam), plus the cross-key rule that someone can connect.
 */
const MSK_MINIMUM = (() => {
  const required = Object.entries(MSK_FIELDS)
    .filter(([, d]) => (d as { defaultText?: string }).defaultText?.startsWith('required'))
    .map(([key]) => key);
  return (
    `set at least { ${required.join(', ')} } (identity because authMode defaults to iam) ` +
    'and one of allowedCidrs, allowedSecurityGroupIds'
  );
})();

function parseMsk(input: SectionInput): MskSettings {
  const { f, stack } = input;
  const ns = readNamespace(input, MSK_KEYS);
  if (!ns.has('msk')) {
    f.report(['msk'], `is required for kafka:provider msk: ${MSK_MINIMUM}`);
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
  const clusterName = o.read('clusterName') ?? defaultClusterName(stack);
  const instanceType = serverless ? DEFAULT_INSTANCE_TYPE : o.read('instanceType');
  const express = !serverless && isExpress(instanceType);

  const subnets = readSubnets(f, o, region, express);
  const kafkaVersion = serverless ? DEFAULT_KAFKA_VERSION : o.read('kafkaVersion');
  const brokerCount = serverless ? subnets.length : readBrokerCount(f, o, subnets.length, kafkaVersion);

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
    const problem = brokerIngressCidrProblem(cidr);
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
    allowClusterReplacement: o.read('allowClusterReplacement'),
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

function readBrokerCount(f: Fields, o: Msk, subnetCount: number, kafkaVersion: string): number {
  const n = o.read('brokerCount');
  if (n === undefined) return defaultBrokerCount(subnetCount);
  const mode = isKraft(kafkaVersion) ? 'kraft' : 'zookeeper';
  const max = BROKERS_PER_CLUSTER[mode];
  if (n > max) {
    f.report(
      o.at('brokerCount'),
      `${n} is more than the ${max} brokers MSK allows per ${mode === 'kraft' ? 'KRaft' : 'ZooKeeper'}-based cluster (kafka:msk.kafkaVersion ${kafkaVersion}; default quota, ${mode === 'kraft' ? '' : 'KRaft versions (`*.kraft`) allow 60; '}raise it in Service Quotas first, and at most ${BROKERS_PER_ACCOUNT} per account and region)`,
    );
  }
  if (subnetCount > 0 && n % subnetCount !== 0) {
    f.report(
      o.at('brokerCount'),
      `${n} is not a multiple of the ${subnetCount} subnets (brokers are spread evenly over the AZs)`,
    );
  }
  return n;
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
    if (ctx.express && !EXPRESS_CONFIGS.includes(key)) {
      f.report(
        [...path, key],
        `cannot be set on Express brokers (${ctx.instanceType}): MSK manages it; Express brokers take only ${EXPRESS_CONFIGS.join(', ')}`,
      );
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
  a.read('consumerLagMessages');
  a.read('consumerLagMinutes');
  return {
    enabled: a.read('enabled'),
    cpuPercent: a.read('cpuPercent'),
    diskUsedPercent: a.read('diskUsedPercent'),
    underReplicatedPartitions: a.read('underReplicatedPartitions'),
    offlinePartitions: a.read('offlinePartitions'),
    ...opt('brokerIngressMiBps', a.read('brokerIngressMiBps')),
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

/**
 * Why a CIDR is not usable in the broker security group's ingress, or undefined: IPv4 only,
 * stricter than a Kubernetes ipBlock (no range wider than /8: the cluster has no public access;
 * no host bits, which AWS refuses).
 */
export function brokerIngressCidrProblem(cidr: string): string | undefined {
  const parsed = parseCidr(cidr);
  if (parsed?.version !== 4) return 'is not an IPv4 CIDR like 10.0.0.0/16';
  const octets = parsed.address.split('.').map(Number);
  const bits = parsed.bits;
  if (bits < 8) return 'is wider than /8: the brokers must not be open to the internet';
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (bits < 32 && address % 2 ** (32 - bits) !== 0)
    return `has host bits set (AWS refuses it); did you mean the network address?`;
  return undefined;
}

/** `kafka-<stack>` as an MSK cluster name (NAME_RULES.cluster): other characters become `-`, at most 64. */
export function defaultClusterName(stack: string): string {
  return `kafka-${stack.replace(/[^0-9A-Za-z-]/g, '-')}`.slice(0, 64);
}
