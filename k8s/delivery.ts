import * as pulumi from '@pulumi/pulumi';
import { KubernetesSettings } from './settings';
import { BackendResult } from '../providers/backend';
import { Catalog, patchedContainers, Service, topicsOf } from '../topics/catalog';
import { connectionHashOf } from './connectionHash';
import { DeploymentEnv } from './deploymentEnv';
import { objectNames, serviceEnv } from './env';
import { Namespaces, serviceNamespaces } from './namespaces';
import { BrokerEgress, egressPolicyName, servicePodLabels } from './networkPolicy';
import { KubernetesProviders } from './provider';
import { RolloutSalt } from './rolloutSalt';
import { ServiceConnection } from './serviceConnection';
import { identityPlan, ServiceIdentity } from './serviceIdentity';

export interface DeliveryInput {
  settings: KubernetesSettings;
  /** Protect what must survive `pulumi destroy` (created namespaces) on protected stacks. */
  protect: boolean;
  catalog: Catalog;
  backend: BackendResult;
  /** The stack's Kubernetes providers (k8s/provider.ts), shared with the rest of the program. */
  providers: KubernetesProviders;
}

/** What a stack output says about one service's delivery: names only, never values. */
export interface DeliveredService {
  namespace: string;
  configMap: string;
  secret?: string;
  deployment?: string;
  containers?: string[];
  connectionHash?: pulumi.Output<string>;
  serviceAccount?: string;
  /** The service's egress NetworkPolicy, with kafka:kubernetes.networkPolicy. */
  networkPolicy?: string;
}

/**
 * Writes every service's Kafka settings to Kubernetes (or to rendered manifests): namespaces,
 * ConfigMap + Secret, the ServiceAccount identity, then the Deployment patch that loads them.
 * Ordering follows what pods need at start: identity and settings first, then the rollout.
 */
export function deliverToKubernetes(input: DeliveryInput): Record<string, DeliveredService> {
  const { settings, catalog, backend } = input;
  const { providers } = input;
  const k8sOpts = { providers: { kubernetes: providers.main } };
  const render = settings.mode === 'render';
  const namespaces = new Namespaces(
    'namespaces',
    {
      names: serviceNamespaces(catalog),
      create: settings.createNamespaces,
      lookUp: !render,
      protect: input.protect,
    },
    k8sOpts,
  );
  const patching = settings.patchDeployments && catalog.services.some((s) => s.deployment);
  const salt = patching ? new RolloutSalt('rollout-salt') : undefined;

  const delivered: Record<string, DeliveredService> = {};
  for (const service of catalog.services) {
    const access = backend.access[service.name] ?? {};
    const env = serviceEnv(service, backend.connection, access);
    const names = objectNames(service);
    // Its own namespace only (created or looked up): a missing one fails before anything goes in.
    const namespace = namespaces.resources[service.namespace];
    const inNamespace = namespace ? [namespace] : [];
    const connection = new ServiceConnection(
      service.name,
      { service, env, secretProvider: providers.secrets ?? null },
      // Services should not get settings for topics that do not exist yet: wait for the topics
      // this service uses (not all of them: that would be services x topics edges).
      {
        ...k8sOpts,
        dependsOn: [...topicsUsedBy(service).flatMap((t) => backend.topics[t] ?? []), ...inNamespace],
      },
    );
    const out: DeliveredService = { namespace: service.namespace, configMap: names.configMap };
    if (Object.keys(env.secret).length > 0) out.secret = names.secret;

    const plan = identityPlan(service, access, settings.serviceAccounts);
    const identity = plan
      ? new ServiceIdentity(
          service.name,
          { service, plan, lookUp: !render },
          { ...k8sOpts, dependsOn: inNamespace },
        )
      : undefined;
    if (plan) out.serviceAccount = plan.metadata.name;

    let egress: BrokerEgress | undefined;
    if (settings.networkPolicy) {
      egress = new BrokerEgress(
        service.name,
        { service, policy: settings.networkPolicy, bootstrapServers: backend.connection.bootstrapServers },
        { ...k8sOpts, dependsOn: inNamespace },
      );
      out.networkPolicy = egressPolicyName(service);
    }

    if (salt && service.deployment) {
      const hash = connectionHashOf(env, salt.salt);
      // The policy selects the service's pods by a label of ours on the pod template.
      const podLabels = {
        ...(access.podLabels ?? {}),
        ...(settings.networkPolicy ? servicePodLabels(service) : {}),
      };
      new DeploymentEnv(
        service.name,
        {
          service,
          configMap: names.configMap,
          ...(out.secret ? { secret: names.secret } : {}),
          hash,
          ...(Object.keys(podLabels).length ? { podLabels } : {}),
          lookUp: !render,
          ...(render
            ? {}
            : {
                rollout: { wait: settings.waitForRollout, timeoutSeconds: settings.rolloutTimeoutSeconds },
                forceConflicts: settings.forceConflicts,
              }),
        },
        // Pods must find their ConfigMap, Secret, cloud identity and way out when the patch rolls them.
        { ...k8sOpts, dependsOn: [connection, ...(identity ? [identity] : []), ...(egress ? [egress] : [])] },
      );
      out.deployment = service.deployment;
      out.containers = patchedContainers(service);
      out.connectionHash = hash;
    }
    delivered[service.name] = out;
  }
  return delivered;
}

function topicsUsedBy(service: Service): string[] {
  const { produces, consumes } = topicsOf(service);
  return [...new Set([...produces, ...consumes])];
}
