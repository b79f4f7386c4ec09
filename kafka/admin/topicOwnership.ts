import * as pulumi from '@pulumi/pulumi';
import { AdminConnection } from './connection';
import { ownershipHost } from './hostProviders';

export interface TopicOwnershipArgs {
  /** Where the Pulumi runner reaches the cluster: brokers, TLS, CA. */
  connection: pulumi.Input<Omit<AdminConnection, 'sasl'>>;
  /** Who the runner is on the cluster (SASL user or token source); pass it as a secret when it names a user. */
  sasl?: pulumi.Input<AdminConnection['sasl']>;
  /** The stack, `organization/project/stack`. */
  owner: pulumi.Input<string>;
  /** Every catalog topic this stack manages on the cluster. */
  topics: pulumi.Input<string[]>;
  /** Replication factor of the registry topic, should this stack be the first to write it. */
  replicationFactor: pulumi.Input<number>;
}

const provider = ownershipHost;

/**
 * This stack's record in the cluster's ownership registry (type `kafka:TopicOwnership`), so that
 * other stacks on the same cluster neither adopt nor delete its topics by accident.
 */
export class TopicOwnership extends pulumi.dynamic.Resource {
  constructor(name: string, args: TopicOwnershipArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args }, opts, 'kafka', 'TopicOwnership');
  }
}

/** This stack's identity in ownership registries: `organization/project/stack`. */
export function stackOwner(): string {
  return `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
}
