import { Admin } from 'kafkajs';
import { Registry } from '../../topics/ownership';
import { DesiredTopic, LiveTopic, TopicAction } from '../../topics/reconcile';
import { Coalescer, Lane } from './coalescer';
import { AdminConnection, adminFor, connectionId } from './connection';
import { readRegistry } from './ownershipOps';
import {
  applyTopicActions,
  clusterShapes,
  createTopics,
  deleteTopics,
  EXISTS,
  isUnknownTopic,
  topicOverrides,
  TopicShape,
} from './topicOps';

/**
 * One cluster as the topic provider sees it during a run: every resource's request goes through
 * here, batched (see Coalescer) and one batch at a time per cluster. kafkajs shares one metadata
 * cache per admin client; concurrent createTopics calls on it failed each other with "This server
 * does not host this topic-partition" under the real engine, which runs 8 operations at once.
 */
export class TopicCluster {
  /** Every topic's shape, read once per run and kept current with this run's own changes. */
  private shapes?: Promise<Map<string, TopicShape>>;
  /** `shapes` once read (the same map, updated in place); undefined while it is being read. */
  private shapesNow?: Map<string, TopicShape>;
  private registryRead?: Promise<Registry>;
  private brokers?: Promise<number>;
  private readonly lane = new Lane();
  private readonly describer = new Coalescer<string, LiveTopic | undefined>(
    (n) => this.describeBatch(n),
    this.lane,
  );
  // At most 50 topics a request: on one broker at load average ~30, a batch of 121 new topics had
  // no leaders within 48 s (bench:up, sharded, 1,000 topics); 300 topics in batches of 50 made it.
  private readonly creator = new Coalescer<DesiredTopic, true | typeof EXISTS>(
    (t) => this.createBatch(t),
    this.lane,
    50,
  );
  private readonly changer = new Coalescer<TopicAction, true>((a) => this.changeBatch(a), this.lane);
  private readonly deleter = new Coalescer<string, true>((n) => this.deleteBatch(n), this.lane);

  constructor(readonly connection: AdminConnection) {}

  /**
   * The topic as the cluster has it now; undefined when it does not exist. A topic absent from
   * this run's view of the cluster (read once, kept current with the run's own changes) is
   * answered without a request: the engine checks resources one at a time, and a new topic's
   * check waiting behind the batch of creates in flight held every create to one topic a batch.
   */
  describe(name: string): Promise<LiveTopic | undefined> {
    if (this.shapesNow && !this.shapesNow.has(name)) return Promise.resolve(undefined);
    return this.describer.load(name);
  }

  /**
   * Creates the topic and waits until every partition has a leader; `exists` when someone else
   * created it since this run looked (the caller decides about adoption again).
   */
  create(topic: DesiredTopic): Promise<true | typeof EXISTS> {
    return this.creator.load(topic);
  }

  /** Carries out partition growth and config changes, in order. */
  async apply(actions: readonly TopicAction[]): Promise<void> {
    for (const action of actions) {
      if (action.kind !== 'create') await this.changer.load(action);
      else if ((await this.create(action.topic)) === EXISTS) {
        throw new Error(`topic "${action.topic.name}" was created by someone else during this run`);
      }
    }
  }

  /** Deletes the topic if it exists and waits until the cluster no longer reports it. */
  async delete(name: string): Promise<void> {
    await this.deleter.load(name);
  }

  /**
   * How many brokers the cluster has, read once per run; the first call connects, so an
   * unreachable cluster fails here, in `preview`, with a message naming its brokers.
   */
  brokerCount(): Promise<number> {
    this.brokers ??= this.exclusive(async (admin) => (await admin.describeCluster()).brokers.length);
    this.brokers.catch(() => (this.brokers = undefined));
    return this.brokers;
  }

  /** Which stacks manage which topics; read at most once per run and cluster. */
  registry(): Promise<Registry> {
    this.registryRead ??= this.admin().then((admin) =>
      this.lane.exclusive(() => readRegistry(admin, this.connection)),
    );
    // A failed read is not cached: the next resource tries again.
    this.registryRead.catch(() => (this.registryRead = undefined));
    return this.registryRead;
  }

