import * as managedkafka from '@pulumi/gcp/managedkafka';
import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../../topics/catalog';
import { DEFAULT_REPLICATION_FACTOR } from './limits';

export interface GcpTopicsArgs {
  /** Catalog topics (checked against Managed Kafka by catalogRules.ts). */
  topics: Topic[];
  project: string;
  region: string;
  /** The cluster id; waits for the cluster. */
  clusterId: pulumi.Input<string>;
  /** Delete topics removed from the catalog instead of only forgetting them (kafka:allowTopicDeletion). */
  allowTopicDeletion: boolean;
  /** Protect topics against deletion and replacement (kafka:protect). */
  protect: boolean;
}

/**
 * The catalog's topics as native Managed Kafka topics. Partitions grow in place; Google refuses a
 * decrease ("You can increase the partition count for a topic, but you cannot decrease it").
 * replication_factor and topic_id are ForceNew upstream: a change plans a replacement, which is
 * create-before-delete, and creating a topic whose id exists fails, so the old topic and its data
 * are never deleted (protected stacks refuse the replacement already in preview).
 */
export class GcpTopics extends pulumi.ComponentResource {
  readonly topics: Record<string, managedkafka.Topic>;

  constructor(name: string, args: GcpTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:gcp:Topics', name, {}, opts);
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
          options,
        ),
      ]),
    );
    this.registerOutputs({ topics: Object.keys(this.topics) });
  }
}
