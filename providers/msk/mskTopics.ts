import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../../topics/catalog';
import { CONNECT_TIMEOUT_MS } from '../../kafka/endpoint';
import { AdminConnection } from '../../kafka/admin/connection';
import { KafkaTopic } from '../../kafka/admin/kafkaTopic';
import { stackOwner, TopicOwnership } from '../../kafka/admin/topicOwnership';
import { AdoptionPolicy } from '../../topics/ownership';

export interface MskTopicsArgs {
  /** Catalog topics with the replication factor each gets on this cluster (see catalogRules.ts). */
  topics: { topic: Topic; replicationFactor: number }[];
  /** Provisioned: the AWS topic API (no broker access needed). Serverless: the Kafka admin API. */
  clusterType: 'provisioned' | 'serverless';
  clusterArn: pulumi.Input<string>;
  /** IAM bootstrap servers; serverless only (the runner must reach them, see docs/msk.md). */
  bootstrapServers: pulumi.Input<string>;
  /** Region the MSK IAM tokens are signed for; serverless only. */
  region: string;
  /** Delete topics removed from the catalog instead of only forgetting them (kafka:allowTopicDeletion). */
  allowTopicDeletion: boolean;
  /** What to do with catalog topics that already exist on a serverless cluster (kafka:topicAdoption). */
  topicAdoption: AdoptionPolicy;
  /** Protect topics against deletion and replacement (kafka:protect). */
  protect: boolean;
}

/** The catalog's topics on the MSK cluster; partitions only grow, replication factors never change in place. */
export class MskTopics extends pulumi.ComponentResource {
  readonly topics: Record<string, pulumi.CustomResource>;

  constructor(name: string, args: MskTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:msk:Topics', name, {}, opts);
    // Removed topics are forgotten, not deleted, unless deletion is allowed (prod: never).
    const options = { parent: this, protect: args.protect, retainOnDelete: !args.allowTopicDeletion };
    const connection: pulumi.Input<Omit<AdminConnection, 'sasl'>> = pulumi
      .output(args.bootstrapServers)
      .apply((servers) => ({
        brokers: servers.split(','),
        tls: true,
        connectTimeoutMs: CONNECT_TIMEOUT_MS.default,
      }));
    // The runner's own AWS identity signs the tokens: nothing secret in the resource.
    const sasl: AdminConnection['sasl'] = {
      mechanism: 'oauthbearer',
      provider: 'aws-msk-iam',
      region: args.region,
    };
    const owner = stackOwner();
    this.topics = Object.fromEntries(
      args.topics.map(({ topic, replicationFactor }) => [
        topic.name,
        args.clusterType === 'provisioned'
          ? // A replication factor change is a replacement for aws.msk.Topic; Pulumi creates the
            // replacement first, which MSK refuses for an existing name, so it never happens silently.
            // Partition decreases are refused by the MSK UpdateTopic API.
            new aws.msk.Topic(
              topic.name,
              {
                name: topic.name,
                clusterArn: args.clusterArn,
                partitionCount: topic.partitions,
                replicationFactor,
                configs: JSON.stringify(sortedConfigs(topic.config)),
              },
              { ...options, deleteBeforeReplace: false },
            )
          : new KafkaTopic(
              topic.name,
              {
                name: topic.name,
                partitions: topic.partitions,
                replicationFactor,
                configs: topic.config,
                connection,
                sasl,
                allowDeletion: args.allowTopicDeletion,
                owner,
                adoption: args.topicAdoption,
              },
              options,
            ),
      ]),
    );
    if (args.clusterType === 'serverless') {
      // This stack's record in the cluster's ownership registry (see LocalKafka); MSK Serverless
      // keeps every topic at 3 replicas.
      new TopicOwnership(
        `${name}-owners`,
        {
          connection,
          sasl,
          owner,
          topics: args.topics.map((t) => t.topic.name).sort(),
          replicationFactor: 3,
        },
        { parent: this, dependsOn: Object.values(this.topics) },
      );
    }
    this.registerOutputs({ topics: Object.keys(this.topics) });
  }
}

function sortedConfigs(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
}
