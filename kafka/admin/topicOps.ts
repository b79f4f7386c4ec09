import { Admin, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { DesiredTopic, LiveTopic, TopicAction } from '../../topics/reconcile';

/**
 * Topic operations on the Kafka admin API, each for many topics in one request. Side effects
 * only: what to do is decided in topics/reconcile.ts. Per-topic refusals come back as an Error
 * per topic that names it and the broker's reason.
 */

const WAIT_MS = 30_000;
/** Extra wait for leaders per partition of a batch (a busy broker creates them one by one). */
const PER_PARTITION_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads one topic's partitions, replication factor and topic-level overrides; undefined if absent. */
export async function describeTopic(admin: Admin, name: string): Promise<LiveTopic | undefined> {
  const names = await admin.listTopics();
  if (!names.includes(name)) return undefined;
  const [live] = await describeTopics(admin, [name]);
  return live;
}

/** A topic's partition count and replication factor, as cluster metadata reports them. */
export type TopicShape = Pick<LiveTopic, 'partitions' | 'replicationFactor'>;

/** Reads existing topics in two round trips (metadata, configs). Every name must exist. */
export async function describeTopics(admin: Admin, names: string[]): Promise<LiveTopic[]> {
  if (names.length === 0) return [];
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const overrides = await topicOverrides(admin, names);
  return topics.map((t) => ({
    name: t.name,
    ...shapeOf(t.partitions),
    overrides: overrides.get(t.name) ?? {},
  }));
}

/** Every topic of the cluster with its shape, in one metadata request. */
export async function clusterShapes(admin: Admin): Promise<Map<string, TopicShape>> {
  const { topics } = await admin.fetchTopicMetadata();
  return new Map(topics.map((t) => [t.name, shapeOf(t.partitions)]));
}

/** Topic-level overrides (not broker defaults) of existing topics, in one request. */
export async function topicOverrides(
  admin: Admin,
  names: string[],
): Promise<Map<string, Record<string, string>>> {
  if (names.length === 0) return new Map();
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  return new Map(
    resources.map((r) => [
      r.resourceName,
      Object.fromEntries(
        r.configEntries
          .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && !e.isSensitive)
          .map((e) => [e.configName, e.configValue]),
      ),
    ]),
  );
}

function shapeOf(partitions: { replicas: number[] }[]): TopicShape {
  return {
    partitions: partitions.length,
    replicationFactor: Math.max(0, ...partitions.map((p) => p.replicas.length)),
  };
}

/** The broker does not (yet, or any more) know the topic. */
export function isUnknownTopic(err: unknown): boolean {
  const type = (err as { type?: string } | undefined)?.type;
  return type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
}

/** A topic found on the cluster when this run tried to create it (someone else was faster). */
export const EXISTS = 'exists' as const;

/**
 * Creates topics in one request and waits until each has a leader for every partition. kafkajs'
 * own wait gives up on the first "This server does not host this topic-partition", which a KRaft
 * broker answers while its metadata catches up; this one keeps asking. A topic that turns out to
 * exist already is reported as `exists`, for the caller to decide about adoption again.
 */
export async function createTopics(
  admin: Admin,
  topics: readonly DesiredTopic[],
): Promise<Map<DesiredTopic, true | typeof EXISTS | Error>> {
  const results = new Map<DesiredTopic, true | typeof EXISTS | Error>();
  if (topics.length === 0) return results;
  const request = (list: readonly DesiredTopic[]) =>
    admin.createTopics({
      waitForLeaders: false,
      timeout: WAIT_MS,
      topics: list.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
      })),
    });
  let created: boolean;
  try {
    created = await request(topics);
  } catch (err) {
    // Some topics were refused: ask again one by one, so each gets its own answer.
    if (topics.length === 1) return new Map([[topics[0]!, brokerRefusal('create', topics[0]!.name, err)]]);
    for (const topic of topics) {
      const [result] = (await createTopics(admin, [topic])).values();
      results.set(topic, result!);
    }
    return results;
  }
  if (!created) {
    // kafkajs answers false when every refusal was TOPIC_ALREADY_EXISTS, without saying which.
    if (topics.length === 1) return new Map([[topics[0]!, EXISTS]]);
    const existing = new Set(await admin.listTopics());
    for (const topic of topics) {
      const [result] = existing.has(topic.name) ? [EXISTS] : (await createTopics(admin, [topic])).values();
      results.set(topic, result!);
    }
    return results;
  }
  await waitForLeaders(
    admin,
    topics.map((t) => t.name),
  );
  for (const topic of topics) results.set(topic, true);
  return results;
}

/**
 * Waits until the cluster reports each topic with a leader for every partition, and with at least
 * `partitions[name]` partitions where given (a broker's metadata follows the controller shortly
 * after a change is accepted).
 */
