import * as confluentcloud from '@pulumi/confluentcloud';
import { OneResourcePerTopic, TopicFactory } from '../topics';
import { KafkaAdminAccess } from './apiKeys';

/**
 * The catalog's topics on the cluster, through its REST endpoint with the manager key, for the
 * shared Topics component. Partitions grow in place. A partition decrease is planned by the
 * provider as a replacement; every topic is replaced create-before-delete, and Confluent refuses to
 * create a topic whose name exists, so the old topic is never deleted (protected stacks refuse the
 * replacement already in preview). The replication factor is not an input: Confluent keeps 3.
 */
export function confluentTopics(admin: KafkaAdminAccess): TopicFactory<OneResourcePerTopic> {
  return {
    formerType: 'kafka-platform:confluent:Topics',
    topic: (topic, options) =>
      new confluentcloud.KafkaTopic(
        topic.name,
        {
          kafkaCluster: { id: admin.clusterId },
          topicName: topic.name,
          partitionsCount: topic.partitions,
          config: sortedConfig(topic.config),
          restEndpoint: admin.restEndpoint,
          credentials: admin.credentials,
        },
        { ...options, deleteBeforeReplace: false },
      ),
  };
}

function sortedConfig(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
}
