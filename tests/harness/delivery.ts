import * as pulumi from '@pulumi/pulumi';
import { deliverToKubernetes, DeliveredService } from '../../k8s/delivery';
import { DEFAULT_ROLLOUT_TIMEOUT_SECONDS, KubernetesSettings } from '../../k8s/settings';
import { kubernetesProviders } from '../../k8s/provider';
import { Registration, runUnderMocks } from '../../plan/mockRuntime';
import { coreOfflineMocks } from '../../plan/mockState';
import { BackendResult } from '../../providers/backend';
import { Catalog } from '../../topics/catalog';

/** Kubernetes settings as parsed with no `kafka:kubernetes` keys set, plus overrides. */
export function k8sSettings(overrides: Partial<KubernetesSettings> = {}): KubernetesSettings {
  return {
    enabled: true,
    mode: 'cluster',
    createNamespaces: false,
    patchDeployments: true,
    serviceAccounts: 'annotate',
    waitForRollout: true,
    rolloutTimeoutSeconds: DEFAULT_ROLLOUT_TIMEOUT_SECONDS,
    forceConflicts: false,
    ...overrides,
  };
}

/**
 * Runs only the Kubernetes delivery under the mock runtime, with a hand-made backend result: the
 * way to test what the cloud backends hand over (IRSA annotations, workload identity labels, SASL
 * credentials with known values) before, or independently of, those backends.
 */
export async function deliverUnderMocks(
  settings: KubernetesSettings,
  catalog: Catalog,
  backend: BackendResult,
): Promise<{ registrations: Registration[]; delivered: Record<string, DeliveredService> }> {
  const { registrations, result } = await runUnderMocks(
    {
      project: 'kafka-platform',
      stack: 'test',
      config: {},
      secretKeys: [],
      computed: coreOfflineMocks().computed,
    },
    () =>
      deliverToKubernetes({
        settings,
        protect: false,
        catalog,
        backend,
        providers: kubernetesProviders(settings, () => pulumi.secret('kubeconfig-not-used')),
      }),
  );
  return { registrations, delivered: result };
}

/** Resolves an Output's value (and whether it is secret) in a test. */
export async function resolved<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  const secret = await pulumi.isSecret(o);
  const value = await new Promise<T>((resolve) => o.apply(resolve));
  return { value, secret };
}

/** The DNS egress rule every service's NetworkPolicy has with the default DNS settings. */
export const DEFAULT_DNS_EGRESS = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};