async function waitForLeaders(
  admin: Admin,
  names: string[],
  partitions: ReadonlyMap<string, number> = new Map(),
): Promise<void> {
  // The deadline counts from the last progress: a batch of hundreds of topics on a busy broker
  // takes longer than 30 s in all, while a stuck topic still fails 30 s after the last one got ready.
  // A broker makes every partition's log and leader: a big batch gets time for each of them.
  const partitionCount = names.reduce((sum, n) => sum + (partitions.get(n) ?? 1), 0);
  let deadline = Date.now() + WAIT_MS + PER_PARTITION_MS * partitionCount;
  let readyBefore = -1;
  let waiting = names;
  for (;;) {
    // The controller has just accepted the change; the broker learns of it a moment later.
    await sleep(50);
    try {
      // The whole cluster's metadata: asking for named topics fails while any one is unknown.
      const { topics } = await admin.fetchTopicMetadata();
      const ready = new Set(
        topics
          .filter(
            (t) =>
              t.partitions.length >= (partitions.get(t.name) ?? 1) &&
              t.partitions.every((p) => p.leader >= 0),
          )
          .map((t) => t.name),
      );
      waiting = names.filter((n) => !ready.has(n));
      if (waiting.length === 0) return;
      if (names.length - waiting.length > readyBefore) {
        readyBefore = names.length - waiting.length;
        deadline = Date.now() + WAIT_MS;
      }
    } catch (err) {
      if (!isUnknownTopic(err)) throw err;
    }
    if (Date.now() > deadline) {
      const shown =
        waiting.slice(0, 10).join(', ') + (waiting.length > 10 ? ` and ${waiting.length - 10} more` : '');
      throw new Error(`topics ${shown} have no leader ${WAIT_MS / 1000} s after the change`);
    }
    await sleep(50);
  }
}

/**
 * Grows partitions and rewrites configs: all partition changes in one request, all config
 * changes in another. A refused batch is retried action by action so each gets its own answer.
 */
export async function applyTopicActions(
  admin: Admin,
  actions: readonly TopicAction[],
): Promise<Map<TopicAction, true | Error>> {
  const results = new Map<TopicAction, true | Error>();
  const growth = actions.filter((a) => a.kind === 'createPartitions');
  const configs = actions.filter((a) => a.kind === 'alterConfigs');
  for (const a of actions) {
    if (a.kind === 'create') results.set(a, new Error(`topic "${a.topic.name}": create is not a change`));
  }
  const attempt = async <A extends Exclude<TopicAction, { kind: 'create' }>>(
    list: A[],
    run: (list: A[]) => Promise<unknown>,
  ) => {
    if (list.length === 0) return;
    try {
      await run(list);
      for (const a of list) results.set(a, true);
    } catch (err) {
      if (list.length === 1) {
        results.set(list[0]!, brokerRefusal(list[0]!.kind, list[0]!.name, err));
        return;
      }
      for (const a of list) await attempt([a], run);
    }
  };
  await attempt(growth, async (list) => {
    await admin.createPartitions({
      validateOnly: false,
      timeout: WAIT_MS,
      topicPartitions: list.map((a) => ({ topic: a.name, count: a.to })),
    });
    await waitForLeaders(
      admin,
      list.map((a) => a.name),
      new Map(list.map((a) => [a.name, a.to])),
    );
  });
  // Legacy AlterConfigs (all kafkajs has) replaces a topic's whole override set, so `configs`
  // is already the merge of live overrides and desired values.
  await attempt(configs, (list) =>
    admin.alterConfigs({
      validateOnly: false,
      resources: list.map((a) => ({
        type: ConfigResourceTypes.TOPIC,
        name: a.name,
        configEntries: Object.entries(a.configs).map(([name, value]) => ({ name, value })),
      })),
    }),
  );
  return results;
}

/** Deletes existing topics in one request and waits until the cluster no longer reports them. */
export async function deleteTopics(
  admin: Admin,
  names: readonly string[],
): Promise<Map<string, true | Error>> {
  const results = new Map<string, true | Error>();
  if (names.length === 0) return results;
  try {
    await admin.deleteTopics({ topics: [...names], timeout: WAIT_MS });
  } catch (err) {
    if (names.length === 1) return new Map([[names[0]!, brokerRefusal('delete', names[0]!, err)]]);
    for (const name of names) {
      const [result] = (await deleteTopics(admin, [name])).values();
      results.set(name, result!);
    }
    return results;
  }
  // Kafka deletes asynchronously; a topic of the same name created before it is gone would fail.
  const deadline = Date.now() + WAIT_MS;
  let remaining = [...names];
  while (remaining.length > 0 && Date.now() < deadline) {
    const present = new Set(await admin.listTopics());
    remaining = remaining.filter((n) => present.has(n));
    if (remaining.length > 0) await sleep(100);
  }
  for (const name of names) {
    results.set(
      name,
      remaining.includes(name)
        ? new Error(`topic "${name}" is still being deleted after ${WAIT_MS / 1000} s`)
        : true,
    );
  }
  return results;
}

/**
 * kafkajs reports per-topic refusals (e.g. TOPIC_AUTHORIZATION_FAILED) inside an aggregate whose
 * own message is only "Topic creation errors"; this names the topic and lifts the reasons.
 */
export function brokerRefusal(kind: TopicAction['kind'] | 'delete', name: string, err: unknown): Error {
  const inner = (err as { errors?: unknown }).errors;
  const reasons = Array.isArray(inner)
    ? inner.map((e: { type?: string; message?: string }) => e.type ?? e.message ?? String(e)).join(', ')
    : ((err as { type?: string }).type ?? '');
  const message = err instanceof Error ? err.message : String(err);
  const what =
    kind === 'createPartitions' ? 'partition increase' : kind === 'alterConfigs' ? 'config change' : kind;
  return new Error(
    `${what} of topic "${name}" was refused by the broker: ${reasons ? `${reasons} (${message})` : message}`,
  );
}
