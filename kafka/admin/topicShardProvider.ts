import type * as pulumi from '@pulumi/pulumi';
import {
  Adoption,
  AdoptionPolicy,
  decideAdoption,
  decideDeletion,
  describeAdoption,
  otherManagers,
  Registry,
} from '../../topics/ownership';
import { observedTopic, reconcileUpdate } from '../../topics/reconcile';
import { warn } from './engineLog';
import { connectionOf, plainCopy, SplitConnection } from './props';
import { userFacing } from './providerError';
import { configFlag, setRunConfig } from './runConfig';
import { TopicCluster, topicClusterFor } from './topicCluster';
import { EXISTS } from './topicOps';
import { replicationProblem } from './topicProvider';
import { named, protectedRemoval, shardChanges, shardRefusals, ShardTopic } from './topicShards';

/** The inputs of one shard: a group of catalog topics managed as one engine resource. */
export interface ShardProps extends SplitConnection {
  /** The shard's key (`00`..`15`), which topics hash to (see topicShards.ts). */
  shard: string;
  /** The shard's topics by name. */
  topics: Record<string, ShardTopic>;
  /** Whether a topic leaving the catalog may be deleted (kafka:allowTopicDeletion of the last update). */
  allowDeletion: boolean;
  /** kafka:protect: no topic may leave the stack, not even to be forgotten. */
  protect: boolean;
  /** The managing stack, `organization/project/stack`: its key in the ownership registry. */
  owner?: string;
  /** What to do when a topic already exists (kafka:topicAdoption). Default `unmanaged`. */
  adoption?: AdoptionPolicy;
}

/** What the state holds: the inputs, and which topics existed before the stack (adopted). */
export interface ShardState extends ShardProps {
  /** Names of the shard's topics that existed before this stack managed them. */
  adopted?: string[];
}

const ALLOW_DELETION_KEY = 'kafka:allowTopicDeletion';

/**
 * A shard of topics as a Pulumi dynamic provider. Each operation works on all of the shard's
 * topics at once through the run's TopicCluster, whose requests are batched across shards (one
 * describe, create or alter per batch), while every decision stays per topic: the same plain
 * functions as the per-topic provider (topics/reconcile.ts, topics/ownership.ts) decide adoption,
 * refusals, updates and deletions of each topic, and every failure names its topic.
 */
