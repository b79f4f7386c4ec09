import * as pulumi from '@pulumi/pulumi';
import { DesiredTopic, reconcileCreate, reconcileUpdate, refuseUnsafeChange } from '../../topics/reconcile';
import { AdminConnection, adminFor } from './connection';
import { applyTopicActions, deleteTopic, describeTopic } from './topicOps';

/** The plain inputs (and outputs) of a topic managed through the Kafka admin API. */
export interface TopicProps extends DesiredTopic {
  connection: AdminConnection;
  /** Whether removing the resource deletes the topic; otherwise it is only dropped from state. */
  allowDeletion: boolean;
}

/**
 * Pulumi dynamic provider for Kafka topics over the admin API (kafkajs). Side effects only;
 * every decision is made by the pure functions in topics/reconcile.ts.
 */
export class TopicProvider implements pulumi.dynamic.ResourceProvider<TopicProps, TopicProps> {
  /** Refuses unsafe changes before any diff or update touches the cluster. */
  async check(olds: Partial<TopicProps>, news: TopicProps): Promise<pulumi.dynamic.CheckResult<TopicProps>> {
    if (olds.name === news.name && olds.partitions !== undefined && olds.replicationFactor !== undefined) {
      const refusal = refuseUnsafeChange(
        { partitions: olds.partitions, replicationFactor: olds.replicationFactor },
        news,
      );
      if (refusal) {
        const property = news.partitions < olds.partitions ? 'partitions' : 'replicationFactor';
        return { inputs: news, failures: [{ property, reason: refusal }] };
      }
    }
    return { inputs: news };
  }

  async diff(_id: string, olds: TopicProps, news: TopicProps): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.name !== news.name ? ['name'] : [];
    const changed =
      replaces.length > 0 ||
      olds.partitions !== news.partitions ||
      olds.replicationFactor !== news.replicationFactor ||
      olds.allowDeletion !== news.allowDeletion ||
      JSON.stringify(sorted(olds.configs)) !== JSON.stringify(sorted(news.configs)) ||
      JSON.stringify(olds.connection) !== JSON.stringify(news.connection);
    return { changes: changed, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: TopicProps): Promise<pulumi.dynamic.CreateResult<TopicProps>> {
    const admin = await adminFor(inputs.connection);
    const result = reconcileCreate(inputs, await describeTopic(admin, inputs.name));
    if (result.refusal !== undefined) throw new Error(result.refusal);
    await applyTopicActions(admin, result.actions);
    return { id: inputs.name, outs: inputs };
  }

  async update(
    _id: string,
    olds: TopicProps,
    news: TopicProps,
  ): Promise<pulumi.dynamic.UpdateResult<TopicProps>> {
    const admin = await adminFor(news.connection);
    const result = reconcileUpdate(
      news,
      await describeTopic(admin, news.name),
      Object.keys(olds.configs ?? {}),
    );
    if (result.refusal !== undefined) throw new Error(result.refusal);
    await applyTopicActions(admin, result.actions);
    return { outs: news };
  }

  async delete(_id: string, props: TopicProps): Promise<void> {
    if (!props.allowDeletion) return;
    await deleteTopic(await adminFor(props.connection), props.name);
  }
}

function sorted(obj: Record<string, string> | undefined): [string, string][] {
  return Object.entries(obj ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

/** One provider instance: Pulumi serializes it once per run and caches it. */
export const topicProvider = new TopicProvider();
