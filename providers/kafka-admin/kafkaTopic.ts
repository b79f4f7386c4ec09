import * as pulumi from '@pulumi/pulumi';
import { AdminConnection } from './connection';
import { topicProvider } from './topicProvider';

export interface KafkaTopicArgs {
  /** Topic name (validated by the catalog). Changing it replaces the resource. */
  name: pulumi.Input<string>;
  /** Partition count; only ever grows. */
  partitions: pulumi.Input<number>;
  /** Replication factor; never changed in place. */
  replicationFactor: pulumi.Input<number>;
  /** Managed topic configs in Kafka string form; others set on the topic are left alone. */
  configs: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Admin connection of the Pulumi runner; its password makes the whole property secret. */
  connection: pulumi.Input<AdminConnection>;
  /** Delete the topic when the resource goes away (kafka:allowTopicDeletion). */
  allowDeletion: pulumi.Input<boolean>;
}

/**
 * A Kafka topic managed through the Kafka admin API. Used where no cloud-native topic resource
 * exists: the `local` backend and MSK Serverless.
 */
export class KafkaTopic extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly partitions: pulumi.Output<number>;
  declare readonly replicationFactor: pulumi.Output<number>;

  constructor(name: string, args: KafkaTopicArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      topicProvider,
      name,
      { ...args },
      {
        ...opts,
        additionalSecretOutputs: ['connection'],
      },
      'kafka',
      'Topic',
    );
  }
}
