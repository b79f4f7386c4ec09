import * as eventhub from '@pulumi/azure-native/eventhub';
import * as pulumi from '@pulumi/pulumi';
import { OneResourcePerTopic, TopicFactory } from '../topics';
import { hubRetention } from './catalogRules';

export interface EventHubsTopicArgs {
  /** The namespace's name output, so every event hub waits for the namespace. */
  namespaceName: pulumi.Input<string>;
  /** The namespace's resource group (part of every event hub's ARM id). */
  resourceGroupName: pulumi.Input<string>;
}

/**
 * One event hub per catalog topic, with the topic's partitions and its retention or compaction, for
 * the shared Topics component. Partition changes Azure cannot make are refused before this runs
 * (EventHubsGuard).
 */
export function eventHubsTopics(args: EventHubsTopicArgs): TopicFactory<OneResourcePerTopic> {
  return {
    formerType: 'kafka-platform:eventhubs:Topics',
    topic: (topic, options) =>
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
  };
}
