import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../../topics/catalog';
import { AdoptionPolicy } from '../../topics/ownership';
import { AdminConnection } from '../../kafka/admin/connection';
import { KafkaTopic } from '../../kafka/admin/kafkaTopic';
import { stackOwner, TopicOwnership } from '../../kafka/admin/topicOwnership';

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
}

/**
 * An existing Kafka-compatible cluster (Redpanda from Compose, or any broker list) whose
 * topics this stack manages. Nothing else is created: the cluster's lifecycle is not ours.
 */
export class LocalKafka extends pulumi.ComponentResource {
  readonly topics: Record<string, KafkaTopic>;

  constructor(name: string, args: LocalKafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:local:Kafka', name, {}, opts);
    const owner = stackOwner();
    this.topics = Object.fromEntries(
      args.topics.map((topic) => [
        topic.name,
        new KafkaTopic(
          topic.name,
          {
            name: topic.name,
            partitions: topic.partitions,
            replicationFactor: topic.replicationFactor ?? args.defaultReplicationFactor,
            configs: topic.config,
            connection: args.connection,
            ...(args.sasl ? { sasl: args.sasl } : {}),
            allowDeletion: args.allowTopicDeletion,
            owner,
            adoption: args.topicAdoption,
          },
          // Forgotten rather than deleted unless deletion is allowed.
          { parent: this, protect: args.protect, retainOnDelete: !args.allowTopicDeletion },
        ),
      ]),
    );
    // The stack's record in the cluster's ownership registry: which topics it manages. It depends
    // on the topics, so a destroy removes the record before the topics, and an update writes it
    // before the deletions of removed topics, which run last.
    new TopicOwnership(
      `${name}-owners`,
      {
        connection: args.connection,
        ...(args.sasl ? { sasl: args.sasl } : {}),
        owner,
        topics: args.topics.map((t) => t.name).sort(),
        replicationFactor: args.defaultReplicationFactor,
      },
      { parent: this, dependsOn: Object.values(this.topics) },
    );
    this.registerOutputs({ topics: Object.keys(this.topics) });
  }
}
