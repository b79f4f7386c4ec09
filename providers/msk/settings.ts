import { Fields } from '../../config/fields';
import { oneOf, show } from '../../config/problems';
import { opt, RawConfig } from '../../config/settings';
import { EXPRESS_FIXED, normaliseBrokerConfig } from './brokerConfig';
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

export interface MskAlarmSettings {
  enabled: boolean;
  /** Email subscribed to the alarm topic (confirmation needed once). */
  email?: string;
  cpuPercent: number;
  diskUsedPercent: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
  /** MaxOffsetLag (messages) per consumer group above which the lag alarm fires. */
  consumerLagMessages: number;
  /** Minutes the lag must stay above the threshold. */
  consumerLagMinutes: number;
}

/** `kafka:msk`: an MSK cluster in an existing VPC, its access per service and its alarms. */
export interface MskSettings {
  region: string;
  vpcId: string;
  subnets: MskSubnet[];
  clusterType: ClusterType;
  clusterName: string;
  kafkaVersion: string;
  instanceType: string;
  brokerCount: number;
  /** Absent for serverless and Express brokers (AWS manages their storage). */
  storage?: MskStorage;
  authMode: AuthMode;
  allowedCidrs: string[];
  allowedSecurityGroupIds: string[];
  /** Existing customer-managed key; absent means the program creates one with rotation. */
  kmsKeyArn?: string;
  monitoring: MonitoringLevel;
  logRetentionDays: number;
  /** Validated overrides in Kafka's string form. */
  brokerConfig: Record<string, string>;
  alarms: MskAlarmSettings;
  identity?: MskIdentity;
  /** SCRAM only: manage per-service Kafka ACLs through the admin API (needs a network path). */
  manageAcls: boolean;
}

export const MSK_KEYS = ['msk'] as const;

const KNOWN = [
  'region',
  'vpcId',
  'subnets',
  'clusterType',
  'clusterName',
  'kafkaVersion',
  'instanceType',
  'brokerCount',
  'storage',
  'authMode',
  'clientBrokerEncryption',
  'inClusterEncryption',
  'allowedCidrs',
  'allowedSecurityGroupIds',
  'kmsKeyArn',
  'monitoring',
  'logRetentionDays',
  'brokerConfig',
  'alarms',
  'identity',
  'manageAcls',
];
/** Settings that only mean something for provisioned clusters. */
const PROVISIONED_ONLY = [
  'kafkaVersion',
  'instanceType',
  'brokerCount',
  'storage',
  'kmsKeyArn',
  'monitoring',
  'logRetentionDays',
  'brokerConfig',
];

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SG_ID = /^sg-[0-9a-f]{8,17}$/;
const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/mrk-[0-9a-f]{32}$/;
const OIDC_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

