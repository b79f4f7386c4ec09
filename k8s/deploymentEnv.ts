import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { patchedContainers, Service } from '../topics/catalog';
import { CONNECTION_HASH_ANNOTATION } from './connectionHash';

/** The annotation through which the Kubernetes provider learns a Patch resource's field manager. */
export const FIELD_MANAGER_ANNOTATION = 'pulumi.com/patchFieldManager';

/**
 * The server-side-apply field manager of one service's Deployment patch. Stable and per service,
 * so the fields it owns are exactly the ones this patch sets, and never fought over with the tool
 * that owns the rest of the Deployment (Skaffold, Helm, Argo CD, kubectl).
 */
export function envFieldManager(service: Service): string {
  return `kafka-platform-env-${service.name}`;
}

export interface DeploymentEnvSpec {
  /** ConfigMap every patched container loads with envFrom. */
  configMap: string;
  /** Secret with the service's credentials, when it has any. */
  secret?: string;
  /** Connection hash (k8s/connectionHash.ts) for the pod-template annotation. */
  hash: pulumi.Input<string>;
  /** Pod labels a backend needs (Azure workload identity); usually none. */
  podLabels?: Record<string, string>;
}

/**
 * The whole body of a service's DeploymentPatch: envFrom on the named containers and the hash
 * annotation on the pod template, nothing else. Pure, so tests can compare it field by field.
 */
export function deploymentEnvPatch(service: Service, spec: DeploymentEnvSpec) {
  if (!service.deployment) throw new Error(`service ${service.name} has no deployment to patch`);
  const envFrom = [
    { configMapRef: { name: spec.configMap } },
    ...(spec.secret ? [{ secretRef: { name: spec.secret } }] : []),
  ];
  const podLabels = spec.podLabels && Object.keys(spec.podLabels).length > 0 ? spec.podLabels : undefined;
  return {
    metadata: {
      name: service.deployment,
      namespace: service.namespace,
      annotations: { [FIELD_MANAGER_ANNOTATION]: envFieldManager(service) },
    },
    spec: {
      template: {
        metadata: {
          annotations: { [CONNECTION_HASH_ANNOTATION]: spec.hash },
          ...(podLabels ? { labels: podLabels } : {}),
        },
        spec: { containers: patchedContainers(service).map((name) => ({ name, envFrom })) },
      },
    },
  };
}

export interface DeploymentEnvArgs extends DeploymentEnvSpec {
  /** The catalog service whose existing Deployment is patched (it names deployment and containers). */
  service: Service;
}

/**
 * Delivers a service's Kafka settings into its existing Deployment with a server-side-apply patch.
 * Removing it (or turning kafka:kubernetes.patchDeployments off) gives the fields back: the
 * provider removes what this manager owned and the pods roll once more without the env.
 */
export class DeploymentEnv extends pulumi.ComponentResource {
  readonly patch: k8s.apps.v1.DeploymentPatch;

  constructor(name: string, args: DeploymentEnvArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:k8s:DeploymentEnv', name, {}, opts);
    const { service, ...spec } = args;
    this.patch = new k8s.apps.v1.DeploymentPatch(`${name}-env`, deploymentEnvPatch(service, spec), {
      parent: this,
    });
    this.registerOutputs({ deployment: service.deployment, containers: patchedContainers(service) });
  }
}
