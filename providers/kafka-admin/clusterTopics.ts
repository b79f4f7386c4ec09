import { Admin } from 'kafkajs';
import { isInternalTopic } from '../../topics/internalTopics';
import { LiveTopic } from '../../topics/reconcile';
import { describeTopics } from './topicOps';

/** Every non-internal topic of a cluster, by name, with partitions, replication and overrides. */
export async function readClusterTopics(admin: Admin): Promise<LiveTopic[]> {
  const names = (await admin.listTopics()).filter((name) => !isInternalTopic(name)).sort();
  const topics = await describeTopics(admin, names);
  return topics.sort((a, b) => a.name.localeCompare(b.name));
}
