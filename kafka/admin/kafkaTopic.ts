import * as pulumi from '@pulumi/pulumi';
import { AdoptionPolicy } from '../../topics/ownership';
import { AdminConnection } from './connection';
import { topicHost } from './hostProviders';

export interface KafkaTopicArgs {
  /** Topic name (validated by the catalog). The topic's identity: changing it replaces the resource. */
  name: pulumi.Input<string>;
  /** Partition count; only ever grows. */
  partitions: pulumi.Input<number>;
  /** Replication factor; never changed in place. */
  replicationFactor: pulumi.Input<number>;
  /** Managed topic configs in Kafka string form; others set on the topic are left alone. */
  configs: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Where the Pulumi runner reaches the cluster: brokers, TLS, CA. */
  connection: pulumi.Input<Omit<AdminConnection, 'sasl'>>;
  /** Who the runner is on the cluster (SASL user or token source); pass it as a secret when it names a user. */
  sasl?: pulumi.Input<AdminConnection['sasl']>;
  /** Delete the topic when the resource goes away (kafka:allowTopicDeletion at the last update). */
  allowDeletion: pulumi.Input<boolean>;
  /** The managing stack, `organization/project/stack`, as the ownership registry knows it. */
  owner: pulumi.Input<string>;
  /** What to do when the topic already exists on the cluster (kafka:topicAdoption). */
  adoption: pulumi.Input<AdoptionPolicy>;
}

/** Loaded in the engine's provider host from the project (see hostProviders.ts). */
const provider = topicHost;

/**
 * A Kafka topic managed through the Kafka admin API (type `kafka:Topic`). Used where no
 * cloud-native topic resource exists: the `local` backend and MSK Serverless.
 */
export class KafkaTopic extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly partitions: pulumi.Output<number>;
  declare readonly replicationFactor: pulumi.Output<number>;
  /** True when the topic existed before this resource and was adopted rather than created. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: KafkaTopicArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      { ...args, adopted: undefined },
      // A topic is its name: a replacement (even a forced one) must remove the old resource
      // before the new one takes the name. A secret `sasl` input stays a secret output.
      { ...opts, deleteBeforeReplace: true },
      'kafka',
      'Topic',
    );
  }
}
