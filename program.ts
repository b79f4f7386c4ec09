import * as pulumi from '@pulumi/pulumi';
import { ValidationError, throwIfAny } from './config/problems';
import { parseSettings, RawConfig, SecretRef, Settings } from './config/settings';
import { readSecret, readStackConfig } from './config/source';
import { serviceEnv, objectNames } from './k8s/env';
import { kubernetesProvider } from './k8s/provider';
import { ServiceConnection } from './k8s/serviceConnection';
import { buildMigration } from './migration';
import { BACKENDS, backendFor } from './providers';
import { Catalog, Service, topicsOf } from './topics/catalog';
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
  // Backend rules on the catalog only make sense once both parsed cleanly.
  const backendProblems =
    problems.length === 0 && catalogProblems.length === 0
      ? (backendFor(settings.provider).catalogProblems?.(settings, catalog) ?? [])
      : [];
  throwIfAny([...problems, ...catalogProblems, ...backendProblems]);
  return { settings, catalog };
}

/** Registers every resource of a stack from validated input. Returns the (non-secret) stack outputs. */
export function buildPlatform(input: PlatformInput, secret: (ref: SecretRef) => pulumi.Output<string>) {
  const { settings, catalog } = input;
  const backend = backendFor(settings.provider).create({ settings, catalog, secret });

  const services: Record<string, { namespace: string; configMap?: string; secret?: string }> = {};
  const k8sProvider = settings.kubernetes.enabled
    ? kubernetesProvider(settings.kubernetes, secret)
    : undefined;
  for (const service of catalog.services) {
    const access = backend.access[service.name] ?? {};
    const env = serviceEnv(service, backend.connection, access);
    if (k8sProvider) {
      const conn = new ServiceConnection(
        service.name,
        { service, env },
        {
          providers: { kubernetes: k8sProvider },
          // Services should not get settings for topics that do not exist yet: wait for the
          // topics this service uses (not all of them: that is services x topics edges).
          dependsOn: topicsUsedBy(service).flatMap((t) => backend.topics[t] ?? []),
        },
      );
      const names = objectNames(service);
      services[service.name] = {
        namespace: service.namespace,
        configMap: names.configMap,
        ...(conn.secret ? { secret: names.secret } : {}),
      };
    } else {
      services[service.name] = { namespace: service.namespace };
    }
  }

  const migration = buildMigration(settings, catalog, backend, k8sProvider, secret);

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

function topicsUsedBy(service: Service): string[] {
  const { produces, consumes } = topicsOf(service);
  return [...new Set([...produces, ...consumes])];
}
