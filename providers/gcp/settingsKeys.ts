import { choice, flag, group, text, texts, whole } from '../../config/declare';
import {
  AUTH_MODES,
  CLUSTER_ID,
  KMS_KEY,
  MAX_GIB_PER_VCPU,
  MAX_SUBNETS,
  MAX_VCPUS,
  MIN_GIB_PER_VCPU,
  MIN_VCPUS,
  PROJECT_ID,
  PROJECT_NUMBER,
  REBALANCE_MODES,
  REGION,
  SUBNET,
} from './limits';

/**
 * Every key of `kafka:gcp`, declared once: type, default, constraint and why. settings.ts reads
 * values through these declarations; docs/settings/gcp.md is generated from them.
 */

const CLUSTER_ID_HINT =
  'must be 1-63 lower-case letters, digits or "-", starting with a letter, not ending with "-"';

export const CLUSTER_FIELDS = {
  id: text({
    pattern: CLUSTER_ID,
    hint: CLUSTER_ID_HINT,
    defaultText: '`kafka-<stack>`',
    why: 'The cluster id, the last part of its name `projects/<project>/locations/<region>/clusters/<id>`; changing it replaces the cluster.',
  }),
  existing: text({
    pattern: CLUSTER_ID,
    hint: CLUSTER_ID_HINT,
    type: 'cluster id',
    defaultText: 'unset: the stack creates the cluster',
    why: 'Adopt a cluster that exists already (by id, in `project` and `region`): the stack reads it and manages only topics, access and alerts, never the cluster itself.',
    constraint: 'not together with `id`, `vcpus`, `memoryGiBPerVcpu`, `subnets`, `kmsKey` or `rebalance`',
  }),
  vcpus: whole({
    min: MIN_VCPUS,
    max: MAX_VCPUS,
    default: MIN_VCPUS,
    why: 'vCPUs of the cluster: its throughput and price. Google sizes brokers and storage from it.',
    constraint:
      'can grow and shrink in place; see [sizing](https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size)',
  }),
  memoryGiBPerVcpu: whole({
    min: MIN_GIB_PER_VCPU,
    max: MAX_GIB_PER_VCPU,
    default: 4,
    why: 'Memory per vCPU in GiB; the cluster gets `vcpus × memoryGiBPerVcpu` GiB.',
  }),
  subnets: texts({
    type: 'list of subnet paths',
    why: 'The VPC subnets the cluster is reachable from (Private Service Connect per subnet); put the GKE nodes’ subnet here.',
    constraint: `required when the stack creates the cluster; 1 to ${MAX_SUBNETS}, each \`projects/<project>/regions/<region>/subnetworks/<name>\` in the cluster’s region`,
  }),
  kmsKey: text({
    pattern: KMS_KEY,
    hint: 'is not a Cloud KMS key like projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k',
    type: 'KMS key path',
    defaultText: 'unset: Google-managed encryption keys',
    why: 'Customer-managed encryption key (CMEK) for the cluster’s data; it cannot change once the cluster exists (the provider replaces the cluster).',
    constraint: 'the Managed Kafka service agent needs `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it',
  }),
  rebalance: choice(REBALANCE_MODES, {
    default: 'AUTO_REBALANCE_ON_SCALE_UP',
    why: 'Whether Google moves partitions onto new brokers when the cluster grows; without it new brokers stay empty until someone rebalances.',
  }),
};

export const MONITORING_FIELDS = {
  enabled: flag({
    default: true,
    why: '`false` registers no Cloud Monitoring alert policies and no dashboard.',
  }),
  notificationChannels: texts({
    type: 'list of notification channel names',
    why: 'Cloud Monitoring notification channels (`projects/<project>/notificationChannels/<id>`) the alert policies notify.',
    constraint: 'empty: the alerts show in the console only',
  }),
  throughputMessagesPerSecond: whole({
    min: 1,
    defaultText: 'unset: no throughput alert',
    why: 'The message rate the cluster was sized for. Google publishes no fixed capacity per vCPU, so the per-topic throughput alert (`kafka:monitoring.throughputPercent` of this rate) needs the figure your sizing or load test gave.',
  }),
};

const HOST_PORTS = /^[A-Za-z0-9.-]+:[0-9]{1,5}(,[A-Za-z0-9.-]+:[0-9]{1,5})*$/;

