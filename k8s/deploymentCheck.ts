import { Problem } from '../config/problems';
import { Service } from '../topics/catalog';
import { KubeReader } from './kubeApi';
import { KubernetesSettings } from './settings';

type CheckedSettings = Pick<
  KubernetesSettings,
  'enabled' | 'mode' | 'patchDeployments' | 'createNamespaces' | 'context' | 'kubeconfig'
>;

/** What the cluster said about one service's namespace and Deployment (HTTP status, or no answer). */
export interface DeploymentLookup {
  service: Pick<Service, 'name' | 'namespace' | 'deployment'>;
  namespace: number | undefined;
  deployment: number | undefined;
}

/**
 * A Deployment the stack would patch that the cluster does not have, in our words before the
 * Kubernetes provider's (`resource 'billing/billing-worker' does not exist`, which names neither
 * the service nor a way out): the Deployment, its namespace, the context, and the settings to
 * change. Only a definite 404 counts; a denied or unanswered question is left to the provider. Pure.
 */
export function missingDeploymentProblems(
  settings: CheckedSettings,
  context: string,
  lookups: readonly DeploymentLookup[],
  provider: string,
): Problem[] {
  const problems: Problem[] = [];
  const reportedNamespaces = new Set<string>();
  const off =
    provider === 'local'
      ? '`pulumi config rm --path kafka:kubernetes.context` (Compose and host runs only)'
      : '`pulumi config set --path kafka:kubernetes.patchDeployments false` (ConfigMaps and Secrets only)';
  for (const { service, namespace, deployment } of lookups) {
    const ns = service.namespace;
    if (namespace === 404 && !settings.createNamespaces) {
      if (reportedNamespaces.has(ns)) continue;
      reportedNamespaces.add(ns);
      problems.push({
        where: 'kafka:kubernetes.createNamespaces',
        message:
          `namespace "${ns}" (service ${service.name}) does not exist in context "${context}": create it, ` +
          'or set `pulumi config set --path kafka:kubernetes.createNamespaces true`',
      });
      continue;
    }
    if (deployment !== 404 || !service.deployment) continue;
    problems.push({
      where: 'kafka:kubernetes.patchDeployments',
      message:
        `Deployment "${service.deployment}" does not exist in namespace "${ns}" (context "${context}"), so ` +
        `service ${service.name}'s Kafka env has nothing to go into: deploy it first, correct the catalog's ` +
        `\`deployment\` of service ${service.name}, or ${off}`,
    });
  }
  return problems;
}

/** Whether this stack patches Deployments in a cluster the kubeconfig on this machine reaches. */
export function checksDeployments(settings: CheckedSettings): boolean {
  // Contents in the secret kafka:kubeconfig are only readable as a Pulumi secret: the provider checks.
  return settings.enabled && settings.mode === 'cluster' && settings.patchDeployments && !settings.kubeconfig;
}

/** Asks the cluster about each patched service's namespace and Deployment (in parallel). */
export async function lookUpDeployments(
  reader: KubeReader,
  services: readonly Pick<Service, 'name' | 'namespace' | 'deployment'>[],
): Promise<DeploymentLookup[]> {
  const seg = encodeURIComponent;
  return Promise.all(
    services
      .filter((s) => s.deployment)
      .map(async (service) => ({
        service,
        namespace: await reader.status(`api/v1/namespaces/${seg(service.namespace)}`),
        deployment: await reader.status(
          `apis/apps/v1/namespaces/${seg(service.namespace)}/deployments/${seg(service.deployment!)}`,
        ),
      })),
  );
}
