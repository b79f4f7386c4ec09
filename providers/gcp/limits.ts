/**
 * Google Cloud Managed Service for Apache Kafka facts the settings and the catalog are validated
 * against, each with the page of Google's (or the provider's) own documentation it comes from.
 */

/**
 * Cluster capacity. "The minimum vCPU count is 3", "between 1 GiB and 8 GiB per vCPU", and a
 * cluster's memory is at least 3 GiB: https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size
 * and the API's CapacityConfig (https://cloud.google.com/managed-service-for-apache-kafka/docs/reference/rest/v1/CapacityConfig:
 * "The CPU:memory ratio (vCPU:GiB) must be between 1:1 and 1:8. Minimum: 3221225472 (3 GiB)").
 */
export const MIN_VCPUS = 3;
export const MIN_GIB_PER_VCPU = 1;
export const MAX_GIB_PER_VCPU = 8;
export const GIB = 1024 ** 3;

/**
 * The vCPUs this backend lets one stack ask for. Google sets no documented maximum per cluster
 * (projects have a vCPU quota, https://cloud.google.com/managed-service-for-apache-kafka/docs/quotas);
 * the bound only catches a typo like 3000 before it becomes an invoice.
 */
export const MAX_VCPUS = 240;

/**
 * "Max of 10 subnets per cluster" (network_configs of google_managed_kafka_cluster,
 * https://github.com/hashicorp/terraform-provider-google-beta/blob/3dc173a397749158369ea839a2890d89f8c9c370/google-beta/services/managedkafka/resource_managed_kafka_cluster.go).
 */
export const MAX_SUBNETS = 10;

/**
 * Cluster ids: "1-63 characters long, and match the regular expression `[a-z]([-a-z0-9]*[a-z0-9])?`
 * to comply with RFC 1035" (cluster_id, same file as MAX_SUBNETS).
 */
export const CLUSTER_ID = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** Project ids: 6-30 lower-case letters, digits or hyphens, starting with a letter, not ending with a hyphen (https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin). */
export const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** Project numbers are decimal (https://cloud.google.com/resource-manager/docs/creating-managing-projects#identifying_projects). */
export const PROJECT_NUMBER = /^[1-9][0-9]{5,19}$/;

/**
 * Service account ids: "6 to 30 characters", lower-case letters, digits and hyphens, starting with
 * a letter (https://cloud.google.com/iam/docs/service-accounts-create#creating).
 */
export const SERVICE_ACCOUNT_ID = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;

/** Subnets as the cluster's network_configs take them (the provider's docs: `projects/PROJECT_ID/regions/REGION/subnetworks/SUBNET_ID`). */
export const SUBNET =
  /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/regions\/[a-z]+-[a-z]+[0-9]+\/subnetworks\/[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** Cloud KMS keys (https://cloud.google.com/kms/docs/resource-hierarchy#retrieve_resource_id). */
export const KMS_KEY =
  /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/keyRings\/[A-Za-z0-9_-]{1,63}\/cryptoKeys\/[A-Za-z0-9_-]{1,63}$/;

/** Region names, e.g. `europe-west1` (https://cloud.google.com/managed-service-for-apache-kafka/docs/locations). */
export const REGION = /^[a-z]+-[a-z]+[0-9]+$/;

/**
 * Rebalancing modes of rebalance_config.mode: "Possible values: 'MODE_UNSPECIFIED', 'NO_REBALANCE',
 * 'AUTO_REBALANCE_ON_SCALE_UP'" (same provider file as MAX_SUBNETS; MODE_UNSPECIFIED left out).
 */
export const REBALANCE_MODES = ['NO_REBALANCE', 'AUTO_REBALANCE_ON_SCALE_UP'] as const;
export type RebalanceMode = (typeof REBALANCE_MODES)[number];

/** How services authenticate: keyless workload identity, or (opt-in, weaker) a service account key. */
export const AUTH_MODES = ['workload-identity', 'sasl-plain-key'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/**
 * Replicas per topic. Google runs the brokers over three zones and recommends 3
 * ("A replication factor of 3 is recommended for high availability", replication_factor of
 * google_managed_kafka_topic); the catalog's default here is that 3.
 */
export const DEFAULT_REPLICATION_FACTOR = 3;

/**
 * Topic configs the catalog may not set on this service: they tune the brokers' local storage,
 * which Google operates and sizes itself ("storage is automatically managed",
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/overview). Google publishes no
 * list of settable topic configs that we could check here, so every other config of the catalog's
 * own list (topics/topicConfigs.ts) is passed through and Google's API has the last word.
 */
export const MANAGED_TOPIC_CONFIGS = [
  'file.delete.delay.ms',
  'flush.messages',
  'flush.ms',
  'index.interval.bytes',
  'local.retention.bytes',
  'local.retention.ms',
  'preallocate',
  'remote.storage.enable',
  'segment.index.bytes',
  'unclean.leader.election.enable',
] as const;

/**
 * Entries one ACL resource may hold: "The maximum number of allowed entries is 100"
 * (acl_entries of google_managed_kafka_acl, resource_managed_kafka_acl.go at the commit above).
 */
export const MAX_ACL_ENTRIES = 100;

/**
 * Roles this backend grants. `roles/managedkafka.client` holds the permission to connect
 * (`managedkafka.clusters.connect`), which every SASL client needs
 * (https://cloud.google.com/managed-service-for-apache-kafka/docs/access-control);
 * `roles/iam.workloadIdentityUser` lets a Kubernetes ServiceAccount act as a Google service
 * account (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity#kubernetes-sa-to-iam).
 */
export const ROLES = {
  kafkaClient: 'roles/managedkafka.client',
  workloadIdentityUser: 'roles/iam.workloadIdentityUser',
} as const;

/**
 * The bootstrap address of a cluster: `bootstrap.CLUSTER_ID.REGION.managedkafka.PROJECT_ID.cloud.goog:9092`
 * (https://cloud.google.com/managed-service-for-apache-kafka/docs/authentication-kafka, client
 * configuration). The provider version used here has no output for it, so it is derived.
 */
export function bootstrapAddress(clusterId: string, region: string, project: string): string {
  return `bootstrap.${clusterId}.${region}.managedkafka.${project}.cloud.goog:9092`;
}
