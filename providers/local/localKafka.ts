import * as pulumi from '@pulumi/pulumi';
import type { TopicResources } from '../../config/stackSettings';
import { adminTopics } from '../../kafka/admin/adminTopics';
import { AdminConnection } from '../../kafka/admin/connection';
import { AdoptionPolicy } from '../../topics/ownership';
import { TopicsAtOnce, TopicFactory } from '../topics';

export interface LocalTopicArgs {
  /** Replication factor for topics that do not set one. */
  defaultReplicationFactor: number;
  /** Where the Pulumi runner reaches the cluster: brokers, TLS, CA. */
  connection: Omit<AdminConnection, 'sasl'>;
  /** Who the runner is on the cluster; a secret, as it names the SASL user. */
  sasl?: pulumi.Input<AdminConnection['sasl']>;
  /** Delete topics removed from the catalog instead of only forgetting them. */
  allowTopicDeletion: boolean;
  /** What to do with catalog topics that already exist on the cluster (kafka:topicAdoption). */
  topicAdoption: AdoptionPolicy;
  /** Protect topics against deletion and replacement (kafka:protect). */
  protect: boolean;
  /** One engine resource per topic, or a few shards for large catalogs (kafka:topicResources). */
  topicResources: TopicResources;
}

/**
 * The topics of an existing Kafka-compatible cluster (Redpanda from Compose, or any broker list),
 * over the admin API, for the shared Topics component: one resource per topic or shards, as
 * kafka:topicResources says, and the stack's record in the cluster's ownership registry. Nothing
 * else is created: the cluster's lifecycle is not ours.
 */
export function localTopics(args: LocalTopicArgs): TopicFactory<TopicsAtOnce> {
  return {
    // Stacks made before the shared component had this one, named `local`, at the root.
    formerType: 'kafka-platform:local:Kafka',
    all: (name, topics, options) =>
      adminTopics(
        {
          topics: topics.map((topic) => ({
            name: topic.name,
            partitions: topic.partitions,
            replicationFactor: topic.replicationFactor ?? args.defaultReplicationFactor,
            configs: topic.config,
          })),
          connection: args.connection,
          ...(args.sasl ? { sasl: args.sasl } : {}),
          allowTopicDeletion: args.allowTopicDeletion,
          topicAdoption: args.topicAdoption,
          protect: args.protect,
          mode: args.topicResources,
          registryReplicationFactor: args.defaultReplicationFactor,
        },
        { parent: options.parent, ownershipName: `${name}-owners`, shardPrefix: `${name}-topics` },
      ),
  };
}
