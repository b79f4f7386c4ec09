import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../topics/catalog';

/** The options every topic resource of a stack is registered with; a backend may add its own. */
export type TopicOptions = pulumi.CustomResourceOptions & { parent: pulumi.Resource };

export interface TopicsArgs {
  /** The catalog's topics, already checked against the backend's limits (its catalogRules.ts). */
  topics: readonly Topic[];
  /**
   * Registers one topic's resource (an MSK topic, an event hub, a Confluent or admin-API topic):
   * the only part that differs per backend. It must spread `opts` into the resource's options.
   */
  topic: (topic: Topic, opts: TopicOptions) => pulumi.CustomResource;
  /**
   * Registers what depends on all topics, e.g. the stack's record in the cluster's ownership
   * registry (admin-API backends), under this component and named from `name`.
   */
  afterTopics?: (
    name: string,
    topics: Record<string, pulumi.CustomResource>,
    parent: pulumi.Resource,
  ) => void;
  /** Delete topics removed from the catalog instead of only forgetting them (kafka:allowTopicDeletion). */
  allowTopicDeletion: boolean;
  /** Protect topics against deletion and replacement (kafka:protect). */
  protect: boolean;
  /**
   * The type this component had in stacks made before it was shared (`kafka-platform:msk:Topics`,
   * `kafka-platform:local:Kafka`), when it sat at the root of the stack: the alias by which
   * `pulumi up` finds those stacks' topics (and so replaces and deletes none of them).
   */
  formerType: string;
}

/** The catalog's topics on the cluster: one resource per topic, one component for every backend. */
export class Topics extends pulumi.ComponentResource {
  /** Topic resources by topic name, so consumers of the topics can depend on them. */
  readonly topics: Record<string, pulumi.CustomResource>;

  constructor(name: string, args: TopicsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      'kafka-platform:kafka:Topics',
      name,
      {},
      {
        ...opts,
        aliases: [...(opts?.aliases ?? []), { type: args.formerType, parent: pulumi.rootStackResource }],
      },
    );
    // Removed topics are forgotten, not deleted, unless deletion is allowed (prod: never).
    const options: TopicOptions = {
      parent: this,
      protect: args.protect,
      retainOnDelete: !args.allowTopicDeletion,
    };
    this.topics = Object.fromEntries(args.topics.map((topic) => [topic.name, args.topic(topic, options)]));
    args.afterTopics?.(name, this.topics, this);
    this.registerOutputs({ topics: Object.keys(this.topics) });
  }
}
