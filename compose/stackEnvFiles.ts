import * as pulumi from '@pulumi/pulumi';
import { IGNORED_RENDER_ROOT } from '../k8s/settings';
import { serviceEnv } from '../k8s/env';
import { Connection, ServiceAccess } from '../providers/backend';
import { Catalog } from '../topics/catalog';
import { EnvFile, EnvLocation, ENV_LOCATIONS } from './envFiles';

/** Where a stack's own env files go: below the git-ignored render root, one directory per stack. */
export function stackEnvDir(stack: string): string {
  return `${IGNORED_RENDER_ROOT}/${stack}/env`;
}

/** A service's plain env files of a stack, by where the service runs. */
export type StackEnvPaths = Record<EnvLocation, string>;

/** The two files of one service: `rendered/<stack>/env/{compose,host}/<service>.env`. */
export function stackEnvPaths(stack: string, service: string): StackEnvPaths {
  const dir = stackEnvDir(stack);
  return { compose: `${dir}/compose/${service}.env`, host: `${dir}/host/${service}.env` };
}

/** One line of an env file; values with line breaks (a CA's PEM) double-quoted, as dotenv and `node --env-file` read them. */
function envLine(key: string, value: string): string {
  return /[\n"]/.test(value) ? `${key}="${value.replace(/"/g, '\\"')}"` : `${key}=${value}`;
}

/**
 * The env files of a stack without Kubernetes delivery, for services in the Compose network
 * (`compose`: the services' listener) and on the host (`host`: the listener the Pulumi runner
 * dials). The same variables the ConfigMap would hold (k8s/env.ts). Credentials are never written:
 * a file names the variables the service still needs and where they come from. Pure.
 */
export function stackEnvFiles(opts: {
  stack: string;
  catalog: Catalog;
  /** As services in the Compose network dial the cluster. */
  compose: Connection;
  /** As the host (where the Pulumi runner is) dials it. */
  host: Connection;
  access: Record<string, ServiceAccess>;
}): pulumi.Output<EnvFile[]> {
  const files: pulumi.Output<EnvFile>[] = [];
  for (const location of Object.keys(ENV_LOCATIONS) as EnvLocation[]) {
    for (const service of [...opts.catalog.services].sort((a, b) => a.name.localeCompare(b.name))) {
      const env = serviceEnv(service, opts[location], opts.access[service.name] ?? {});
      const secretKeys = Object.keys(env.secret);
      const file = pulumi.all(env.config).apply((config) => {
        const lines = [
          `# ${service.name} as ${ENV_LOCATIONS[location].what}: Kafka settings of stack ${opts.stack}.`,
          '# WRITTEN by `pulumi up` (kafka:kubernetes delivery is off); git-ignored, do not edit.',
          ...(secretKeys.length
            ? [`# Not written (credentials): ${secretKeys.join(', ')}; from the stack's secret config.`]
            : []),
          ...Object.entries(config)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, value]) => envLine(key, value)),
        ];
        return { path: stackEnvPaths(opts.stack, service.name)[location], content: `${lines.join('\n')}\n` };
      });
      files.push(file);
    }
  }
  return pulumi.all(files);
}
