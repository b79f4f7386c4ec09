import { readNamespace, SectionInput, SettingsSection } from '../../config/declare';
import { opt, otherSecretKey } from '../../config/rawConfig';
import {
  Availability,
  Cloud,
  ClusterType,
  MAX_CKU_AZURE,
  MIN_CKU_MULTI_ZONE,
  NAME_RULES,
  StreamGovernancePackage,
} from './limits';
import { CLOUD_API_KEY, CLOUD_API_SECRET, CONFLUENT_KEYS, CONFLUENT_KEYS_FILE } from './settingsKeys';

/** The environment of the cluster: one this stack creates, or an existing one it only uses. */
export type ConfluentEnvironment =
  | { kind: 'create'; displayName: string; streamGovernance: StreamGovernancePackage }
  | { kind: 'existing'; id: string };

/** The metrics account and scrape job Prometheus reads the cluster with (`kafka:confluent.monitoring`). */
export interface ConfluentMonitoringSettings {
  /** Register the metrics service account and key, and output the Prometheus configuration. */
  enabled: boolean;
  /** Where Prometheus reads the Metrics API key secret from. */
  passwordFile: string;
}

/** `kafka:confluent`, validated: an environment and cluster, access per service, monitoring. */
export interface ConfluentSettings {
  environment: ConfluentEnvironment;
  /** Display name of the cluster. */
  clusterName: string;
  clusterType: ClusterType;
  cloud: Cloud;
  region: string;
  availability: Availability;
  /** CKUs of a Dedicated cluster; absent for the elastic types. */
  cku?: number;
  /** Stem of the service account display names, unique in the organisation. */
  serviceAccountPrefix: string;
  /** Key versions per service that differ from the default `[1]`; the last one is delivered. */
  keyVersions: Record<string, number[]>;
  /** A change that would replace the cluster or the environment is allowed for this run (guard.ts). */
  allowClusterReplacement: boolean;
  monitoring: ConfluentMonitoringSettings;
}

/** `kafka:confluent` and the Confluent Cloud API credentials in the provider's own namespace. */
export const CONFLUENT_SETTINGS: SettingsSection<ConfluentSettings> = {
  name: 'confluent',
  title: 'Confluent Cloud backend settings',
  intro:
    'The `confluent` backend creates a Confluent Cloud environment (or uses an existing one), a Kafka cluster, ' +
    'the catalog’s topics, one service account with a Kafka API key and exactly the ACLs the catalog implies per ' +
    'service, and a metrics service account for Prometheus. Unknown keys are errors, so typos never fall back to ' +
    'defaults silently. What it creates and why: [docs/confluent.md](../confluent.md).',
  keys: CONFLUENT_KEYS,
  declaredIn: CONFLUENT_KEYS_FILE,
  notes: [
    '## Confluent Cloud API credentials',
    '',
    `\`${CLOUD_API_KEY}\` and \`${CLOUD_API_SECRET}\` are the Confluent provider’s own config keys. Both are`,
    'required and refused unless set with `--secret`; they reach only the explicit provider of this backend:',
    '',
    '```sh',
    `pulumi config set --secret ${CLOUD_API_KEY} <key>`,
    `pulumi config set --secret ${CLOUD_API_SECRET} <secret>`,
    '```',
    '',
    'The key must be a Cloud API key (not a Kafka API key) of a principal with OrganizationAdmin (creating',
    'service accounts needs it) or, with an existing environment, EnvironmentAdmin plus an existing',
    'permission to create service accounts.',
  ].join('\n'),
  parse: parseConfluent,
};

