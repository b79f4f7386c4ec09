import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Service } from '../topics/catalog';
import { objectNames, ServiceEnv } from './env';

export interface ServiceConnectionArgs {
  /** The catalog service this connection is for. */
  service: Service;
  /** Its env, split into plain settings and credentials (see k8s/env.ts). */
  env: ServiceEnv;
  /**
   * Where the Secret goes: a provider of its own (render mode writes Secrets to an ignored
   * directory), or `null` to leave it out (render mode without one). Default: the component's provider.
   */
  secretProvider?: k8s.Provider | null;
}

/** Lists the env keys a Secret holds. */
export const SECRET_KEYS_ANNOTATION = 'kafka-platform/env-keys';

/** The label naming the catalog service, on what this program writes (and, for policies, on pods). */
export const SERVICE_LABEL = 'kafka-platform/service';

/** Labels that let people (and the offline plan) find what this program wrote for a service. */
export function serviceLabels(service: Service): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'pulumi',
    'app.kubernetes.io/part-of': 'kafka-platform',
    [SERVICE_LABEL]: service.name,
  };
}

/**
 * One service's Kafka settings in its namespace: a ConfigMap with the connection and topics, and
 * a Secret with its credentials (only when the backend issues any). Services load both with
 * `envFrom`.
 */
export class ServiceConnection extends pulumi.ComponentResource {
  readonly configMap: k8s.core.v1.ConfigMap;
  readonly secret?: k8s.core.v1.Secret;

  constructor(name: string, args: ServiceConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:k8s:ServiceConnection', name, {}, opts);
    const { service, env } = args;
    const names = objectNames(service);
    const labels = serviceLabels(service);
    this.configMap = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: names.configMap, namespace: service.namespace, labels },
        data: env.config,
      },
      { parent: this },
    );
    if (Object.keys(env.secret).length > 0 && args.secretProvider !== null) {
      this.secret = new k8s.core.v1.Secret(
        `${name}-credentials`,
        {
          metadata: {
            name: names.secret,
            namespace: service.namespace,
            labels,
            // Key names only: readable by people and by the offline plan, which never sees values.
            annotations: { [SECRET_KEYS_ANNOTATION]: Object.keys(env.secret).sort().join(',') },
          },
          type: 'Opaque',
          // `data` (base64) rather than `stringData`, which the provider diffs forever.
          data: Object.fromEntries(
            Object.entries(env.secret).map(([key, value]) => [
              key,
              pulumi.secret(value.apply((v) => Buffer.from(v, 'utf8').toString('base64'))),
            ]),
          ),
        },
        { parent: this, ...(args.secretProvider ? { provider: args.secretProvider } : {}) },
      );
    }
    this.registerOutputs({ configMap: names.configMap, secret: this.secret ? names.secret : undefined });
  }
}