  /** Keeps this run's view of the registry current after the stack wrote its own record. */
  recordWritten(owner: string, topics: readonly string[] | null): void {
    const read = this.registryRead;
    if (!read) return;
    this.registryRead = read.then((registry) => {
      const next = new Map(registry);
      if (topics === null) next.delete(owner);
      else next.set(owner, new Set(topics));
      return next;
    });
  }

  /** Runs `fn` with the admin client, alone on this cluster. */
  async exclusive<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = await this.admin();
    return this.lane.exclusive(() => fn(admin));
  }

  private admin(): Promise<Admin> {
    return adminFor(this.connection);
  }

  /**
   * The cluster's topics and their shapes, read in one metadata request per run: later batches
   * ask only for configs, and nothing per topic reads the whole cluster again.
   */
  private knownShapes(admin: Admin, refresh = false): Promise<Map<string, TopicShape>> {
    if (refresh || !this.shapes) {
      this.shapesNow = undefined;
      const read = clusterShapes(admin);
      this.shapes = read;
      read.then(
        (map) => {
          if (this.shapes === read) this.shapesNow = map;
        },
        () => (this.shapes = undefined),
      );
    }
    return this.shapes;
  }

  private async describeBatch(names: string[]): Promise<Map<string, LiveTopic | undefined>> {
    const admin = await this.admin();
    const unique = [...new Set(names)];
    let shapes = await this.knownShapes(admin);
    let overrides: Map<string, Record<string, string>>;
    try {
      overrides = await topicOverrides(
        admin,
        unique.filter((n) => shapes.has(n)),
      );
    } catch (err) {
      // Deleted by someone else since this run read the cluster: read it again, once.
      if (!isUnknownTopic(err)) throw err;
      shapes = await this.knownShapes(admin, true);
      overrides = await topicOverrides(
        admin,
        unique.filter((n) => shapes.has(n)),
      );
    }
    return new Map(
      names.map((name) => {
        const shape = shapes.get(name);
        return [name, shape ? { name, ...shape, overrides: overrides.get(name) ?? {} } : undefined];
      }),
    );
  }

  private async createBatch(
    topics: DesiredTopic[],
  ): Promise<Map<DesiredTopic, true | typeof EXISTS | Error>> {
    const admin = await this.admin();
    const results = await createTopics(admin, topics);
    const shapes = await this.knownShapes(admin);
    for (const [topic, result] of results) {
      if (result === true)
        shapes.set(topic.name, { partitions: topic.partitions, replicationFactor: topic.replicationFactor });
    }
    // Someone else's topic: its shape is unknown here until read again.
    if ([...results.values()].includes(EXISTS)) await this.knownShapes(admin, true);
    return results;
  }

  private async changeBatch(actions: TopicAction[]): Promise<Map<TopicAction, true | Error>> {
    const admin = await this.admin();
    const results = await applyTopicActions(admin, actions);
    const shapes = await this.knownShapes(admin);
    for (const [action, result] of results) {
      const shape =
        action.kind === 'createPartitions' && result === true ? shapes.get(action.name) : undefined;
      if (shape && action.kind === 'createPartitions')
        shapes.set(action.name, { ...shape, partitions: action.to });
    }
    return results;
  }

  private async deleteBatch(names: string[]): Promise<Map<string, true | Error>> {
    const admin = await this.admin();
    const shapes = await this.knownShapes(admin);
    const results = await deleteTopics(
      admin,
      [...new Set(names)].filter((n) => shapes.has(n)),
    );
    for (const name of names) {
      if (!results.has(name)) results.set(name, true);
      if (results.get(name) === true) shapes.delete(name);
    }
    return results;
  }
}

/** The TopicCluster of a connection, one per process (every resource of a run shares it). */
export function topicClusterFor(conn: AdminConnection): TopicCluster {
  const key = Symbol.for('kafka-platform.topicClusters');
  const g = globalThis as unknown as Record<symbol, Map<string, TopicCluster> | undefined>;
  const clusters = (g[key] ??= new Map());
  const id = connectionId(conn);
  let cluster = clusters.get(id);
  if (!cluster) clusters.set(id, (cluster = new TopicCluster(conn)));
  return cluster;
}

/** Forgets every TopicCluster of this process (tests, between scenarios). */
export function forgetTopicClusters(): void {
  const g = globalThis as unknown as Record<symbol, Map<string, TopicCluster> | undefined>;
  g[Symbol.for('kafka-platform.topicClusters')]?.clear();
}
