import * as pulumi from '@pulumi/pulumi';
import { AssembledOutputs, BackendResult, BoundBackend, ServiceGrant, StackContext } from './backend';

export interface KafkaBackendArgs {
  /** The chosen backend bound to its settings (parsing made it): what registers the resources. */
  backend: BoundBackend;
  /** What the backend reads of the stack: core settings, catalog, secrets, monitoring definition. */
  context: Omit<StackContext, 'parent'>;
}

/**
 * The stack's Kafka, whichever backend runs it: one parent for everything the backend registers
 * (cluster, topics, per-service access, monitoring), named after the backend. The backend's own
 * explicit cloud provider stays at the root, where every stack has it. The backend registers its
 * cluster and topics; this component runs the rest of the skeleton from its factories, the same
 * for every backend: access per catalog service, what needs every grant, monitoring, outputs.
 */
export class KafkaBackend extends pulumi.ComponentResource {
  /** The connection, per-service access, topics, outputs and monitoring the backend handed back. */
  readonly result: BackendResult;

  constructor(args: KafkaBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:kafka:Backend', args.backend.name, {}, opts);
    const parts = args.backend.create({ ...args.context, parent: this });
    const grants: Record<string, ServiceGrant> = {};
    for (const service of args.context.catalog.services) grants[service.name] = parts.serviceAccess(service);
    parts.afterAccess?.(grants);
    const monitoring = parts.monitoring?.();
    const assembled: AssembledOutputs = {
      perService: perServiceOutputs(grants),
      ...(monitoring ? { monitoring } : {}),
    };
    this.result = {
      connection: parts.connection,
      access: Object.fromEntries(Object.entries(grants).map(([name, grant]) => [name, grant.access])),
      topics: parts.topics,
      outputs: parts.outputs(assembled),
      ...(monitoring?.summary ? { monitoring: monitoring.summary } : {}),
    };
    this.registerOutputs({ topics: Object.keys(this.result.topics) });
  }
}

/** `{ service: { key: value } }` turned into `{ key: { service: value } }`, in catalog order. */
function perServiceOutputs(
  grants: Record<string, ServiceGrant>,
): Record<string, Record<string, pulumi.Input<unknown>>> {
  const byKey: Record<string, Record<string, pulumi.Input<unknown>>> = {};
  for (const [service, grant] of Object.entries(grants)) {
    for (const [key, value] of Object.entries(grant.outputs ?? {})) (byKey[key] ??= {})[service] = value;
  }
  return byKey;
}
