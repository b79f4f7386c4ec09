import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Catalog } from '../topics/catalog';

/** Namespaces every cluster has; never created (or owned) by a stack. */
export const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The namespaces the catalog's services live in, sorted and unique. */
export function serviceNamespaces(catalog: Catalog): string[] {
  return [...new Set(catalog.services.map((s) => s.namespace))].sort();
}

export interface NamespacesArgs {
  /** Namespaces the services need. */
  names: string[];
  /** Create each namespace (built-ins excepted), kept on delete. Otherwise they must exist. */
  create: boolean;
  /**
   * Look up the namespaces this stack does not create, so a missing one stops the preview with an
   * error naming it. Off in render mode, where no cluster is reachable: there the GitOps tool
   * reports a missing namespace when it applies the manifests.
   */
  lookUp: boolean;
  /** Keep created namespaces protected (prod stacks). */
  protect: boolean;
}

/**
 * The services' namespaces: created, looked up or only declared. Everything namespaced that the
 * program writes depends on its own namespace, so a missing one fails before anything goes in.
 */
export class Namespaces extends pulumi.ComponentResource {
  readonly resources: Record<string, k8s.core.v1.Namespace>;

  constructor(name: string, args: NamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:k8s:Namespaces', name, {}, opts);
    this.resources = {};
    for (const ns of args.names) {
      if (args.create && !BUILT_IN_NAMESPACES.includes(ns)) {
        // Deleting a namespace deletes everything in it, the teams' Deployments included:
        // a stack that stops creating it only forgets it.
        this.resources[ns] = new k8s.core.v1.Namespace(
          `${name}-${ns}`,
          {
            metadata: {
              name: ns,
              labels: {
                'app.kubernetes.io/managed-by': 'pulumi',
                'app.kubernetes.io/part-of': 'kafka-platform',
              },
            },
          },
          { parent: this, retainOnDelete: true, protect: args.protect },
        );
      } else if (args.lookUp) {
        // A read, not a resource: fails with "resource '<ns>' does not exist" in preview and up.
        this.resources[ns] = k8s.core.v1.Namespace.get(`${name}-${ns}`, ns, { parent: this });
      }
    }
    const created = args.names.filter((ns) => args.create && !BUILT_IN_NAMESPACES.includes(ns));
    this.registerOutputs({ names: args.names, created });
  }
}