function parseConfluent(input: SectionInput): ConfluentSettings {
  const { f, raw, stack } = input;
  // Both credentials are checked even when kafka:confluent is missing: one run, every problem.
  otherSecretKey(f, raw, CLOUD_API_KEY);
  otherSecretKey(f, raw, CLOUD_API_SECRET);

  const ns = readNamespace(input, CONFLUENT_KEYS);
  if (!ns.has('confluent')) {
    f.report(
      ['confluent'],
      'is required for kafka:provider confluent: set at least { clusterType, cloud, region }',
    );
  }
  const o = ns.read('confluent');
  const defaultName = `kafka-${stack.replace(/[^0-9A-Za-z._-]/g, '-')}`.slice(0, 64);
  const clusterName = o.read('clusterName') ?? defaultName;
  const clusterType = o.read('clusterType');
  const cloud = o.read('cloud');
  const region = o.read('region');
  const availability = o.read('availability');

  const e = o.read('environment');
  const id = e.read('id');
  if (e.has('id') && (e.has('displayName') || e.has('streamGovernance'))) {
    f.report(
      e.at('id'),
      'names an existing environment: displayName and streamGovernance describe one this stack creates, set one or the other',
    );
  }
  const displayName = e.read('displayName') ?? defaultEnvironmentName(stack);
  const streamGovernance = e.read('streamGovernance');
  const environment: ConfluentEnvironment = id
    ? { kind: 'existing', id }
    : { kind: 'create', displayName, streamGovernance };

  // Enterprise clusters have private networking only (PrivateLink attachments, AWS and Azure) and
  // use availability HIGH/LOW; this backend creates no private link, and its keys and topics go
  // through the REST endpoint a public runner cannot reach: `up` would hang. Refused until modelled.
  // https://docs.confluent.io/cloud/current/clusters/cluster-types.html#enterprise-clusters
  if (clusterType === 'enterprise') {
    f.report(
      o.at('clusterType'),
      '"enterprise" is not supported by this backend: Enterprise clusters are reachable only through private networking (PrivateLink, AWS and Azure only), which this stack does not create, so its API keys and topics could never reach the cluster; use standard or dedicated',
    );
  }
  if (clusterType === 'basic' && availability === 'MULTI_ZONE') {
    f.report(
      o.at('availability'),
      '"MULTI_ZONE" is not available on Basic clusters (single zone, 99.5% SLA): use standard or higher',
    );
  }
  const cku = o.read('cku');
  if (clusterType === 'dedicated') {
    if (!o.has('cku')) {
      f.report(
        o.at('cku'),
        `is required with clusterType dedicated: the cluster's CKUs (1 or more; ${MIN_CKU_MULTI_ZONE} or more with MULTI_ZONE)`,
      );
    }
    if (cku !== undefined && availability === 'MULTI_ZONE' && cku < MIN_CKU_MULTI_ZONE) {
      f.report(
        o.at('cku'),
        `${cku} is too few for a MULTI_ZONE Dedicated cluster: it needs ${MIN_CKU_MULTI_ZONE} or more CKUs`,
      );
    }
    if (cku !== undefined && cloud === 'AZURE' && cku > MAX_CKU_AZURE) {
      f.report(
        o.at('cku'),
        `${cku} is more than the ${MAX_CKU_AZURE} CKUs a Dedicated cluster can have on AZURE`,
      );
    }
  } else if (o.has('cku') && clusterType) {
    f.report(
      o.at('cku'),
      `only applies to clusterType dedicated: ${clusterType} clusters scale their eCKUs by themselves`,
    );
  }

  const m = o.read('monitoring');
  for (const key of [
    'consumerLagMessages',
    'consumerLagMinutes',
    'throughputPercent',
    'throughputMinutes',
  ] as const) {
    m.read(key);
  }
  const monitoring: ConfluentMonitoringSettings = {
    enabled: m.read('enabled'),
    passwordFile:
      m.read('passwordFile') ??
      `/etc/prometheus/secrets/confluent-metrics-${stack.replace(/[^0-9A-Za-z._-]/g, '-')}/password`,
  };

  return {
    environment,
    clusterName,
    clusterType: clusterType ?? 'basic',
    cloud: cloud ?? 'AWS',
    region: region ?? 'us-east-1',
    availability,
    serviceAccountPrefix: o.read('serviceAccountPrefix') ?? clusterName,
    keyVersions: o.read('keyVersions'),
    allowClusterReplacement: o.read('allowClusterReplacement'),
    monitoring,
    ...opt('cku', clusterType === 'dedicated' ? cku : undefined),
  };
}

/**
 * `kafka-<stack>` as an environment display name Confluent accepts (NAME_RULES.environment): a
 * stack name's "." becomes "-", and the name is cut to 64 characters ending in a letter or digit.
 */
export function defaultEnvironmentName(stack: string): string {
  return `kafka-${stack.replace(/[^A-Za-z0-9_-]/g, '-')}`
    .slice(0, NAME_RULES.environment.max)
    .replace(/[^A-Za-z0-9]+$/, '');
}
