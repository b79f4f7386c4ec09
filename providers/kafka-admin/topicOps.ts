import { Admin, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { LiveTopic, TopicAction } from '../../topics/reconcile';

/** Reads one topic's partitions, replication factor and topic-level overrides; undefined if absent. */
export async function describeTopic(admin: Admin, name: string): Promise<LiveTopic | undefined> {
  const names = await admin.listTopics();
  if (!names.includes(name)) return undefined;
  const [live] = await describeTopics(admin, [name]);
  return live;
}

/** Reads several topics in two round trips (metadata, configs). */
export async function describeTopics(admin: Admin, names: string[]): Promise<LiveTopic[]> {
  if (names.length === 0) return [];
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const overridesByTopic = new Map(
    resources.map((r) => [
      r.resourceName,
      Object.fromEntries(
        r.configEntries
          .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && !e.isSensitive)
          .map((e) => [e.configName, e.configValue]),
      ),
    ]),
  );
  return topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.length,
    replicationFactor: Math.max(0, ...t.partitions.map((p) => p.replicas.length)),
    overrides: overridesByTopic.get(t.name) ?? {},
  }));
}

/** Carries out reconciliation actions in order; broker refusals name the topic and the reason. */
export async function applyTopicActions(admin: Admin, actions: readonly TopicAction[]): Promise<void> {
  for (const action of actions) {
    try {
      await applyTopicAction(admin, action);
    } catch (err) {
      throw explainBrokerError(action, err);
    }
  }
}

/**
 * kafkajs reports per-topic refusals (e.g. TOPIC_AUTHORIZATION_FAILED) inside an aggregate whose own
 * message is only "Topic creation errors"; lift the reasons into the message.
 */
function explainBrokerError(action: TopicAction, err: unknown): unknown {
  const inner = (err as { errors?: unknown }).errors;
  if (!(err instanceof Error) || !Array.isArray(inner) || inner.length === 0) return err;
  const name = action.kind === 'create' ? action.topic.name : action.name;
  const reasons = inner.map((e: { type?: string; message?: string }) => e.type ?? e.message ?? String(e));
  return new Error(
    `${action.kind} of topic "${name}" was refused by the broker: ${reasons.join(', ')} (${err.message})`,
  );
}

async function applyTopicAction(admin: Admin, action: TopicAction): Promise<void> {
  switch (action.kind) {
    case 'create': {
      const { topic } = action;
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: topic.name,
            numPartitions: topic.partitions,
            replicationFactor: topic.replicationFactor,
            configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      if (!created)
        throw new Error(`topic "${topic.name}" was created by someone else while this run was creating it`);
      break;
    }
    case 'createPartitions':
      await admin.createPartitions({ topicPartitions: [{ topic: action.name, count: action.to }] });
      break;
    case 'alterConfigs':
      // Legacy AlterConfigs (all kafkajs has) replaces the topic's whole override set, so
      // `configs` is already the merge of live overrides and desired values.
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: action.name,
            configEntries: Object.entries(action.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      break;
  }
}

export async function deleteTopic(admin: Admin, name: string): Promise<void> {
  const names = await admin.listTopics();
  if (names.includes(name)) await admin.deleteTopics({ topics: [name] });
}
