import * as managedkafka from '@pulumi/gcp/managedkafka';
import * as pulumi from '@pulumi/pulumi';
import { OneResourcePerTopic, TopicFactory } from '../topics';
import { DEFAULT_REPLICATION_FACTOR } from './limits';

export interface GcpTopicArgs {
  /** The project the cluster is in (every topic's resource path names it). */
  project: string;
  /** The cluster's region (the topic's `location`). */
  region: string;
  /** The cluster id output, so every topic waits for the cluster. */
  clusterId: pulumi.Input<string>;
}

/**
 * The catalog's topics as native Managed Kafka topics, for the shared Topics component. Partitions
 * grow in place; Google refuses a decrease ("You can increase the partition count for a topic, but
 * you cannot decrease it"). replication_factor and topic_id are ForceNew upstream: a change plans a
 * replacement, which is create-before-delete, and creating a topic whose id exists fails, so the old
 * topic and its data are never deleted (protected stacks refuse the replacement already in preview).
 */
export function gcpTopics(args: GcpTopicArgs): TopicFactory<OneResourcePerTopic> {
  return {
    // gcp has no stacks made before the shared component; its own former type keeps the alias unique.
    formerType: 'kafka-platform:gcp:Topics',
    topic: (topic, options) =>
      new managedkafka.Topic(
        topic.name,
        {
          project: args.project,
          location: args.region,
          cluster: args.clusterId,
          topicId: topic.name,
          partitionCount: topic.partitions,
          replicationFactor: topic.replicationFactor ?? DEFAULT_REPLICATION_FACTOR,
          configs: Object.fromEntries(Object.entries(topic.config).sort(([a], [b]) => a.localeCompare(b))),
        },
        { ...options, deleteBeforeReplace: false },
      ),
  };
}
