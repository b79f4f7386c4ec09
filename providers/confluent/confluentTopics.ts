import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../../topics/catalog';
import { KafkaAdminAccess } from './apiKeys';

export interface ConfluentTopicsArgs {
  /** Catalog topics (validated against the cluster type by catalogRules.ts). */
  topics: Topic[];
  /** The cluster's REST endpoint and the manager key. */
  admin: KafkaAdminAccess;
  /** Delete topics removed from the catalog instead of only forgetting them (kafka:allowTopicDeletion). */
  allowTopicDeletion: boolean;
  /** Protect topics against deletion and replacement (kafka:protect). */
  protect: boolean;
}

/**
 * The catalog's topics on the cluster, through its REST endpoint with the manager key. Partitions
 * grow in place. A partition decrease is planned by the provider as a replacement; every topic is
 * replaced create-before-delete, and Confluent refuses to create a topic whose name exists, so the
 * old topic is never deleted (protected stacks refuse the replacement already in preview). The
 * replication factor is not an input: Confluent keeps 3.
 */
export class ConfluentTopics extends pulumi.ComponentResource {
  readonly topics: Record<string, confluentcloud.KafkaTopic>;

  constructor(name: string, args: ConfluentTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:confluent:Topics', name, {}, opts);
    const options: pulumi.CustomResourceOptions = {
      parent: this,
      protect: args.protect,
      // Removed topics are forgotten, not deleted, unless deletion is allowed (prod: never).
      retainOnDelete: !args.allowTopicDeletion,
      deleteBeforeReplace: false,
    };
    this.topics = Object.fromEntries(
      args.topics.map((topic) => [
        topic.name,
        new confluentcloud.KafkaTopic(
          topic.name,
          {
            kafkaCluster: { id: args.admin.clusterId },
            topicName: topic.name,
            partitionsCount: topic.partitions,
            config: sortedConfig(topic.config),
            restEndpoint: args.admin.restEndpoint,
            credentials: args.admin.credentials,
          },
          options,
        ),
      ]),
    );
    this.registerOutputs({ topics: Object.keys(this.topics) });
  }
}

function sortedConfig(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
}
