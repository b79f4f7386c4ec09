/**
 * The names Google gives a Kubernetes ServiceAccount under GKE Workload Identity Federation, and
 * the Google service account a service authenticates to Kafka as.
 * https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#principal-id-examples
 */

/** A Kubernetes ServiceAccount in a cluster of `project` (its workload pool is `<project>.svc.id.goog`). */
export interface KubernetesServiceAccount {
  /** Project id that owns the GKE cluster's workload identity pool. */
  project: string;
  /** Project number of that project (IAM principal identifiers use the number). */
  projectNumber: string;
  namespace: string;
  name: string;
}

/**
 * The IAM principal identifier of one Kubernetes ServiceAccount:
 * `principal://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<project>.svc.id.goog/subject/ns/<ns>/sa/<sa>`.
 */
export function workloadIdentityPrincipal(sa: KubernetesServiceAccount): string {
  return (
    `principal://iam.googleapis.com/projects/${sa.projectNumber}/locations/global/` +
    `workloadIdentityPools/${sa.project}.svc.id.goog/subject/ns/${sa.namespace}/sa/${sa.name}`
  );
}

/** The e-mail of a Google service account `accountId` in `project`. */
export function serviceAccountEmail(accountId: string, project: string): string {
  return `${accountId}@${project}.iam.gserviceaccount.com`;
}

/**
 * The Kafka principal of a Google service account. Managed Kafka's authorizer sees a SASL client as
 * its IAM principal, e.g. `User:my-sa@my-project.iam.gserviceaccount.com`
 * (https://cloud.google.com/managed-service-for-apache-kafka/docs/access-control-kafka-acls).
 */
export function kafkaPrincipal(email: string): string {
  return `User:${email}`;
}

/** The account id of a service's Google service account: `<prefix>-<service>`, made valid for IAM. */
export function serviceAccountId(prefix: string, service: string): string {
  return `${prefix}-${service}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/**
 * The IAM member that lets one Kubernetes ServiceAccount act as a Google service account
 * (`roles/iam.workloadIdentityUser`): `serviceAccount:<project>.svc.id.goog[<ns>/<sa>]`
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity#kubernetes-sa-to-iam).
 */
export function workloadIdentityMember(poolProject: string, namespace: string, name: string): string {
  return `serviceAccount:${poolProject}.svc.id.goog[${namespace}/${name}]`;
}
