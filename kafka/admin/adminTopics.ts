import * as pulumi from '@pulumi/pulumi';
import type { TopicResources } from '../../config/stackSettings';
import { AdoptionPolicy } from '../../topics/ownership';
import { DesiredTopic } from '../../topics/reconcile';
import { AdminConnection } from './connection';
import { KafkaTopic } from './kafkaTopic';
import { KafkaTopicShard } from './kafkaTopicShard';
import { stackOwner, TopicOwnership } from './topicOwnership';
import { groupIntoShards, shardKey, shardOf } from './topicShards';

export interface AdminTopicsArgs {
  /** The catalog's topics with the replication factor each gets on this cluster. */
  topics: DesiredTopic[];
  /** Where the Pulumi runner reaches the cluster: brokers, TLS, CA. */
  connection: pulumi.Input<Omit<AdminConnection, 'sasl'>>;
  /** Who the runner is on the cluster; a secret when it names a user. */
  sasl?: pulumi.Input<AdminConnection['sasl']>;
  /** Delete topics removed from the catalog instead of only forgetting them (kafka:allowTopicDeletion). */
  allowTopicDeletion: boolean;
  /** What to do with catalog topics that already exist on the cluster (kafka:topicAdoption). */
  topicAdoption: AdoptionPolicy;
  /** Protect topics against deletion and replacement (kafka:protect). */
  protect: boolean;
  /** One engine resource per topic, or a few shards (kafka:topicResources). */
  mode: TopicResources;
  /** Replication factor of the ownership registry topic, should this stack be the first to write it. */
  registryReplicationFactor: number;
}

/**
 * The catalog's topics on a cluster reached over the Kafka admin API, as `kafka:topicResources`
 * says (one resource per topic, or shards), and the stack's record in the cluster's ownership
 * registry. Returns the resource holding each topic, by topic name. Both modes keep every
 * existing topic when the setting changes: the new resources adopt the topics the stack's
 * registry record lists, and the old ones keep them (see docs/large-catalogs.md).
 */
export function adminTopics(
  args: AdminTopicsArgs,
  opts: { parent: pulumi.Resource; ownershipName: string; shardPrefix: string },
): Record<string, pulumi.CustomResource> {
  const owner = stackOwner();
  const common = {
    connection: args.connection,
    ...(args.sasl ? { sasl: args.sasl } : {}),
    owner,
    adoption: args.topicAdoption,
  };
  let byTopic: Record<string, pulumi.CustomResource>;
  if (args.mode === 'sharded') {
    const shards = new Map(
      [...groupIntoShards(args.topics)].map(([key, topics]) => [
        key,
        // Protection is enforced per topic by the provider (a shard never goes away whole while
        // its topics stay in the catalog), so a switch of mode needs no unprotect.
        new KafkaTopicShard(
          `${opts.shardPrefix}-${key}`,
          { ...common, shard: key, topics, allowDeletion: args.allowTopicDeletion, protect: args.protect },
          { parent: opts.parent },
        ),
      ]),
    );
    byTopic = Object.fromEntries(args.topics.map((t) => [t.name, shards.get(shardKey(shardOf(t.name)))!]));
  } else {
    byTopic = Object.fromEntries(
      args.topics.map((topic) => [
        topic.name,
        new KafkaTopic(
          topic.name,
          { ...common, ...topic, allowDeletion: args.allowTopicDeletion },
          // Forgotten rather than deleted unless deletion is allowed.
          { parent: opts.parent, protect: args.protect, retainOnDelete: !args.allowTopicDeletion },
        ),
      ]),
    );
  }
  // The stack's record in the cluster's ownership registry: which topics it manages. It depends
  // on the topics, so a destroy removes the record before the topics, and an update writes it
  // before the deletions of removed topics, which run last.
  new TopicOwnership(
    opts.ownershipName,
    {
      connection: args.connection,
      ...(args.sasl ? { sasl: args.sasl } : {}),
      owner,
      topics: args.topics.map((t) => t.name).sort(),
      replicationFactor: args.registryReplicationFactor,
    },
    { parent: opts.parent, dependsOn: [...new Set(Object.values(byTopic))] },
  );
  return byTopic;
}