export class TopicShardProvider implements pulumi.dynamic.ResourceProvider<ShardProps, ShardState> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    setRunConfig(req.config);
  }

  /**
   * Refuses unsafe catalog changes (every topic's, at once) before anything is touched, and looks
   * at the cluster for topics new to the stack: one that differs from the catalog or that another
   * stack manages fails the preview; one that will be adopted is said so.
   */
  async check(olds: Partial<ShardProps>, news: ShardProps): Promise<pulumi.dynamic.CheckResult<ShardProps>> {
    const inputs = plainCopy(news, 'adopted');
    const previous = olds.topics ?? {};
    // No property: the engine would print the value of a path it cannot look up ("{<nil>}");
    // each reason names its topic.
    const failures = shardRefusals(previous, inputs.topics, inputs.protect || olds.protect === true).map(
      ({ reason }) => ({ property: '', reason }),
    );
    const connection = connectionOf(inputs);
    const added = Object.keys(inputs.topics).filter((n) => !(n in previous));
    if (failures.length > 0 || added.length === 0 || !isKnown(connection)) {
      return failures.length > 0 ? { inputs, failures } : { inputs };
    }
    try {
      const cluster = topicClusterFor(connection);
      const brokers = await cluster.brokerCount();
      const decisions = await this.adoptions(cluster, inputs, added);
      for (const name of added) {
        const tooFew = replicationProblem(named(name, inputs.topics[name]!), brokers, connection);
        const decision = decisions.get(name)!;
        if (tooFew) failures.push({ property: '', reason: tooFew });
        else if (decision.kind === 'refuse') failures.push({ property: '', reason: decision.reason });
      }
      if (failures.length > 0) return { inputs, failures };
      for (const name of added) {
        const said = describeAdoption(name, decisions.get(name)!);
        if (said) await warn(said);
      }
      return { inputs };
    } catch (err) {
      return { inputs, failures: [{ property: 'connection', reason: messageOf(err) }] };
    }
  }

  /** A shard changes when any of its topics, or a setting it carries, does. Never replaced. */
  async diff(_id: string, olds: ShardState, news: ShardProps): Promise<pulumi.dynamic.DiffResult> {
    const { added, removed, changed } = shardChanges(olds.topics ?? {}, news.topics);
    const changes =
      added.length + removed.length + changed.size > 0 ||
      olds.allowDeletion !== news.allowDeletion ||
      olds.protect !== news.protect ||
      (olds.owner ?? '') !== (news.owner ?? '') ||
      (olds.adoption ?? 'unmanaged') !== (news.adoption ?? 'unmanaged') ||
      JSON.stringify(olds.connection) !== JSON.stringify(news.connection) ||
      JSON.stringify(olds.sasl ?? null) !== JSON.stringify(news.sasl ?? null);
    return { changes, replaces: [], deleteBeforeReplace: false };
  }

  async create(inputs: ShardProps): Promise<pulumi.dynamic.CreateResult<ShardState>> {
    const props = plainCopy(inputs, 'adopted');
    const cluster = topicClusterFor(connectionOf(props));
    const adopted = await this.add(cluster, props, Object.keys(props.topics));
    return { id: `${props.owner ?? ''}#${props.shard}`, outs: { ...props, adopted } };
  }

  /** `pulumi refresh`: every topic of the shard as the cluster has it; topics gone are dropped. */
  async read(id: string, props?: ShardState): Promise<pulumi.dynamic.ReadResult<ShardState>> {
    if (!props?.connection) return { id, ...(props ? { props } : {}) };
    const state = plainCopy(props, 'adopted') as ShardState;
    const cluster = topicClusterFor(connectionOf(state));
    const names = Object.keys(state.topics);
    const live = await Promise.all(names.map((n) => cluster.describe(n)));
    const topics: Record<string, ShardTopic> = {};
    names.forEach((name, i) => {
      const found = live[i];
      // A topic deleted outside Pulumi leaves the state; the next `up` creates it again.
      if (!found) return;
      const { name: _name, ...observed } = observedTopic(named(name, state.topics[name]!), found);
      topics[name] = observed;
    });
    const inputs = { ...state, topics };
    const adopted = (props.adopted ?? []).filter((n) => n in topics);
    return { id, props: { ...inputs, adopted }, inputs };
  }

  async update(
    _id: string,
    olds: ShardState,
    news: ShardProps,
  ): Promise<pulumi.dynamic.UpdateResult<ShardState>> {
    const props = plainCopy(news, 'adopted');
    const cluster = topicClusterFor(connectionOf(props));
    const { added, removed, changed } = shardChanges(olds.topics ?? {}, props.topics);
    const problems: string[] = [];
    // Topics that left the catalog: a topic never moves between shards (fixed count, stable hash).
    if (removed.length > 0) {
      if (olds.protect || props.protect) throw new Error(removed.map(protectedRemoval).join('; '));
      // Deleted only where the state already allowed it (the per-topic mode's retainOnDelete).
      if (olds.allowDeletion) {
        problems.push(...(await this.remove(cluster, { ...olds, owner: props.owner }, removed, false)));
      }
    }
    const live = await Promise.all([...changed.keys()].map((n) => cluster.describe(n)));
    const results = await Promise.allSettled(
      [...changed.keys()].map(async (name, i) => {
        const result = reconcileUpdate(
          named(name, props.topics[name]!),
          live[i],
          Object.keys(olds.topics?.[name]?.configs ?? {}),
        );
        if (result.refusal !== undefined) throw new Error(result.refusal);
        await cluster.apply(result.actions);
      }),
    );
    problems.push(...failuresOf(results));
    let adopted = (olds.adopted ?? []).filter((n) => n in props.topics);
    try {
      adopted = [...adopted, ...(await this.add(cluster, props, added))].sort();
    } catch (err) {
      problems.push(messageOf(err));
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
    return { outs: { ...props, adopted } };
  }

  /**
   * The shard leaves the stack (destroy, or a switch to per-topic resources): each topic is
   * deleted only when deletion is allowed and no stack, this one included, still lists it in the
   * ownership registry; a topic this stack's record still lists has moved to a per-topic resource.
   */
  async delete(_id: string, props: ShardState): Promise<void> {
    if (!props?.connection) return;
    const state = plainCopy(props, 'adopted');
    const cluster = topicClusterFor(connectionOf(state));
    const names = Object.keys(state.topics ?? {});
    const registry = await cluster.registry();
    const ours = registry.get(state.owner ?? '') ?? new Set<string>();
    const leaving = names.filter((n) => !ours.has(n));
    if (state.protect && leaving.length > 0) throw new Error(leaving.map(protectedRemoval).join('; '));
    if (!state.allowDeletion) {
      if (leaving.length > 0)
        await warn(
          `${leaving.length} topic(s) of shard ${state.shard} kept on the cluster: kafka:allowTopicDeletion is false`,
        );
      return;
    }
    const problems = await this.remove(cluster, state, names, true, registry);
    if (problems.length > 0) throw new Error(problems.join('; '));
  }

  /** Creates or adopts `names`; returns those adopted. Every refusal names its topic. */
  private async add(cluster: TopicCluster, props: ShardProps, names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const decisions = await this.adoptions(cluster, props, names);
    const results = await Promise.allSettled(
      names.map(async (name): Promise<boolean> => {
        let decision = decisions.get(name)!;
        const desired = named(name, props.topics[name]!);
        // Created by someone else since this run listed the cluster's topics: decide again.
        if (decision.kind === 'create' && (await cluster.create(desired)) === EXISTS) {
          decision = (await this.adoptions(cluster, props, [name])).get(name)!;
          if (decision.kind === 'create')
            throw new Error(`topic "${name}" appeared and vanished during this run`);
        }
        if (decision.kind === 'refuse') throw new Error(decision.reason);
        return decision.kind === 'adopt';
      }),
    );
    const problems = failuresOf(results);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return names.filter((_, i) => (results[i] as PromiseFulfilledResult<boolean>).value).sort();
  }

  /** Deletes topics that may go (see decideDeletion); returns the problems, each naming its topic. */
  private async remove(
    cluster: TopicCluster,
    state: ShardProps,
    names: string[],
    checkOwnRecord: boolean,
    known?: Registry,
  ): Promise<string[]> {
    const allowed = configFlag(ALLOW_DELETION_KEY) ?? state.allowDeletion;
    const registry = allowed ? (known ?? (await cluster.registry())) : new Map<string, ReadonlySet<string>>();
    const owner = state.owner ?? '';
    const results = await Promise.allSettled(
      names.map(async (name) => {
        const decision = decideDeletion(
          name,
          allowed,
          otherManagers(registry, name, owner),
          checkOwnRecord && (registry.get(owner)?.has(name) ?? false),
        );
        if (decision.delete) await cluster.delete(name);
        return decision;
      }),
    );
    const kept = results.filter(
      (r): r is PromiseFulfilledResult<{ delete: boolean; reason: string }> =>
        r.status === 'fulfilled' && !r.value.delete,
    );
    if (kept.length > 0 && allowed) {
      await warn(kept.map((r) => r.value.reason).join('; '));
    }
    return failuresOf(results);
  }

  /** Adoption decisions of `names`, from one batched describe and at most one registry read. */
  private async adoptions(
    cluster: TopicCluster,
    props: ShardProps,
    names: string[],
  ): Promise<Map<string, Adoption>> {
    const live = await Promise.all(names.map((n) => cluster.describe(n)));
    const registry: Registry = live.some(Boolean) ? await cluster.registry() : new Map();
    const owner = props.owner ?? '';
    return new Map(
      names.map((name, i) => [
        name,
        decideAdoption(
          named(name, props.topics[name]!),
          live[i],
          otherManagers(registry, name, owner),
          registry.get(owner)?.has(name) ?? false,
          props.adoption ?? 'unmanaged',
        ),
      ]),
    );
  }
}

/** The distinct failures (a failed batch fails each of its topics with the same message). */
function failuresOf(results: PromiseSettledResult<unknown>[]): string[] {
  return [
    ...new Set(
      results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => messageOf(r.reason)),
    ),
  ];
}

/** Pulumi marks values not known before an update with this sentinel. */
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

function isKnown(conn: unknown): boolean {
  return (
    typeof conn === 'object' &&
    conn !== null &&
    Array.isArray((conn as { brokers?: unknown }).brokers) &&
    !JSON.stringify(conn).includes(UNKNOWN)
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The provider instance the engine's provider host loads (see KafkaTopicShard). */
export const topicShardProvider = userFacing(new TopicShardProvider());