export const MIRROR_FIELDS = {
  sourceBootstrapServers: text({
    required: true,
    pattern: HOST_PORTS,
    hint: 'is not a comma-separated host:port list',
    type: 'host:port list',
    why: 'The old cluster the catalog’s topics are copied from (reachable from `subnet` without SASL; for a source with SASL use `kafka:migration`).',
  }),
  subnet: text({
    required: true,
    pattern: SUBNET,
    hint: 'is not a subnet path like projects/<project>/regions/<region>/subnetworks/<name>',
    type: 'subnet path',
    why: 'The Connect cluster’s primary subnet: its workers reach the source cluster from there.',
  }),
  dnsDomainNames: texts({
    type: 'list of DNS domains',
    why: 'DNS domains of the subnet’s network the workers must resolve, e.g. the source cluster’s.',
  }),
  vcpus: whole({
    min: MIN_VCPUS,
    max: MAX_VCPUS,
    default: MIN_VCPUS,
    why: 'vCPUs of the Connect cluster.',
  }),
  memoryGiBPerVcpu: whole({
    min: MIN_GIB_PER_VCPU,
    max: MAX_GIB_PER_VCPU,
    default: 4,
    why: 'Memory per vCPU in GiB of the Connect cluster.',
  }),
};

export const GCP_FIELDS = {
  project: text({
    required: true,
    pattern: PROJECT_ID,
    hint: 'is not a Google Cloud project id (6-30 lower-case letters, digits or "-", starting with a letter)',
    type: 'project id',
    why: 'The project of the cluster and of the services’ Google service accounts (never taken from ambient gcloud config).',
  }),
  projectNumber: text({
    pattern: PROJECT_NUMBER,
    hint: 'is not a project number (digits only, e.g. 123456789012)',
    type: 'project number',
    defaultText: 'required with `auth: workload-identity`',
    why: 'The number of the project whose GKE workload identity pool the services run in: IAM names Kubernetes ServiceAccounts by it.',
  }),
  workloadPoolProject: text({
    pattern: PROJECT_ID,
    hint: 'is not a Google Cloud project id',
    type: 'project id',
    defaultText: '`project`',
    why: 'The project of the GKE cluster the services run in (its pool is `<project>.svc.id.goog`), when that is not the Kafka project.',
  }),
  region: text({
    required: true,
    pattern: REGION,
    hint: 'is not a Google Cloud region like europe-west1',
    type: 'region',
    why: 'The region of the cluster (never taken from ambient config).',
  }),
  cluster: group({
    defaultText: 'created: 3 vCPUs, 4 GiB per vCPU',
    why: 'The Managed Kafka cluster: created by this stack, or an existing one adopted by id.',
    fields: CLUSTER_FIELDS,
  }),
  auth: choice(AUTH_MODES, {
    default: 'workload-identity',
    why: 'How services authenticate: `workload-identity` (OAUTHBEARER with short-lived tokens, no key anywhere) or `sasl-plain-key` (SASL/PLAIN with a service account key in a Kubernetes Secret: a long-lived credential, weaker, opt-in).',
  }),
  serviceAccountPrefix: text({
    pattern: /^[a-z][a-z0-9-]{0,20}$/,
    hint: 'must be 1-21 lower-case letters, digits or "-", starting with a letter',
    default: 'kafka',
    why: 'Google service accounts are `<prefix>-<service>` (6-30 characters in all); stacks sharing a project need different prefixes.',
  }),
  mirror: group({
    defaultText: 'unset: no MirrorMaker 2 on Google',
    why: 'MirrorMaker 2 on Google’s managed Kafka Connect during a migration: a Connect cluster attached to this cluster and a MirrorSourceConnector copying exactly the catalog’s topics under their own names (beside `kafka:migration`, which runs MirrorMaker 2 in Kubernetes).',
    fields: MIRROR_FIELDS,
  }),
  monitoring: group({
    defaultText: 'on',
    why: 'Cloud Monitoring alert policies and a dashboard from the monitoring definition (thresholds: `kafka:monitoring`).',
    fields: MONITORING_FIELDS,
  }),
};

/** Where these declarations live, named in the generated docs. */
export const GCP_KEYS_FILE = __filename;

export const GCP_KEYS = {
  gcp: group({
    defaultText: 'required with `kafka:provider: gcp`',
    why: 'The Google Cloud project, the Managed Kafka cluster, how services authenticate, and monitoring.',
    fields: GCP_FIELDS,
  }),
};