/** Parses and validates `kafka:msk`. Pure; records every problem with its exact key. */
export function parseMskSettings(f: Fields, raw: RawConfig, stack: string): MskSettings {
  const path = ['msk'];
  const at = (...rest: (string | number)[]) => [...path, ...rest];
  if (raw.values.msk === undefined) {
    f.report(
      path,
      'is required for kafka:provider msk: set at least { region, vpcId, subnets, allowedCidrs }',
    );
  }
  const o = f.object(raw.values.msk, path);
  f.onlyKeys(o, path, KNOWN);

  const region = f.requiredString(o.region, at('region'), {
    pattern: REGION,
    patternHint: 'is not an AWS region name like eu-west-1',
  });
  const vpcId = f.requiredString(o.vpcId, at('vpcId'), {
    pattern: VPC_ID,
    patternHint: 'is not a VPC id like vpc-0a1b2c3d',
  });
  const clusterType =
    (f.string(o.clusterType, at('clusterType'), { allowed: CLUSTER_TYPES }) as ClusterType | undefined) ??
    'provisioned';
  const serverless = clusterType === 'serverless';
  if (serverless) {
    for (const key of PROVISIONED_ONLY) {
      if (o[key] !== undefined)
        f.report(at(key), 'does not apply to kafka:msk.clusterType serverless (AWS manages it)');
    }
  }

  const clusterName =
    f.string(o.clusterName, at('clusterName'), {
      pattern: CLUSTER_NAME,
      patternHint: 'must be 1-64 letters, digits or "-", starting with a letter or digit',
    }) ?? `kafka-${stack.replace(/[^0-9A-Za-z-]/g, '-')}`.slice(0, 64);

  const instanceType = serverless
    ? DEFAULT_INSTANCE_TYPE
    : (f.string(o.instanceType, at('instanceType'), { allowed: INSTANCE_TYPES }) ?? DEFAULT_INSTANCE_TYPE);
  const express = !serverless && isExpress(instanceType);

  const subnets = parseSubnets(f, o.subnets, at('subnets'), region, express);
  const brokerCount = serverless
    ? subnets.length
    : parseBrokerCount(f, o.brokerCount, at('brokerCount'), subnets.length);
  const kafkaVersion = serverless
    ? DEFAULT_KAFKA_VERSION
    : parseKafkaVersion(f, o.kafkaVersion, at('kafkaVersion'));

  let storage: MskStorage | undefined;
  if (!serverless) {
    if (express && o.storage !== undefined) {
      f.report(
        at('storage'),
        `does not apply to Express brokers (${instanceType}): AWS manages their storage`,
      );
    } else if (!express) {
      storage = parseStorage(f, o.storage, at('storage'));
    }
  }

  const authMode =
    (f.string(o.authMode, at('authMode'), { allowed: AUTH_MODES }) as AuthMode | undefined) ?? 'iam';
  if (serverless && authMode === 'scram') {
    f.report(
      at('authMode'),
      '"scram" is not possible with clusterType serverless: MSK Serverless only supports "iam"',
    );
  }
  const clientBroker = f.string(o.clientBrokerEncryption, at('clientBrokerEncryption'), {
    allowed: CLIENT_BROKER_ENCRYPTION,
  });
  if (clientBroker !== undefined && clientBroker !== 'TLS') {
    f.report(
      at('clientBrokerEncryption'),
      `${show(clientBroker)} would allow unencrypted client traffic: ${authMode === 'scram' ? 'SCRAM' : 'IAM'} authentication needs "TLS" (the only allowed value)`,
    );
  }
  const inCluster = f.boolean(o.inClusterEncryption, at('inClusterEncryption'));
  if (inCluster === false) {
    f.report(at('inClusterEncryption'), 'cannot be false: SASL (IAM or SCRAM) needs TLS between brokers too');
  }

  const allowedCidrs = f.stringList(o.allowedCidrs, at('allowedCidrs')).filter((cidr, i) => {
    const problem = cidrProblem(cidr);
    if (problem) f.report(at('allowedCidrs', i), `${show(cidr)} ${problem}`);
    return !problem;
  });
  const allowedSecurityGroupIds = f
    .stringList(o.allowedSecurityGroupIds, at('allowedSecurityGroupIds'))
    .filter((id, i) => {
      if (SG_ID.test(id)) return true;
      f.report(at('allowedSecurityGroupIds', i), `${show(id)} is not a security group id like sg-0a1b2c3d`);
      return false;
    });
  reportDuplicates(f, allowedCidrs, at('allowedCidrs'));
  reportDuplicates(f, allowedSecurityGroupIds, at('allowedSecurityGroupIds'));
  if (
    o.allowedCidrs === undefined &&
    o.allowedSecurityGroupIds === undefined &&
    raw.values.msk !== undefined
  ) {
    f.report(
      at('allowedCidrs'),
      'nobody could connect: set kafka:msk.allowedCidrs and/or kafka:msk.allowedSecurityGroupIds (e.g. the EKS node security group)',
    );
  }

  const kmsKeyArn = serverless
    ? undefined
    : f.string(o.kmsKeyArn, at('kmsKeyArn'), {
        pattern: KMS_KEY_ARN,
        patternHint: 'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias',
      });
  if (kmsKeyArn && region && kmsKeyArn.split(':')[3] !== region) {
    f.report(
      at('kmsKeyArn'),
      `is in region ${kmsKeyArn.split(':')[3]}, the cluster is in ${region}: MSK needs a key in the same region`,
    );
  }
  const monitoring = (f.string(o.monitoring, at('monitoring'), { allowed: MONITORING_LEVELS }) ??
    'DEFAULT') as MonitoringLevel;
  const logRetentionDays = parseLogRetention(f, o.logRetentionDays, at('logRetentionDays'));
  const brokerConfig = serverless
    ? {}
    : parseBrokerConfig(f, o.brokerConfig, at('brokerConfig'), { express, instanceType, brokerCount });
  const alarms = parseAlarms(f, o.alarms, at('alarms'));
  const identity = parseIdentity(f, o.identity, at('identity'), authMode, region);
  const manageAcls = f.boolean(o.manageAcls, at('manageAcls')) ?? false;
  if (manageAcls && authMode !== 'scram') {
    f.report(
      at('manageAcls'),
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

function parseSubnets(
  f: Fields,
  value: unknown,
  path: (string | number)[],
  region: string | undefined,
  express: boolean,
): MskSubnet[] {
  if (value === undefined) {
    f.report(
      path,
      'is required: 2 or 3 subnets in different Availability Zones, e.g. [{ id: subnet-0a1b2c3d, az: eu-west-1a }]',
    );
    return [];
  }
  const subnets: MskSubnet[] = [];
  f.list(value, path).forEach((item, i) => {
    const s = f.object(item, [...path, i]);
    f.onlyKeys(s, [...path, i], ['id', 'az']);
    const id = f.requiredString(s.id, [...path, i, 'id'], {
      pattern: SUBNET_ID,
      patternHint: 'is not a subnet id like subnet-0a1b2c3d',
    });
    const az = f.requiredString(s.az, [...path, i, 'az'], {
      pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/,
      patternHint: 'is not an Availability Zone name like eu-west-1a',
    });
    if (az && region && !az.startsWith(region)) {
      f.report([...path, i, 'az'], `${show(az)} is not in kafka:msk.region ${region}`);
    }
    if (id && az) subnets.push({ id, az });
  });
  const count = f.list(value, path).length;
  if (Array.isArray(value)) {
    if (express && count !== 3) {
      f.report(
        path,
        `has ${count} subnets: Express brokers need exactly 3, in 3 different Availability Zones`,
      );
    } else if (count < 2 || count > 3) {
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

function parseBrokerCount(f: Fields, value: unknown, path: (string | number)[], subnetCount: number): number {
  const n = f.integer(value, path, { min: 1, max: 60 });
  if (n === undefined) return Math.max(subnetCount, 2);
  if (subnetCount > 0 && n % subnetCount !== 0) {
    f.report(
      path,
      `${n} is not a multiple of the ${subnetCount} subnets (brokers are spread evenly over the AZs)`,
    );
  }
  return n;
}

function parseKafkaVersion(f: Fields, value: unknown, path: (string | number)[]): string {
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

function parseStorage(f: Fields, value: unknown, path: (string | number)[]): MskStorage {
  const o = f.object(value, path);
  f.onlyKeys(o, path, ['volumeSizeGiB', 'autoscaling']);
  const volumeSizeGiB = f.integer(o.volumeSizeGiB, [...path, 'volumeSizeGiB'], VOLUME_GIB) ?? 100;
  if (o.autoscaling === false || o.autoscaling === 'false') return { volumeSizeGiB };
  const a = f.object(o.autoscaling === true ? {} : o.autoscaling, [...path, 'autoscaling']);
  f.onlyKeys(a, [...path, 'autoscaling'], ['targetPercent', 'maxGiB']);
  const targetPercent =
    f.integer(a.targetPercent, [...path, 'autoscaling', 'targetPercent'], AUTOSCALING_TARGET) ?? 60;
  const maxGiB =
    f.integer(a.maxGiB, [...path, 'autoscaling', 'maxGiB'], VOLUME_GIB) ??
    Math.min(VOLUME_GIB.max, volumeSizeGiB * 4);
  if (a.maxGiB !== undefined && maxGiB <= volumeSizeGiB) {
    f.report(
      [...path, 'autoscaling', 'maxGiB'],
      `${maxGiB} must be more than kafka:msk.storage.volumeSizeGiB (${volumeSizeGiB}): storage only grows`,
    );
  }
  return { volumeSizeGiB, autoscaling: { targetPercent, maxGiB } };
}

function parseLogRetention(f: Fields, value: unknown, path: (string | number)[]): number {
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

function parseBrokerConfig(
  f: Fields,
  value: unknown,
  path: (string | number)[],
  ctx: { express: boolean; instanceType: string; brokerCount: number },
): Record<string, string> {
  const o = f.object(value, path);
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(o)) {
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

function parseAlarms(f: Fields, value: unknown, path: (string | number)[]): MskAlarmSettings {
  const o = f.object(value, path);
  f.onlyKeys(o, path, [
    'enabled',
    'email',
    'cpuPercent',
    'diskUsedPercent',
    'underReplicatedPartitions',
    'offlinePartitions',
    'consumerLagMessages',
    'consumerLagMinutes',
  ]);
  const email = f.string(o.email, [...path, 'email'], {
    pattern: EMAIL,
    patternHint: 'is not an email address',
  });
  return {
    enabled: f.boolean(o.enabled, [...path, 'enabled']) ?? true,
    cpuPercent: f.integer(o.cpuPercent, [...path, 'cpuPercent'], { min: 1, max: 100 }) ?? 60,
    diskUsedPercent: f.integer(o.diskUsedPercent, [...path, 'diskUsedPercent'], { min: 1, max: 100 }) ?? 85,
    underReplicatedPartitions:
      f.integer(o.underReplicatedPartitions, [...path, 'underReplicatedPartitions'], { min: 0 }) ?? 0,
    offlinePartitions: f.integer(o.offlinePartitions, [...path, 'offlinePartitions'], { min: 0 }) ?? 0,
    consumerLagMessages:
      f.integer(o.consumerLagMessages, [...path, 'consumerLagMessages'], { min: 1 }) ?? 10000,
    consumerLagMinutes:
      f.integer(o.consumerLagMinutes, [...path, 'consumerLagMinutes'], { min: 1, max: 1440 }) ?? 15,
    ...opt('email', email),
  };
}

function parseIdentity(
  f: Fields,
  value: unknown,
  path: (string | number)[],
  authMode: AuthMode,
  region: string | undefined,
): MskIdentity | undefined {
  if (value === undefined) {
    if (authMode === 'iam') {
      f.report(
        path,
        'is required with authMode iam: { type: irsa, oidcProviderArn } or { type: pod-identity, eksClusterName }, so services can assume their role',
      );
    }
    return undefined;
  }
  const o = f.object(value, path);
  if (authMode === 'scram') {
    f.report(path, 'only applies with kafka:msk.authMode iam (SCRAM services get a user name and password)');
    return undefined;
  }
  const type = f.requiredString(o.type, [...path, 'type'], { allowed: IDENTITY_TYPES });
  if (type === 'irsa') {
    f.onlyKeys(o, path, ['type', 'oidcProviderArn']);
    const arn = f.requiredString(o.oidcProviderArn, [...path, 'oidcProviderArn'], {
      pattern: OIDC_ARN,
      patternHint:
        'is not an IAM OIDC provider ARN like arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
    });
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
    f.onlyKeys(o, path, ['type', 'eksClusterName']);
    const eksClusterName = f.requiredString(o.eksClusterName, [...path, 'eksClusterName'], {
      pattern: EKS_NAME,
      patternHint: 'is not an EKS cluster name',
    });
    return eksClusterName ? { type: 'pod-identity', eksClusterName } : undefined;
  }
  return undefined;
}

function reportDuplicates(f: Fields, values: string[], path: (string | number)[]): void {
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
