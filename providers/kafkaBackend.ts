import * as pulumi from '@pulumi/pulumi';
import { BackendResult, BoundBackend, StackContext } from './backend';

export interface KafkaBackendArgs {
  /** The chosen backend bound to its settings (parsing made it): what registers the resources. */
  backend: BoundBackend;
  /** What the backend reads of the stack: core settings, catalog, secrets, monitoring definition. */
  context: Omit<StackContext, 'parent'>;
}

/**
 * The stack's Kafka, whichever backend runs it: one parent for everything the backend registers
 * (cluster, topics, per-service access, monitoring), named after the backend. The backend's own
 * explicit cloud provider stays at the root, where every stack has it.
 */
export class KafkaBackend extends pulumi.ComponentResource {
  /** The connection, per-service access, topics, outputs and monitoring the backend handed back. */
  readonly result: BackendResult;

  constructor(args: KafkaBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:kafka:Backend', args.backend.name, {}, opts);
    this.result = args.backend.create({ ...args.context, parent: this });
    this.registerOutputs({ topics: Object.keys(this.result.topics) });
  }
}
