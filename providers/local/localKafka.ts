import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../../topics/catalog';
import { AdoptionPolicy } from '../../topics/ownership';
import { AdminConnection } from '../../kafka/admin/connection';
import { adminTopics } from '../../kafka/admin/adminTopics';
import type { TopicResources } from '../../config/stackSettings';

export interface LocalKafkaArgs {
  /** Catalog topics to manage on the existing cluster. */
  topics: Topic[];
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
  /** Protect topics against deletion and replacement. */
  protect: boolean;
  /** One engine resource per topic, or a few shards for large catalogs (kafka:topicResources). */
  topicResources: TopicResources;
}

/**
 * An existing Kafka-compatible cluster (Redpanda from Compose, or any broker list) whose
 * topics this stack manages. Nothing else is created: the cluster's lifecycle is not ours.
 */
export class LocalKafka extends pulumi.ComponentResource {
  /** The resource holding each topic (its own, or its shard), by topic name. */
  readonly topics: Record<string, pulumi.CustomResource>;

  constructor(name: string, args: LocalKafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:local:Kafka', name, {}, opts);
    this.topics = adminTopics(
      {
        topics: args.topics.map((topic) => ({
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
      { parent: this, ownershipName: `${name}-owners`, shardPrefix: `${name}-topics` },
    );
    this.registerOutputs({ topics: Object.keys(this.topics) });
  }
}
