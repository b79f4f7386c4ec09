import * as pulumi from '@pulumi/pulumi';
import { ValidationError, throwIfAny } from './config/problems';
import { parseSettings, RawConfig, SecretRef, Settings } from './config/settings';
import { readSecret, readStackConfig } from './config/source';
import { deliverToKubernetes, DeliveredService } from './k8s/delivery';
import { deliveryProblems } from './k8s/validateDelivery';
import { kubernetesProviders } from './k8s/provider';
import { buildMigration } from './migration';
import { BACKENDS, backendFor } from './providers';
import { Catalog } from './topics/catalog';
import { loadCatalog } from './topics/loadCatalog';

/** Validated input of one run: every problem is reported before any resource exists. */
export interface PlatformInput {
  settings: Settings;
  catalog: Catalog;
}

/** Parses settings and catalog together, so one run lists all problems of both. */
export function validateInput(raw: RawConfig, stack: string, baseDir = process.cwd()): PlatformInput {
  const { settings, problems } = parseSettings(raw, stack, BACKENDS);
  const { catalog, problems: catalogProblems, locate } = loadCatalog(settings.catalogPath, baseDir);
  // Backend rules on the catalog only make sense once settings and catalog parsed cleanly.
  const clean = problems.length + catalogProblems.length === 0;
  throwIfAny([
    ...problems,
    ...catalogProblems,
    ...(clean ? deliveryProblems(settings, catalog) : []),
    ...(clean ? (backendFor(settings.provider).catalogProblems?.(settings, catalog, locate) ?? []) : []),
  ]);
  return { settings, catalog };
}

/** Registers every resource of a stack from validated input. Returns the (non-secret) stack outputs. */
export function buildPlatform(input: PlatformInput, secret: (ref: SecretRef) => pulumi.Output<string>) {
  const { settings, catalog } = input;
  const backend = backendFor(settings.provider).create({ settings, catalog, secret });

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
  const migration = buildMigration(settings, catalog, backend, migrationProvider, secret);

  return {
    provider: settings.provider,
    bootstrapServers: backend.connection.bootstrapServers,
    securityProtocol: backend.connection.securityProtocol,
    saslMechanism: backend.connection.saslMechanism ?? '',
    topics: catalog.topics.map((t) => t.name),
    services,
    ...backend.outputs,
    ...migration,
  };
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
  return buildPlatform(input, (ref) => readSecret(ref.key));
}
