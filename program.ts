import * as pulumi from '@pulumi/pulumi';
import { ValidationError } from './config/problems';
import { SecretRef } from './config/rawConfig';
import { readSecret, readStackConfig } from './config/source';
import { PlatformInput, validateInput } from './input';
import { deliverToKubernetes, DeliveredService } from './k8s/delivery';
import { kubernetesProviders } from './k8s/provider';
import { buildMigration } from './migration';
import { monitoringDefinition } from './monitoring/definition';
import { backendFor } from './providers';
import { BackendResult } from './providers/backend';

/** Stack outputs every stack has; a backend's own outputs go under its name beside them. */
export const CORE_OUTPUTS = [
  'provider',
  'bootstrapServers',
  'securityProtocol',
  'saslMechanism',
  'topics',
  'services',
  'migration',
  'monitoring',
] as const;

/** What one run registered: the stack outputs, and the backend's result for those who build on it. */
export interface Platform {
  /** The (non-secret) stack outputs. */
  outputs: Record<string, unknown>;
  backend: BackendResult;
}

/** Registers every resource of a stack from validated input. */
export function buildPlatform(
  input: PlatformInput,
  secret: (ref: SecretRef) => pulumi.Output<string>,
): Platform {
  const { settings, catalog } = input;
  const chosen = backendFor(settings.provider);
  const monitoring = settings.monitoring.enabled
    ? monitoringDefinition(settings.stack, catalog, settings.monitoring)
    : undefined;
  const backend = chosen.create({
    core: settings,
    settings: settings.backend,
    catalog,
    secret,
    ...(monitoring ? { monitoring } : {}),
  });

  const k8sProviders = settings.kubernetes.enabled
    ? kubernetesProviders(settings.kubernetes, secret)
    : undefined;
  const delivered = k8sProviders
    ? deliverToKubernetes({
        settings: settings.kubernetes,
        protect: settings.protect,
        catalog,
        backend,
        providers: k8sProviders,
      })
    : {};
  const services: Record<string, DeliveredService | { namespace: string }> = Object.fromEntries(
    catalog.services.map((s) => [s.name, delivered[s.name] ?? { namespace: s.namespace }]),
  );

  // MirrorMaker's Secret holds both clusters' credentials: it never goes through a render
  // provider (validation refuses kafka:migration in render mode).
  const migrationProvider = settings.kubernetes.mode === 'cluster' ? k8sProviders?.main : undefined;
  const migration = buildMigration(settings.migration, catalog, backend, migrationProvider, secret);

  const outputs = {
    provider: settings.provider,
    bootstrapServers: backend.connection.bootstrapServers,
    securityProtocol: backend.connection.securityProtocol,
    saslMechanism: backend.connection.saslMechanism ?? '',
    topics: catalog.topics.map((t) => t.name),
    services,
    [chosen.name]: backend.outputs,
    monitoring: backend.monitoring ?? { dashboard: '', alerts: [], unwatched: [] },
    ...migration,
  };
  return { outputs, backend };
}

/** The Pulumi program: read config, validate, build. User mistakes end the run without a stack trace. */
export function program() {
  let input: PlatformInput;
  try {
    input = validateInput(readStackConfig(), pulumi.getStack());
  } catch (err) {
    if (err instanceof ValidationError) throw new pulumi.RunError(err.message);
    throw err;
  }
  return buildPlatform(input, (ref) => readSecret(ref.key)).outputs;
}
