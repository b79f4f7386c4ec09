import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { CONNECT_TIMEOUT_MS } from '../../kafka/endpoint';
import { AdminConnection } from '../../kafka/admin/connection';
import { KafkaTopic } from '../../kafka/admin/kafkaTopic';
import { stackOwner, TopicOwnership } from '../../kafka/admin/topicOwnership';
import { AdoptionPolicy } from '../../topics/ownership';
import { OneResourcePerTopic, TopicFactory } from '../topics';

export interface MskTopicArgs {
  /** The replication factor a catalog topic gets on this cluster (see catalogRules.ts). */
  replicationFactor(requested: number | undefined): number;
  /** Provisioned: the AWS topic API (no broker access needed). Serverless: the Kafka admin API. */
  clusterType: 'provisioned' | 'serverless';
  clusterArn: pulumi.Input<string>;
  /** IAM bootstrap servers; serverless only (the runner must reach them, see docs/msk.md). */
  bootstrapServers: pulumi.Input<string>;
  /** Region the MSK IAM tokens are signed for; serverless only. */
  region: string;
  /** Delete topics removed from the catalog on a serverless cluster (kafka:allowTopicDeletion). */
  allowTopicDeletion: boolean;
  /** What to do with catalog topics that already exist on a serverless cluster (kafka:topicAdoption). */
  topicAdoption: AdoptionPolicy;
}

/**
 * The MSK topic resource for the shared Topics component: partitions only grow, replication factors
 * never change in place.
 */
export function mskTopics(args: MskTopicArgs): TopicFactory<OneResourcePerTopic> {
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
  return {
    formerType: 'kafka-platform:msk:Topics',
    topic: (topic, options) =>
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
              replicationFactor: args.replicationFactor(topic.replicationFactor),
              configs: JSON.stringify(sortedConfigs(topic.config)),
            },
            { ...options, deleteBeforeReplace: false },
          )
        : new KafkaTopic(
            topic.name,
            {
              name: topic.name,
              partitions: topic.partitions,
              replicationFactor: args.replicationFactor(topic.replicationFactor),
              configs: topic.config,
              connection,
              sasl,
              allowDeletion: args.allowTopicDeletion,
              owner,
              adoption: args.topicAdoption,
            },
            options,
          ),
    ...(args.clusterType === 'serverless'
      ? {
          // This stack's record in the cluster's ownership registry (see the local backend); MSK
          // Serverless keeps every topic at 3 replicas.
          afterTopics: (name, topics, parent) => {
            new TopicOwnership(
              `${name}-owners`,
              {
                connection,
                sasl,
                owner,
                topics: Object.keys(topics).sort(),
                replicationFactor: 3,
              },
              { parent, dependsOn: Object.values(topics) },
            );
          },
        }
      : {}),
  };
}

function sortedConfigs(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
}
