import { NameRule } from '../nameRules';

/**
 * Confluent Cloud facts that decide what this backend accepts, each with its source. Sources:
 * - CC-TYPES: https://docs.confluent.io/cloud/current/clusters/cluster-types.md ("eCKU/CKU
 *   comparison", "Minimum/maximum eCKU requirements", "CKU purchase limits", "Cluster limit
 *   comparison"; the 2026 revision, whose partition limits are lower than older revisions').
 * - CF-TOPIC: confluentinc/terraform-provider-confluent internal/provider/resource_kafka_topic.go
 *   (`editableTopicSettings`, partitions_count ForceNew on decrease), which @pulumi/confluentcloud
 *   2.82.0 bridges; it links https://docs.confluent.io/cloud/current/client-apps/topics/manage.html.
 * - CF-CLUSTER: the same repository, docs/resources/confluent_kafka_cluster.md (CKU rules).
 */

const TF_CONFLUENT_DOCS =
  'https://github.com/confluentinc/terraform-provider-confluent/blob/v2.82.0/docs/resources';

/** Confluent Cloud's rules for what this backend names, as the provider (2.82.0) documents them. */
export const NAME_RULES = {
  /** "Must be 64 characters or fewer." (`display_name`). */
  serviceAccount: {
    what: 'Confluent service account display name',
    min: 1,
    max: 64,
    doc: `${TF_CONFLUENT_DOCS}/confluent_service_account.md`,
  },
  /**
   * "Start and end the name with alphanumeric characters ... The name can contain hyphens and
   * underscores." No length is documented; 64 is this backend's own bound (as for the cluster).
   */
  environment: {
    what: 'Confluent environment display name',
    min: 1,
    max: 64,
    chars: 'A-Za-z0-9_\\-',
    charsText: 'letters, digits, "-" and "_"',
    first: 'A-Za-z0-9',
    last: 'A-Za-z0-9',
    edgesText: 'starts and ends with a letter or digit',
    doc: `${TF_CONFLUENT_DOCS}/confluent_environment.md`,
  },
} as const satisfies Record<string, NameRule>;

