import { normaliseTopicConfig, TOPIC_CONFIGS } from './topicConfigs';

/**
 * Topic reconciliation as plain functions (desired vs live -> actions), in the manner of
 * Strimzi's topic operator: no I/O here, so every rule is a table test.
 */

/** A topic as the catalog wants it, with the backend's replication default applied. */
export interface DesiredTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Managed configs in Kafka string form. */
  configs: Record<string, string>;
}

/** A topic as the cluster reports it. */
export interface LiveTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Topic-level overrides only (config source DYNAMIC_TOPIC_CONFIG), not broker defaults. */
  overrides: Record<string, string>;
}

export type TopicAction =
  | { kind: 'create'; topic: DesiredTopic }
  | { kind: 'createPartitions'; name: string; from: number; to: number }
  /** `configs` is the complete override set to write: the legacy AlterConfigs replaces all. */
  | { kind: 'alterConfigs'; name: string; configs: Record<string, string>; changed: string[] };

export type Reconciliation =
  { actions: TopicAction[]; refusal?: undefined } | { refusal: string; actions?: undefined };

/** Changes the catalog may not make to a topic in place; checked before anything is touched. */
export function refuseUnsafeChange(
  old: { partitions: number; replicationFactor: number },
  next: { name: string; partitions: number; replicationFactor: number },
): string | undefined {
  if (next.partitions < old.partitions) {
    return (
      `topic "${next.name}": partitions cannot decrease from ${old.partitions} to ${next.partitions} ` +
      '(Kafka cannot remove partitions; create a new topic and migrate instead)'
    );
  }
  if (next.replicationFactor !== old.replicationFactor) {
    return (
      `topic "${next.name}": replicationFactor cannot change from ${old.replicationFactor} to ${next.replicationFactor} ` +
      'in place (it needs a partition reassignment; create a new topic or reassign by hand, then update the catalog)'
    );
  }
  return undefined;
}

/**
 * First apply of a topic. Missing: create it. Present with the same settings: adopt it without
 * changes. Present but different: refuse, so an existing topic is never silently reshaped.
 */
export function reconcileCreate(desired: DesiredTopic, live: LiveTopic | undefined): Reconciliation {
  if (!live) return { actions: [{ kind: 'create', topic: desired }] };
  const differences: string[] = [];
  if (live.partitions !== desired.partitions) {
    differences.push(`partitions ${live.partitions} (catalog: ${desired.partitions})`);
  }
  if (live.replicationFactor !== desired.replicationFactor) {
    differences.push(`replicationFactor ${live.replicationFactor} (catalog: ${desired.replicationFactor})`);
  }
  for (const [key, value] of Object.entries(desired.configs)) {
    const actual = live.overrides[key];
    if (actual === undefined) differences.push(`${key} not set (catalog: ${value})`);
    else if (!sameConfig(key, actual, value)) differences.push(`${key} ${actual} (catalog: ${value})`);
  }
  if (differences.length > 0) {
    return {
      refusal:
        `topic "${desired.name}" already exists with different settings: ${differences.join('; ')}. ` +
        'Make the catalog match the live topic (npm run topics:export shows it), or change the topic by hand, then run again.',
    };
  }
  return { actions: [] };
}

/**
 * Later applies. Grows partitions, and rewrites configs as (live overrides - configs the catalog
 * stopped managing + desired), so overrides set by others survive.
 */
export function reconcileUpdate(
  desired: DesiredTopic,
  live: LiveTopic | undefined,
  previouslyManaged: readonly string[],
): Reconciliation {
  if (!live) {
    return {
      refusal: `topic "${desired.name}" is in the stack but not on the cluster (deleted outside Pulumi?); run pulumi refresh, then up to recreate it`,
    };
  }
  const unsafe = refuseUnsafeChange(live, desired);
  if (unsafe) return { refusal: `${unsafe} (live cluster)` };

  const actions: TopicAction[] = [];
  if (desired.partitions > live.partitions) {
    actions.push({
      kind: 'createPartitions',
      name: desired.name,
      from: live.partitions,
      to: desired.partitions,
    });
  }
  const merged: Record<string, string> = { ...live.overrides };
  const changed: string[] = [];
  for (const key of previouslyManaged) {
    if (!(key in desired.configs) && key in merged) {
      delete merged[key];
      changed.push(key);
    }
  }
  for (const [key, value] of Object.entries(desired.configs)) {
    const actual = merged[key];
    if (actual === undefined || !sameConfig(key, actual, value)) {
      merged[key] = value;
      changed.push(key);
    }
  }
  if (changed.length > 0) {
    actions.push({ kind: 'alterConfigs', name: desired.name, configs: merged, changed: changed.sort() });
  }
  return { actions };
}

/** Compares config values the way Kafka means them ("compact,delete" equals "delete,compact"). */
export function sameConfig(key: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (!TOPIC_CONFIGS[key]) return false;
  const na = normaliseTopicConfig(key, a).value;
  return na !== undefined && na === normaliseTopicConfig(key, b).value;
}

/**
 * What `pulumi refresh` records for a managed topic: the live partitions and replication factor,
 * and the live value of each config this resource manages (absent when nobody overrides it any
 * more). Values equal in Kafka's sense keep the catalog's spelling, so a refresh alone never
 * shows a difference. Overrides the catalog does not manage are not ours and are left out.
 */
export function observedTopic(managed: DesiredTopic, live: LiveTopic): DesiredTopic {
  const configs: Record<string, string> = {};
  for (const [key, value] of Object.entries(managed.configs)) {
    const actual = live.overrides[key];
    if (actual !== undefined) configs[key] = sameConfig(key, actual, value) ? value : actual;
  }
  return {
    name: managed.name,
    partitions: live.partitions,
    replicationFactor: live.replicationFactor,
    configs,
  };
}

/**
 * Which properties of a topic differ between what the state says (`olds`, live after a refresh)
 * and what the catalog wants (`news`): `partitions`, `replicationFactor`, `configs.<key>`.
 */
export function topicDifferences(olds: DesiredTopic, news: DesiredTopic): string[] {
  const out: string[] = [];
  if (olds.partitions !== news.partitions) out.push('partitions');
  if (olds.replicationFactor !== news.replicationFactor) out.push('replicationFactor');
  const keys = new Set([...Object.keys(olds.configs ?? {}), ...Object.keys(news.configs ?? {})]);
  for (const key of [...keys].sort()) {
    const a = olds.configs?.[key];
    const b = news.configs?.[key];
    if (a === undefined || b === undefined ? a !== b : !sameConfig(key, a, b)) out.push(`configs.${key}`);
  }
  return out;
}
