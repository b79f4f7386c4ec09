import * as pulumi from '@pulumi/pulumi';
import { AdoptionPolicy } from '../../topics/ownership';
import { AdminConnection } from './connection';
import { topicShardHost } from './hostProviders';
import { ShardTopic } from './topicShards';

export interface KafkaTopicShardArgs {
  /** The shard's key (`00`..`15`): the topics whose name hashes to it (see topicShards.ts). */
  shard: string;
  /** The shard's topics by name: partitions, replication factor, managed configs. */
  topics: Record<string, ShardTopic>;
  /** Where the Pulumi runner reaches the cluster: brokers, TLS, CA. */
  connection: pulumi.Input<Omit<AdminConnection, 'sasl'>>;
  /** Who the runner is on the cluster; pass it as a secret when it names a user. */
  sasl?: pulumi.Input<AdminConnection['sasl']>;
  /** Delete topics that leave the catalog (kafka:allowTopicDeletion at the last update). */
  allowDeletion: boolean;
  /** kafka:protect, enforced per topic by the provider: no topic may leave the stack. */
  protect: boolean;
  /** The managing stack, `organization/project/stack`, as the ownership registry knows it. */
  owner: pulumi.Input<string>;
  /** What to do when a topic already exists on the cluster (kafka:topicAdoption). */
  adoption: pulumi.Input<AdoptionPolicy>;
}

/**
 * A group of catalog topics managed as one engine resource (type `kafka:TopicShard`), for
 * `kafka:topicResources: sharded`. The preview's diff names each topic and what changes in it.
 */
export class KafkaTopicShard extends pulumi.dynamic.Resource {
  /** Names of the shard's topics that existed before the stack and were adopted. */
  declare readonly adopted: pulumi.Output<string[]>;

  constructor(name: string, args: KafkaTopicShardArgs, opts?: pulumi.CustomResourceOptions) {
    super(topicShardHost, name, { ...args, adopted: undefined }, opts, 'kafka', 'TopicShard');
  }
}
