import type * as pulumi from '@pulumi/pulumi';
import {
  AdoptionPolicy,
  decideAdoption,
  decideDeletion,
  describeAdoption,
  otherManagers,
} from '../../topics/ownership';
import {
  DesiredTopic,
  observedTopic,
  reconcileUpdate,
  refuseUnsafeChange,
  topicDifferences,
} from '../../topics/reconcile';
import { AdminConnection, connectionId } from './connection';
import { warn } from './engineLog';
import { isLegacyProvider } from './hostProviders';
import { connectionOf, plainCopy, SplitConnection } from './props';
import { userFacing } from './providerError';
import { configFlag, configValue, setRunConfig } from './runConfig';
import { TopicCluster, topicClusterFor } from './topicCluster';
import { EXISTS } from './topicOps';

/** The inputs of a topic managed through the Kafka admin API. */
export interface TopicProps extends DesiredTopic, SplitConnection {
  /**
   * Whether removing the resource may delete the topic. Today's kafka:allowTopicDeletion, read
   * when the delete runs, takes precedence; this is the value of the last update.
   */
  allowDeletion: boolean;
  /** The managing stack, `organization/project/stack`: its key in the ownership registry. */
  owner?: string;
  /** What to do when the topic already exists (kafka:topicAdoption). Default `unmanaged`. */
  adoption?: AdoptionPolicy;
}

/** What the state holds for a topic: its inputs, and whether it existed before this resource. */
export interface TopicState extends TopicProps {
  /** The topic existed when this resource was created (it was adopted, not created). */
  adopted?: boolean;
}

type Raw = Record<string, unknown>;

/** Stack config key that decides deletions at the time they run. */
const ALLOW_DELETION_KEY = 'kafka:allowTopicDeletion';

/**
 * Kafka topics as a Pulumi dynamic provider, loaded in the engine's provider host (see
 * hostProviders.ts). Side effects only; what to do is decided by the plain functions in
 * topics/reconcile.ts and topics/ownership.ts. Every cluster call goes through a TopicCluster,
 * which batches the requests of all topics of a run.
 */
