import { Admin } from 'kafkajs';
import { isInternalTopic } from '../../topics/internalTopics';
import { LiveTopic } from '../../topics/reconcile';
import { describeTopics } from './topicOps';

/**
 * Every non-internal topic of a cluster, by name, with partitions, replication and overrides;
 * internal topics (see isInternalTopic) only by name, never described.
 */
export async function readClusterTopics(admin: Admin): Promise<{ topics: LiveTopic[]; internal: string[] }> {
  const all = (await admin.listTopics()).sort();
  const topics = await describeTopics(
    admin,
    all.filter((name) => !isInternalTopic(name)),
  );
  return {
    topics: topics.sort((a, b) => a.name.localeCompare(b.name)),
    internal: all.filter(isInternalTopic),
  };
}