export const CLUSTER_TYPES = ['basic', 'standard', 'enterprise', 'dedicated'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

export const CLOUDS = ['AWS', 'AZURE', 'GCP'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const AVAILABILITIES = ['SINGLE_ZONE', 'MULTI_ZONE'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const STREAM_GOVERNANCE_PACKAGES = ['ESSENTIALS', 'ADVANCED'] as const;
export type StreamGovernancePackage = (typeof STREAM_GOVERNANCE_PACKAGES)[number];

/** Every topic keeps 3 replicas on Confluent Cloud; it is not a topic setting (CC-TOPICCFG, CF-TOPIC). */
export const REPLICATION_FACTOR = 3;

/** One billing unit (eCKU, or CKU for Dedicated) of a cluster type (CC-TYPES, "eCKU/CKU comparison"). */
interface UnitLimits {
  ingressMBps: number;
  egressMBps: number;
  /** Partitions before replication. */
  partitions: number;
  /** Partitions of compacted topics before replication. */
  compactedPartitions: number;
}

/** What a cluster type allows (CC-TYPES). Elastic types scale to `maxUnits` eCKUs by themselves. */
export interface TypeLimits {
  /** Per eCKU / CKU. */
  unit: UnitLimits;
  /** Maximum eCKUs (elastic) or CKUs (Dedicated, AWS and GCP; see MAX_CKU_AZURE). */
  maxUnits: number;
  /** Caps beyond units × per-unit, from "Cluster limit comparison". */
  maxPartitions: number;
  /** Largest record batch a topic may accept ("Message size (MB)"), in bytes. */
  maxMessageBytes: number;
  /** Kafka API keys per cluster ("API keys"). */
  apiKeys: number;
  /** ACLs per cluster ("ACLs"). */
  acls: number;
}

const MIB = 1024 * 1024;

export const TYPE_LIMITS: Readonly<Record<ClusterType, TypeLimits>> = {
  basic: {
    unit: { ingressMBps: 5, egressMBps: 15, partitions: 30, compactedPartitions: 30 },
    maxUnits: 50,
    maxPartitions: 1500,
    maxMessageBytes: 8 * MIB,
    apiKeys: 50,
    acls: 1000,
  },
  standard: {
    unit: { ingressMBps: 25, egressMBps: 75, partitions: 250, compactedPartitions: 250 },
    maxUnits: 10,
    maxPartitions: 2500,
    maxMessageBytes: 8 * MIB,
    apiKeys: 100,
    acls: 1000,
  },
  enterprise: {
    unit: { ingressMBps: 60, egressMBps: 180, partitions: 3000, compactedPartitions: 360 },
    maxUnits: 32,
    maxPartitions: 96000,
    maxMessageBytes: 20 * MIB,
    apiKeys: 500,
    acls: 4000,
  },
  dedicated: {
    unit: { ingressMBps: 60, egressMBps: 180, partitions: 4500, compactedPartitions: 4500 },
    maxUnits: 152,
    maxPartitions: 100000,
    maxMessageBytes: 20 * MIB,
    apiKeys: 2000,
    acls: 10000,
  },
};

/** Azure supports Dedicated clusters up to 100 CKUs (CC-TYPES, "CKU purchase limits"). */
export const MAX_CKU_AZURE = 100;
/** Multi-zone Dedicated clusters need at least 2 CKUs, single-zone 1 (CC-TYPES, CF-CLUSTER). */
export const MIN_CKU_MULTI_ZONE = 2;

/** The capacity units a cluster has for its limits: the elastic maximum, or the Dedicated CKUs. */
export function unitsOf(type: ClusterType, cku: number | undefined): number {
  return type === 'dedicated' ? (cku ?? 1) : TYPE_LIMITS[type].maxUnits;
}

/** Pre-replication partitions the cluster allows: per unit × units, within the type's cap. */
export function partitionLimit(type: ClusterType, cku: number | undefined): number {
  const t = TYPE_LIMITS[type];
  return Math.min(t.unit.partitions * unitsOf(type, cku), t.maxPartitions);
}

/** Compacted pre-replication partitions the cluster allows. */
export function compactedPartitionLimit(type: ClusterType, cku: number | undefined): number {
  const t = TYPE_LIMITS[type];
  return Math.min(t.unit.compactedPartitions * unitsOf(type, cku), partitionLimit(type, cku));
}

/** Ingress and egress the cluster is sized for, in MB/s (guidelines, not hard limits, for Dedicated). */
export function throughputLimit(
  type: ClusterType,
  cku: number | undefined,
): { ingressMBps: number; egressMBps: number } {
  const { unit } = TYPE_LIMITS[type];
  const units = unitsOf(type, cku);
  return { ingressMBps: unit.ingressMBps * units, egressMBps: unit.egressMBps * units };
}

/**
 * Topic configs Confluent Cloud lets clients set through its REST API (CF-TOPIC
 * `editableTopicSettings`), limited to those the catalog itself accepts (topics/topicConfigs.ts):
 * `message.timestamp.difference.max.ms` is deprecated in Kafka and the `confluent.*` schema
 * validation keys are Dedicated-only and outside the catalog.
 */
export const EDITABLE_TOPIC_CONFIGS = [
  'cleanup.policy',
  'delete.retention.ms',
  'max.compaction.lag.ms',
  'max.message.bytes',
  'message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms',
  'message.timestamp.type',
  'min.compaction.lag.ms',
  'min.insync.replicas',
  'retention.bytes',
  'retention.ms',
  'segment.bytes',
  'segment.ms',
] as const;

/** Roles this backend binds (Confluent Cloud predefined RBAC roles). */
export const ROLES = {
  /** Manages topics and ACLs of one cluster: the manager service account's role. */
  clusterAdmin: 'CloudClusterAdmin',
  /** Reads the Metrics API: the metrics service account's role. */
  metricsViewer: 'MetricsViewer',
} as const;

/** Confluent Cloud Metrics API, Prometheus export (api.telemetry.confluent.cloud/docs). */
export const METRICS_EXPORT = {
  host: 'api.telemetry.confluent.cloud',
  path: '/v2/metrics/cloud/export',
  /** The query parameter selecting a Kafka cluster. */
  clusterParam: 'resource.kafka.id',
} as const;
