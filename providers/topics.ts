import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../topics/catalog';

/** The options every topic resource of a stack is registered with; a backend may add its own. */
export type TopicOptions = pulumi.CustomResourceOptions & { parent: pulumi.Resource };

/**
 * How a backend registers its topics: one resource per topic (`topic`, optionally `afterTopics`),
 * or all of them at once (`all`) when its resources are not one per topic (the admin-API backends'
 * shards, kafka:topicResources sharded).
 */
export type TopicRegistration = OneResourcePerTopic | TopicsAtOnce;

/** A backend with one resource per topic. */
export type OneResourcePerTopic = {
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
  all?: never;
};

/** A backend whose resources hold several topics (or decide that per run). */
export type TopicsAtOnce = {
  /**
   * Registers every topic (and what depends on them) under `opts.parent`, named from `name`, with
   * `opts`' protection and retention semantics kept per topic; returns the resource holding each
   * topic, by topic name (several topics may share one).
   */
  all: (name: string, topics: readonly Topic[], opts: TopicOptions) => Record<string, pulumi.CustomResource>;
  topic?: never;
  afterTopics?: never;
};

/** What a backend's topic factory hands the Topics component. */
export type TopicFactory<R extends TopicRegistration> = R & Pick<TopicsArgs, 'formerType'>;

export type TopicsArgs = TopicRegistration & {
  /** The catalog's topics, already checked against the backend's limits (its catalogRules.ts). */
  topics: readonly Topic[];
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
};

/** The catalog's topics on the cluster: one resource per topic, one component for every backend. */
export class Topics extends pulumi.ComponentResource {
  /** The resource holding each topic, by topic name, so consumers of the topics can depend on them. */
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
    if (args.all) {
      this.topics = args.all(name, args.topics, options);
    } else {
      const { topic, afterTopics } = args;
      this.topics = Object.fromEntries(args.topics.map((t) => [t.name, topic(t, options)]));
      afterTopics?.(name, this.topics, this);
    }
    this.registerOutputs({ topics: args.topics.map((t) => t.name) });
  }
}
