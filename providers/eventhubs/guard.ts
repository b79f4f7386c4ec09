import * as pulumi from '@pulumi/pulumi';

/** What the guard remembers between runs: the namespace's identity and each event hub's partitions. */
export interface GuardProps {
  /** `<resourceGroup>/<namespaceName>`: a change means a new namespace. */
  namespace: string;
  /** kafka:eventhubs.tier: Azure cannot change it in place. */
  tier: string;
  /** Whether the tier can add partitions to an existing event hub (Premium, Dedicated). */
  partitionsGrow: boolean;
  /** Partitions per catalog topic. */
  partitions: Record<string, number>;
  /** kafka:allowTopicDeletion: whether event hubs leaving the catalog are deleted or kept. */
  allowTopicDeletion: boolean;
  /** Event hubs that left the catalog but were kept in Azure, with their partitions. */
  retained?: Record<string, number>;
}

export interface GuardFailure {
  /** What is refused: `namespace`, `tier` or `partitions.<topic>`. */
  subject: string;
  /** The whole message, naming the key and the way out (the engine prints it as is). */
  reason: string;
}

/**
 * Changes Azure cannot make to what exists, found by comparing the last applied inputs with the new
 * ones. Pure and self-contained (it runs inside the serialised dynamic provider): a partition
 * decrease, a partition increase on a tier that fixes partitions at creation, a tier change, and a
 * namespace move that would delete the old namespace with its data.
 */
export function guardFailures(olds: Partial<GuardProps>, news: GuardProps): GuardFailure[] {
  if (olds.namespace === undefined) return [];
  const failures: GuardFailure[] = [];
  if (olds.namespace !== news.namespace) {
    if (!news.allowTopicDeletion) {
      failures.push({
        subject: 'namespace',
        reason: `moving from namespace ${olds.namespace} to ${news.namespace} creates a new namespace and deletes ${olds.namespace} with every event hub and its data: keep kafka:eventhubs.namespaceName and kafka:eventhubs.resourceGroup, or set kafka:allowTopicDeletion to allow it`,
      });
    }
    return failures;
  }
  if (olds.tier !== undefined && olds.tier !== news.tier) {
    failures.push({
      subject: 'tier',
      reason: `kafka:eventhubs.tier ${olds.tier} -> ${news.tier}: Azure cannot change a namespace's tier in place; create the new tier in a new namespace (a new stack or kafka:eventhubs.namespaceName) and move the services to it`,
    });
    return failures;
  }
  const before = { ...(olds.retained ?? {}), ...(olds.partitions ?? {}) };
  for (const topic of Object.keys(news.partitions).sort()) {
    const was = before[topic];
    const now = news.partitions[topic]!;
    if (was === undefined || was === now) continue;
    if (now < was) {
      failures.push({
        subject: `partitions.${topic}`,
        reason: `${topic}: ${was} -> ${now} partitions: partitions are never removed (not by Kafka, not by Event Hubs); keep ${was}, or create a new topic`,
      });
    } else if (!news.partitionsGrow) {
      failures.push({
        subject: `partitions.${topic}`,
        reason: `${topic}: ${was} -> ${now} partitions: kafka:eventhubs.tier ${news.tier} fixes an event hub's partitions when it is created (replacing it would drop its events); keep ${was}, create a new topic, or use a tier that adds partitions (Premium, Dedicated) in a new namespace`,
      });
    }
  }
  return failures;
}

/** The inputs to keep: the new ones, plus the event hubs that left the catalog but still exist. */
export function withRetained(olds: Partial<GuardProps>, news: GuardProps): GuardProps {
  const sameNamespace = olds.namespace === news.namespace;
  const retained: Record<string, number> = sameNamespace ? { ...(olds.retained ?? {}) } : {};
  if (sameNamespace && olds.allowTopicDeletion === false) {
    for (const [topic, n] of Object.entries(olds.partitions ?? {})) {
      if (!(topic in news.partitions)) retained[topic] = n;
    }
  }
  for (const topic of Object.keys(news.partitions)) delete retained[topic];
  const sorted = (r: Record<string, number>) =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...news, partitions: sorted(news.partitions), retained: sorted(retained) };
}

/**
 * A dynamic provider with no side effects: it only refuses, in `check` (which the engine runs in
 * preview, before any resource is touched), changes the Event Hubs API cannot make safely.
 */
export class GuardProvider implements pulumi.dynamic.ResourceProvider<GuardProps, GuardProps> {
  async check(olds: Partial<GuardProps>, news: GuardProps): Promise<pulumi.dynamic.CheckResult<GuardProps>> {
    const failures = guardFailures(olds, news);
    // No property: the engine then prints "resource 'eventhubs' has a problem: <reason>" as is.
    if (failures.length > 0)
      return { inputs: news, failures: failures.map(({ reason }) => ({ property: '', reason })) };
    return { inputs: withRetained(olds, news) };
  }

  async diff(_id: string, olds: GuardProps, news: GuardProps): Promise<pulumi.dynamic.DiffResult> {
    return {
      changes: JSON.stringify(olds) !== JSON.stringify(news),
      replaces: [],
      deleteBeforeReplace: false,
    };
  }

  async create(inputs: GuardProps): Promise<pulumi.dynamic.CreateResult<GuardProps>> {
    return { id: inputs.namespace, outs: inputs };
  }

  async update(
    _id: string,
    _olds: GuardProps,
    news: GuardProps,
  ): Promise<pulumi.dynamic.UpdateResult<GuardProps>> {
    return { outs: news };
  }
}

const guardProvider = new GuardProvider();

/**
 * Remembers, in the stack's state, the namespace, tier and partitions last applied, and refuses
 * before anything is touched what Azure would refuse half-way (or do by replacement): every Event
 * Hubs resource of the stack depends on it.
 */
export class EventHubsGuard extends pulumi.dynamic.Resource {
  constructor(name: string, args: GuardProps, opts?: pulumi.CustomResourceOptions) {
    super(guardProvider, name, { ...args }, opts, 'kafka-platform', 'EventHubsGuard');
  }
}
