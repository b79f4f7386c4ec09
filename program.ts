import * as pulumi from '@pulumi/pulumi';
import { ValidationError, throwIfAny } from './config/problems';
import { parseSettings, RawConfig, SecretRef, Settings } from './config/settings';
import { readSecret, readStackConfig } from './config/source';
import { deliverToKubernetes, DeliveredService } from './k8s/delivery';
import { deliveryProblems } from './k8s/validateDelivery';
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
  const { catalog, problems: catalogProblems } = loadCatalog(settings.catalogPath, baseDir);
  throwIfAny([
    ...problems,
    ...catalogProblems,
    ...(problems.length + catalogProblems.length === 0 ? deliveryProblems(settings.kubernetes, catalog) : []),
  ]);
  return { settings, catalog };
}

/** Registers every resource of a stack from validated input. Returns the (non-secret) stack outputs. */
export function buildPlatform(input: PlatformInput, secret: (ref: SecretRef) => pulumi.Output<string>) {
  const { settings, catalog } = input;
  const backend = backendFor(settings.provider).create({ settings, catalog, secret });

  const delivered = settings.kubernetes.enabled
    ? deliverToKubernetes({
        settings: settings.kubernetes,
        protect: settings.protect,
        catalog,
        backend,
        secret,
      })
    : {};
  const services: Record<string, DeliveredService | { namespace: string }> = Object.fromEntries(
    catalog.services.map((s) => [s.name, delivered[s.name] ?? { namespace: s.namespace }]),
  );

  return {
    provider: settings.provider,
    bootstrapServers: backend.connection.bootstrapServers,
    securityProtocol: backend.connection.securityProtocol,
    saslMechanism: backend.connection.saslMechanism ?? '',
    topics: catalog.topics.map((t) => t.name),
    services,
    ...backend.outputs,
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
