import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubernetesSettings, SecretRef } from '../config/settings';

/**
 * The explicit Kubernetes provider every object of this program goes through, so a stack never
 * writes to whatever cluster the ambient kubeconfig happens to point at by accident of defaults.
 */
export function kubernetesProvider(
  settings: KubernetesSettings,
  secret: (ref: SecretRef) => pulumi.Output<string>,
): k8s.Provider {
  const kubeconfig = settings.kubeconfig ? secret(settings.kubeconfig) : settings.kubeconfigPath;
  return new k8s.Provider('kubernetes', {
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(settings.context ? { context: settings.context } : {}),
  });
}
