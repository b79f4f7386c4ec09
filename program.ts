import * as pulumi from '@pulumi/pulumi';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EnvFile } from './compose/envFiles';
import { DocumentFile, documentOutputs } from './documentOutputs';
import { stackEnvFiles, StackEnvPaths, stackEnvPaths } from './compose/stackEnvFiles';
import { Problem, throwIfAny, ValidationError } from './config/problems';
import { SecretRef } from './config/rawConfig';
import { readSecret, readStackConfig } from './config/source';
import { PlatformInput, validateInput } from './input';
import { deliverToKubernetes, DeliveredService } from './k8s/delivery';
import { checksDeployments, lookUpDeployments, missingDeploymentProblems } from './k8s/deploymentCheck';
import { kubeReader } from './k8s/kubeApi';
import { implicitContext, kubeconfigFiles, missingContextProblem } from './k8s/kubeconfigContext';
import { kubernetesProviders } from './k8s/provider';
import { buildMigration } from './migration';
import { monitoringDefinition } from './monitoring/definition';
import { BackendResult } from './providers/backend';
import { KafkaBackend } from './providers/kafkaBackend';

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
  /**
   * A `local` stack without Kubernetes delivery: each service's env files for Compose and host
   * runs, which `pulumi up` writes (never a preview or the offline plan).
   */
  envFiles?: pulumi.Output<EnvFile[]>;
  /** Documents (dashboards, rules) the stack outputs name by path; `pulumi up` writes them. */
  documents: DocumentFile[];
}

/** Registers every resource of a stack from validated input. */
export function buildPlatform(
  input: PlatformInput,
  secret: (ref: SecretRef) => pulumi.Output<string>,
): Platform {
  const { settings, catalog } = input;
  const chosen = settings.backend;
  const monitoring = settings.monitoring.enabled
    ? monitoringDefinition(settings.stack, catalog, settings.monitoring)
    : undefined;
  const backend = new KafkaBackend({
    backend: chosen,
    context: { core: settings, catalog, secret, ...(monitoring ? { monitoring } : {}) },
  }).result;

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
  // Without delivery a stack beside Compose (local) still gives every service its env: files for
  // Compose and host runs.
  const hostServers = k8sProviders ? undefined : chosen.hostBootstrapServers;
  const local = hostServers !== undefined;
  const envFiles = local
    ? stackEnvFiles({
        stack: settings.stack,
        catalog,
        compose: backend.connection,
        host: { ...backend.connection, bootstrapServers: hostServers },
        access: backend.access,
      })
    : undefined;
  const services: Record<string, DeliveredService | { namespace: string; envFiles?: StackEnvPaths }> =
    Object.fromEntries(
      catalog.services.map((s) => [
        s.name,
        delivered[s.name] ??
          (local
            ? { namespace: s.namespace, envFiles: stackEnvPaths(settings.stack, s.name) }
            : { namespace: s.namespace }),
      ]),
    );

  // MirrorMaker's Secret holds both clusters' credentials: it never goes through a render
  // provider (validation refuses kafka:migration in render mode).
  const migrationProvider = settings.kubernetes.mode === 'cluster' ? k8sProviders?.main : undefined;
  const migration = buildMigration(settings.migration, catalog, backend, migrationProvider, secret);

  // Dashboards and rules go to files: outputs stay short enough to read in a terminal.
  const documents = documentOutputs(backend.outputs, chosen.name, settings.stack);
  const outputs = {
    provider: settings.provider,
    bootstrapServers: backend.connection.bootstrapServers,
    securityProtocol: backend.connection.securityProtocol,
    saslMechanism: backend.connection.saslMechanism ?? '',
    topics: catalog.topics.map((t) => t.name),
    services,
    [chosen.name]: documents.outputs,
    monitoring: backend.monitoring ?? { dashboard: '', alerts: [], unwatched: [] },
    ...migration,
  };
  return { outputs, backend, documents: documents.files, ...(envFiles ? { envFiles } : {}) };
}

/** The Pulumi program: read config, validate, build. User mistakes end the run without a stack trace. */
export function program() {
  let input: PlatformInput;
  try {
    input = validateInput(readStackConfig(), pulumi.getStack());
    throwIfAny(environmentProblems(input));
  } catch (err) {
    if (err instanceof ValidationError) throw new pulumi.RunError(err.message);
    throw err;
  }
  const run = (checked: PlatformInput) => {
    const platform = buildPlatform(checked, (ref) => readSecret(ref.key));
    if (!pulumi.runtime.isDryRun()) {
      writeFiles(platform.documents);
      platform.envFiles?.apply(writeFiles);
    }
    return platform.outputs;
  };
  if (!checksDeployments(input.settings.kubernetes)) return run(input);
  // Patching Deployments in a cluster: ask it first which are missing (k8s/deploymentCheck.ts).
  const checked = input;
  return clusterProblems(checked).then((problems) => {
    if (problems.length > 0) {
      try {
        throwIfAny(problems);
      } catch (err) {
        throw new pulumi.RunError((err as Error).message);
      }
    }
    return run(checked);
  });
}

/** What the cluster itself says before anything is registered: Deployments the stack would patch that it lacks. */
async function clusterProblems(input: PlatformInput): Promise<Problem[]> {
  const k8s = input.settings.kubernetes;
  const reader = kubeReader(kubeconfigFiles(k8s), k8s.context);
  if (!reader) return [];
  const lookups = await lookUpDeployments(reader, input.catalog.services);
  return missingDeploymentProblems(k8s, reader.context, lookups, input.settings.provider);
}

/**
 * What only the machine running Pulumi can tell (so not the offline plan): a kubeconfig context
 * that does not exist there. Checked before anything is registered, in preview as in `up`.
 */
export function environmentProblems(input: PlatformInput): Problem[] {
  const k8s = input.settings.kubernetes;
  if (!k8s.enabled || k8s.mode !== 'cluster') return [];
  const files = kubeconfigFiles(k8s);
  const missing = missingContextProblem(k8s, files, input.settings.provider);
  const implicit = implicitContext(k8s, files);
  if (implicit.notice) void pulumi.log.warn(implicit.notice);
  return [...(missing ? [missing] : []), ...(implicit.problem ? [implicit.problem] : [])];
}

/** Writes files relative to the project directory (the program's working directory). */
function writeFiles(files: EnvFile[]): void {
  for (const file of files) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
}
