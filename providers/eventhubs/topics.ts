import * as eventhub from '@pulumi/azure-native/eventhub';
import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../../topics/catalog';
import { hubRetention } from './catalogRules';

export interface EventHubsTopicsArgs {
  /** The catalog topics, already checked against the tier (catalogRules.ts). */
  topics: Topic[];
  /** The namespace's name output, so every event hub waits for the namespace. */
  namespaceName: pulumi.Input<string>;
  /** The namespace's resource group (part of every event hub's ARM id). */
  resourceGroupName: pulumi.Input<string>;
  /** Delete event hubs removed from the catalog instead of only forgetting them (kafka:allowTopicDeletion). */
  allowTopicDeletion: boolean;
  /** Protect event hubs against deletion and replacement (kafka:protect). */
  protect: boolean;
}

/**
 * One event hub per catalog topic, with the topic's partitions and its retention or compaction.
 * Partition changes Azure cannot make are refused before this runs (EventHubsGuard).
 */
export class EventHubsTopics extends pulumi.ComponentResource {
  readonly topics: Record<string, eventhub.EventHub>;

  constructor(name: string, args: EventHubsTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:eventhubs:Topics', name, {}, opts);
    // Removed topics are forgotten, not deleted, unless deletion is allowed (prod: never).
    const options = { parent: this, protect: args.protect, retainOnDelete: !args.allowTopicDeletion };
    this.topics = Object.fromEntries(
      args.topics.map((topic) => [
        topic.name,
        new eventhub.EventHub(
          topic.name,
          {
            eventHubName: topic.name,
            namespaceName: args.namespaceName,
            resourceGroupName: args.resourceGroupName,
            partitionCount: topic.partitions,
            retentionDescription: hubRetention(topic),
            ...(topic.description ? { userMetadata: topic.description } : {}),
          },
          options,
        ),
      ]),
    );
    this.registerOutputs({ topics: Object.keys(this.topics) });
  }
}
