import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { patchedContainers, Service } from '../topics/catalog';
import { CONNECTION_HASH_ANNOTATION } from './connectionHash';
import { DEFAULT_ROLLOUT_TIMEOUT_SECONDS } from './settings';

/** The annotation through which the Kubernetes provider learns a Patch resource's field manager. */
export const FIELD_MANAGER_ANNOTATION = 'pulumi.com/patchFieldManager';
/** Provider annotations (pulumi-kubernetes) for conflicts and the rollout wait of one patch. */
export const PATCH_FORCE_ANNOTATION = 'pulumi.com/patchForce';
export const SKIP_AWAIT_ANNOTATION = 'pulumi.com/skipAwait';
export const TIMEOUT_ANNOTATION = 'pulumi.com/timeoutSeconds';

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
  /** Pod labels: what a backend needs (Azure workload identity), the network policy's selector. */
  podLabels?: Record<string, string>;
  /** Cluster mode: whether `pulumi up` waits for the rollout, and how long (the provider's await). */
  rollout?: { wait: boolean; timeoutSeconds: number };
  /** Take over the patch's fields from another field manager instead of stopping at the conflict. */
  forceConflicts?: boolean;
}

/**
 * The provider annotations of a patch: its field manager always; the others only when they differ
 * from the provider's defaults (wait 10 minutes, never force), so the usual patch stays minimal.
 */
function providerAnnotations(service: Service, spec: DeploymentEnvSpec): Record<string, string> {
  const { rollout } = spec;
  return {
    [FIELD_MANAGER_ANNOTATION]: envFieldManager(service),
    ...(spec.forceConflicts ? { [PATCH_FORCE_ANNOTATION]: 'true' } : {}),
    ...(rollout && !rollout.wait ? { [SKIP_AWAIT_ANNOTATION]: 'true' } : {}),
    ...(rollout?.wait && rollout.timeoutSeconds !== DEFAULT_ROLLOUT_TIMEOUT_SECONDS
      ? { [TIMEOUT_ANNOTATION]: String(rollout.timeoutSeconds) }
      : {}),
  };
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
      annotations: providerAnnotations(service, spec),
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
  /**
   * Look the Deployment up first (cluster mode), so a missing one stops `pulumi preview` with an
   * error naming it: the provider does not preview patches, and applying a patch to a missing
   * Deployment would try to create it from the patch alone (rejected with a validation error).
   */
  lookUp: boolean;
}

/**
 * Delivers a service's Kafka settings into its existing Deployment with a server-side-apply patch.
 * Removing it (or turning kafka:kubernetes.patchDeployments off) gives the fields back: the
 * provider removes what this manager owned and the pods roll once more without the env.
 */
/**
 * The outputs in which the lookup and the patch hold the team's whole live Deployment: its env
 * (literal credentials included), annotations (last-applied-configuration) and the provider's
 * copy of the inputs it read back. Our own fields are plain inputs; the team's object is kept in
 * the state encrypted, never in clear.
 */
const TEAM_OBJECT = ['metadata', 'spec', 'status', '__inputs'];

export class DeploymentEnv extends pulumi.ComponentResource {
  readonly patch: k8s.apps.v1.DeploymentPatch;

  constructor(name: string, args: DeploymentEnvArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:k8s:DeploymentEnv', name, {}, opts);
    const { service, lookUp, ...spec } = args;
    const existing = lookUp
      ? k8s.apps.v1.Deployment.get(`${name}-deployment`, `${service.namespace}/${service.deployment}`, {
          parent: this,
          additionalSecretOutputs: TEAM_OBJECT,
        })
      : undefined;
    this.patch = new k8s.apps.v1.DeploymentPatch(`${name}-env`, deploymentEnvPatch(service, spec), {
      parent: this,
      additionalSecretOutputs: TEAM_OBJECT,
      ...(existing ? { dependsOn: [existing] } : {}),
    });
    this.registerOutputs({ deployment: service.deployment, containers: patchedContainers(service) });
  }
}
