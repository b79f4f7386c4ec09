import * as pulumi from '@pulumi/pulumi';
import { AdoptionPolicy } from '../../topics/ownership';
import { AdminConnection } from '../../kafka/admin/connection';
import { KafkaTopic } from '../../kafka/admin/kafkaTopic';
import { stackOwner, TopicOwnership } from '../../kafka/admin/topicOwnership';
import { TopicsArgs } from '../topics';

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
}

/**
 * The topics of an existing Kafka-compatible cluster (Redpanda from Compose, or any broker list),
 * over the admin API, for the shared Topics component. Nothing else is created: the cluster's
 * lifecycle is not ours.
 */
export function localTopics(args: LocalTopicArgs): Pick<TopicsArgs, 'topic' | 'afterTopics' | 'formerType'> {
  const owner = stackOwner();
  return {
    // Stacks made before the shared component had this one, named `local`, at the root.
    formerType: 'kafka-platform:local:Kafka',
    topic: (topic, options) =>
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
        options,
      ),
    // The stack's record in the cluster's ownership registry: which topics it manages. It depends
    // on the topics, so a destroy removes the record before the topics, and an update writes it
    // before the deletions of removed topics, which run last.
    afterTopics: (name, topics, parent) => {
      new TopicOwnership(
        `${name}-owners`,
        {
          connection: args.connection,
          ...(args.sasl ? { sasl: args.sasl } : {}),
          owner,
          topics: Object.keys(topics).sort(),
          replicationFactor: args.defaultReplicationFactor,
        },
        { parent, dependsOn: Object.values(topics) },
      );
    },
  };
}
