import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretRef } from '../config/rawConfig';
import { KubernetesSettings } from './settings';

/** The providers every Kubernetes object of a stack goes through. */
export interface KubernetesProviders {
  /** ConfigMaps, patches, ServiceAccounts, Namespaces. */
  main: k8s.Provider;
  /**
   * Secrets: the main provider in cluster mode; in render mode a second provider that writes to the
   * ignored renderSecretsDirectory, or `undefined` when Secrets are left out of rendering.
   */
  secrets?: k8s.Provider;
}

/**
 * The explicit Kubernetes providers of a stack, so nothing is ever written to whatever cluster the
 * ambient kubeconfig happens to point at. Render mode writes manifests to directories instead (the
 * provider's renderYamlToDirectory), which refuses kubeconfig and context, so none are passed.
 */
export function kubernetesProviders(
  settings: KubernetesSettings,
  secret: (ref: SecretRef) => pulumi.Output<string>,
): KubernetesProviders {
  if (settings.mode === 'render') {
    // Paths stay as configured (relative to the project directory): an absolute path would differ
    // per machine and show up as a provider change on every other runner.
    const main = new k8s.Provider('kubernetes-render', {
      // parseKubernetesSettings always sets it in render mode (default rendered/<stack>/manifests).
      renderYamlToDirectory: settings.renderDirectory!,
    });
    const secrets = settings.renderSecretsDirectory
      ? new k8s.Provider('kubernetes-render-secrets', {
          renderYamlToDirectory: settings.renderSecretsDirectory,
        })
      : undefined;
    return { main, ...(secrets ? { secrets } : {}) };
  }
  const kubeconfig = settings.kubeconfig ? secret(settings.kubeconfig) : settings.kubeconfigPath;
  const main = new k8s.Provider('kubernetes', {
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(settings.context ? { context: settings.context } : {}),
    // Update the services' ConfigMaps and Secrets in place. By default the provider replaces them
    // on any data change, and with fixed names that means delete, then create: a pod starting in
    // between fails to find them. The connection hash rolls the pods instead.
    enableConfigMapMutable: true,
    enableSecretMutable: true,
  });
  return { main, secrets: main };
}