export class TopicProvider implements pulumi.dynamic.ResourceProvider<TopicProps, TopicState> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    setRunConfig(req.config);
  }

  /**
   * Refuses unsafe catalog changes before anything is touched, and, for a topic new to this
   * stack, looks at the cluster: an existing topic that differs from the catalog, or that
   * another stack manages, fails the preview; one that will be adopted is said so.
   */
  async check(olds: Partial<TopicProps>, news: TopicProps): Promise<pulumi.dynamic.CheckResult<TopicProps>> {
    const inputs = plainProps(news);
    const isNew = olds.name === undefined || olds.partitions === undefined;
    if (!isNew && olds.name === news.name && olds.replicationFactor !== undefined) {
      const refusal = refuseUnsafeChange(
        { partitions: olds.partitions!, replicationFactor: olds.replicationFactor },
        news,
      );
      if (refusal) {
        const property = news.partitions < olds.partitions! ? 'partitions' : 'replicationFactor';
        return { inputs, failures: [{ property, reason: refusal }] };
      }
    }
    // In a preview the brokers of a cluster that does not exist yet are unknown: nothing to look at.
    const connection = connectionOf(inputs);
    if (!isKnown(connection)) return { inputs };
    try {
      // Every topic's check reads the cluster (once per run): a wrong address fails the preview,
      // not the `up` after it.
      const cluster = topicClusterFor(connection);
      const brokers = await cluster.brokerCount();
      if (!isNew) return { inputs };
      const tooFew = replicationProblem(inputs, brokers, connection);
      if (tooFew) return { inputs, failures: [{ property: 'replicationFactor', reason: tooFew }] };
      const adoption = await this.adoption(cluster, inputs);
      if (adoption.kind === 'refuse')
        return { inputs, failures: [{ property: 'name', reason: adoption.reason }] };
      const said = describeAdoption(inputs.name, adoption);
      if (said) await warn(said);
      return { inputs };
    } catch (err) {
      return { inputs, failures: [{ property: 'connection', reason: withSetting(messageOf(err)) }] };
    }
  }

  /**
   * Compares the state (live values after a refresh) with the catalog. A topic's identity is its
   * name: a replacement deletes first, so two resources never hold the same topic.
   */
  async diff(_id: string, olds: TopicState, news: TopicProps): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.name !== news.name ? ['name'] : [];
    const legacy = isLegacyProvider((olds as unknown as Raw).__provider);
    const changed =
      replaces.length > 0 ||
      // State written by an older, fully serialised provider is rewritten once.
      legacy ||
      topicDifferences(olds, news).length > 0 ||
      olds.allowDeletion !== news.allowDeletion ||
      (olds.owner ?? '') !== (news.owner ?? '') ||
      (olds.adoption ?? 'unmanaged') !== (news.adoption ?? 'unmanaged') ||
      sameConnection(olds.connection && connectionOf(olds), connectionOf(news)) === false;
    return { changes: changed, replaces, deleteBeforeReplace: true };
  }

  async create(inputs: TopicProps): Promise<pulumi.dynamic.CreateResult<TopicState>> {
    const props = plainProps(inputs);
    const cluster = topicClusterFor(connectionOf(props));
    let adoption = await this.adoption(cluster, props);
    // Created by someone else since this run listed the cluster's topics: decide again.
    if (adoption.kind === 'create' && (await cluster.create(desiredOf(props))) === EXISTS) {
      adoption = await this.adoption(cluster, props);
      if (adoption.kind === 'create')
        throw new Error(`topic "${props.name}" appeared and vanished during this run`);
    }
    if (adoption.kind === 'refuse') throw new Error(adoption.reason);
    return { id: props.name, outs: { ...props, adopted: adoption.kind === 'adopt' } };
  }

  /** `pulumi refresh`: the live topic, or nothing when it was deleted outside Pulumi. */
  async read(id: string, props?: TopicState): Promise<pulumi.dynamic.ReadResult<TopicState>> {
    if (!props?.connection) return { id, ...(props ? { props } : {}) };
    const state = plainProps(props) as TopicState;
    if (props.adopted !== undefined) state.adopted = props.adopted;
    const live = await topicClusterFor(connectionOf(state)).describe(state.name);
    // An empty id tells the engine the topic is gone; the next `up` creates it again.
    if (!live) return { id: '', props: {} as TopicState };
    const observed = { ...state, ...observedTopic(state, live) };
    // Inputs follow the live topic too, so the next preview shows exactly what `up` will change.
    const { adopted: _adopted, ...inputs } = observed;
    return { id, props: observed, inputs: inputs as TopicState };
  }

  async update(
    _id: string,
    olds: TopicState,
    news: TopicProps,
  ): Promise<pulumi.dynamic.UpdateResult<TopicState>> {
    const props = plainProps(news);
    const cluster = topicClusterFor(connectionOf(props));
    const result = reconcileUpdate(
      desiredOf(props),
      await cluster.describe(props.name),
      Object.keys(olds.configs ?? {}),
    );
    if (result.refusal !== undefined) throw new Error(result.refusal);
    await cluster.apply(result.actions);
    return { outs: { ...props, adopted: olds.adopted ?? false } };
  }

  /**
   * Deletes the topic only when today's kafka:allowTopicDeletion allows it and no other stack
   * manages it; otherwise the topic stays and only leaves this stack's state.
   */
  async delete(_id: string, props: TopicState): Promise<void> {
    if (!props?.connection) return;
    const state = plainProps(props);
    const allowed = configFlag(ALLOW_DELETION_KEY) ?? state.allowDeletion;
    const cluster = topicClusterFor(connectionOf(state));
    const registry =
      allowed && state.owner ? await cluster.registry() : new Map<string, ReadonlySet<string>>();
    const owner = state.owner ?? '';
    const decision = decideDeletion(
      state.name,
      allowed,
      otherManagers(registry, state.name, owner),
      registry.get(owner)?.has(state.name) ?? false,
    );
    if (decision.delete) await cluster.delete(state.name);
    else if (allowed || state.allowDeletion) await warn(decision.reason);
  }

  private async adoption(cluster: TopicCluster, props: TopicProps) {
    const live = await cluster.describe(props.name);
    const registry = live ? await cluster.registry() : new Map<string, ReadonlySet<string>>();
    const owner = props.owner ?? '';
    return decideAdoption(
      desiredOf(props),
      live,
      otherManagers(registry, props.name, owner),
      registry.get(owner)?.has(props.name) ?? false,
      props.adoption ?? 'unmanaged',
    );
  }
}

