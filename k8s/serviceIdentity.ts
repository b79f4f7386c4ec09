import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ServiceAccountMode } from './settings';
import { ServiceAccess } from '../providers/backend';
import { Service } from '../topics/catalog';
import { FIELD_MANAGER_ANNOTATION } from './deploymentEnv';
import { serviceLabels } from './serviceConnection';

/** The ServiceAccount a service's pods run as: the catalog's `serviceAccount`, else the service name. */
export function serviceAccountName(service: Service): string {
  return service.serviceAccount ?? service.name;
}

/** Field manager of the ServiceAccount patch: owns only the identity annotations and labels it sets. */
export function identityFieldManager(service: Service): string {
  return `kafka-platform-identity-${service.name}`;
}

/** What to register for a service's ServiceAccount; `undefined` when there is nothing to do. */
export type IdentityPlan =
  | { kind: 'create'; metadata: ServiceAccountMetadata }
  | { kind: 'annotate'; metadata: ServiceAccountMetadata };

export interface ServiceAccountMetadata {
  name: string;
  namespace: string;
  annotations: Record<string, pulumi.Input<string>>;
  labels: Record<string, string>;
}

/**
 * Decides the ServiceAccount resource from the stack's mode and what the backend's identity needs
 * (EKS IRSA role ARN, Azure workload identity client id, ...). Pure.
 * - create: a ServiceAccount owned by this stack, always (the pods need it to exist).
 * - annotate: a patch of the existing ServiceAccount, only when the backend has something to add.
 * - none: nothing; the team manages the ServiceAccount and its identity themselves.
 */
export function identityPlan(
  service: Service,
  access: ServiceAccess,
  mode: ServiceAccountMode,
): IdentityPlan | undefined {
  const annotations = { ...(access.serviceAccountAnnotations ?? {}) };
  const labels = { ...(access.serviceAccountLabels ?? {}) };
  const base = { name: serviceAccountName(service), namespace: service.namespace };
  if (mode === 'create') {
    return {
      kind: 'create',
      metadata: { ...base, annotations, labels: { ...serviceLabels(service), ...labels } },
    };
  }
  if (mode === 'annotate' && (Object.keys(annotations).length > 0 || Object.keys(labels).length > 0)) {
    return {
      kind: 'annotate',
      metadata: {
        ...base,
        annotations: { ...annotations, [FIELD_MANAGER_ANNOTATION]: identityFieldManager(service) },
        labels,
      },
    };
  }
  return undefined;
}

export interface ServiceIdentityArgs {
  /** The catalog service the identity is for (names the namespace and ServiceAccount). */
  service: Service;
  /** The resource to register, from identityPlan. */
  plan: IdentityPlan;
  /**
   * Look an annotated ServiceAccount up first (cluster mode): a patch of a missing one would
   * create it (a ServiceAccount has no required field), so a typo would go unnoticed.
   */
  lookUp: boolean;
}

/** A service's cloud identity on its Kubernetes ServiceAccount: a created account or a patch. */
export class ServiceIdentity extends pulumi.ComponentResource {
  readonly serviceAccount: k8s.core.v1.ServiceAccount | k8s.core.v1.ServiceAccountPatch;

  constructor(name: string, args: ServiceIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:k8s:ServiceIdentity', name, {}, opts);
    const { plan } = args;
    const metadata = {
      name: plan.metadata.name,
      namespace: plan.metadata.namespace,
      ...(Object.keys(plan.metadata.annotations).length ? { annotations: plan.metadata.annotations } : {}),
      ...(Object.keys(plan.metadata.labels).length ? { labels: plan.metadata.labels } : {}),
    };
    const existing =
      plan.kind === 'annotate' && args.lookUp
        ? k8s.core.v1.ServiceAccount.get(`${name}-serviceaccount`, `${metadata.namespace}/${metadata.name}`, {
            parent: this,
          })
        : undefined;
    this.serviceAccount =
      plan.kind === 'create'
        ? new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata }, { parent: this })
        : new k8s.core.v1.ServiceAccountPatch(
            `${name}-sa`,
            { metadata },
            { parent: this, ...(existing ? { dependsOn: [existing] } : {}) },
          );
    this.registerOutputs({ serviceAccount: plan.metadata.name, kind: plan.kind });
  }
}