/** The topic's inputs as plain data (state carries `adopted` besides). */
function plainProps(props: TopicProps): TopicProps {
  return plainCopy(props, 'adopted');
}

function desiredOf(props: TopicProps): DesiredTopic {
  return {
    name: props.name,
    partitions: props.partitions,
    replicationFactor: props.replicationFactor,
    configs: props.configs ?? {},
  };
}

/** Same cluster, user and (when given literally) password. */
function sameConnection(a: AdminConnection | undefined, b: AdminConnection): boolean {
  if (!a) return false;
  const secretOf = (c: AdminConnection) =>
    c.sasl && c.sasl.mechanism !== 'oauthbearer' ? [c.sasl.password ?? '', c.sasl.passwordKey ?? ''] : [];
  return (
    connectionId(a) === connectionId(b) &&
    a.connectTimeoutMs === b.connectTimeoutMs &&
    JSON.stringify(secretOf(a)) === JSON.stringify(secretOf(b))
  );
}

/** Pulumi marks values not known before an update with this sentinel. */
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** Whether a connection is complete, i.e. not computed during a preview. */
function isKnown(conn: unknown): conn is AdminConnection {
  return (
    typeof conn === 'object' &&
    conn !== null &&
    Array.isArray((conn as AdminConnection).brokers) &&
    !JSON.stringify(conn).includes(UNKNOWN)
  );
}

/**
 * The stack setting that holds the brokers the runner dials, when a setting holds them (`local`);
 * cloud backends take them from the cluster they create or look up.
 */
function brokerSetting(): string | undefined {
  const provider = configValue('kafka:provider');
  return provider === 'local' ? 'kafka:local.bootstrapServers' : undefined;
}

/** An unreachable cluster's message, with the setting to change when there is one. */
function withSetting(message: string): string {
  const setting = brokerSetting();
  return setting && /cannot reach Kafka brokers/.test(message)
    ? `${message} The runner dials them as set in ${setting}.`
    : message;
}

/**
 * A new topic whose replication factor the cluster cannot hold: named with both numbers before
 * `up` creates the other topics and the broker answers INVALID_REPLICATION_FACTOR. Pure.
 */
export function replicationProblem(
  topic: Pick<DesiredTopic, 'name' | 'replicationFactor'>,
  brokers: number,
  connection: Pick<AdminConnection, 'brokers'>,
): string | undefined {
  if (topic.replicationFactor <= brokers) return undefined;
  const fallback =
    brokerSetting() === 'kafka:local.bootstrapServers' ? ' (or kafka:local.defaultReplicationFactor)' : '';
  return (
    `topic "${topic.name}": replicationFactor ${topic.replicationFactor} is more than the ` +
    `${brokers} broker${brokers === 1 ? '' : 's'} of the cluster at ${connection.brokers.join(',')}: ` +
    `lower replicationFactor in the catalog${fallback} to at most ${brokers}`
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The provider instance the engine's provider host loads (see KafkaTopic). */
export const topicProvider = userFacing(new TopicProvider());
