import { Topic } from './catalog';
import { isInternalTopic } from './internalTopics';
import { LiveTopic, sameConfig } from './reconcile';
import { TOPIC_CONFIGS } from './topicConfigs';

/** One way the cluster differs from the catalog. */
export type Drift =
  | { kind: 'missing'; topic: string; partitions: number }
  | { kind: 'extra'; topic: string; partitions: number; replicationFactor: number }
  | { kind: 'partitions'; topic: string; catalog: number; cluster: number }
  | { kind: 'replicationFactor'; topic: string; catalog: number; cluster: number }
  /** `catalog` undefined: an override the catalog does not declare; `cluster` undefined: not set. */
  | { kind: 'config'; topic: string; key: string; catalog?: string; cluster?: string };

export interface CatalogDiff {
  drift: Drift[];
  /** Overrides with keys the catalog cannot manage: reported, never drift (export skips them too). */
  unmanaged: { topic: string; key: string; value: string }[];
}

const KIND_ORDER: Drift['kind'][] = ['missing', 'extra', 'partitions', 'replicationFactor', 'config'];

/**
 * Compares catalog topics with a cluster's. Pure. Internal topics are ignored. A topic without a
 * replicationFactor is compared against `defaultReplicationFactor` when given, otherwise not at
 * all (the backend decides it). Configs are compared the way Kafka means them ("compact,delete"
 * equals "delete,compact").
 */
export function diffCatalog(
  topics: readonly Topic[],
  live: readonly LiveTopic[],
  opts: { defaultReplicationFactor?: number } = {},
): CatalogDiff {
  const drift: Drift[] = [];
  const unmanaged: CatalogDiff['unmanaged'] = [];
  const liveByName = new Map(live.filter((t) => !isInternalTopic(t.name)).map((t) => [t.name, t]));
  const declared = new Set(topics.map((t) => t.name));

  for (const topic of topics) {
    const actual = liveByName.get(topic.name);
    if (!actual) {
      drift.push({ kind: 'missing', topic: topic.name, partitions: topic.partitions });
      continue;
    }
    if (actual.partitions !== topic.partitions) {
      drift.push({
        kind: 'partitions',
        topic: topic.name,
        catalog: topic.partitions,
        cluster: actual.partitions,
      });
    }
    const rf = topic.replicationFactor ?? opts.defaultReplicationFactor;
    if (rf !== undefined && rf !== actual.replicationFactor) {
      drift.push({
        kind: 'replicationFactor',
        topic: topic.name,
        catalog: rf,
        cluster: actual.replicationFactor,
      });
    }
    for (const [key, value] of Object.entries(topic.config)) {
      const clusterValue = actual.overrides[key];
      if (clusterValue === undefined || !sameConfig(key, clusterValue, value)) {
        drift.push({ kind: 'config', topic: topic.name, key, catalog: value, cluster: clusterValue });
      }
    }
    for (const [key, value] of Object.entries(actual.overrides)) {
      if (key in topic.config) continue;
      if (TOPIC_CONFIGS[key]) drift.push({ kind: 'config', topic: topic.name, key, cluster: value });
      else unmanaged.push({ topic: topic.name, key, value });
    }
  }
  for (const [name, actual] of liveByName) {
    if (!declared.has(name)) {
      drift.push({
        kind: 'extra',
        topic: name,
        partitions: actual.partitions,
        replicationFactor: actual.replicationFactor,
      });
    }
  }
  drift.sort(
    (a, b) =>
      a.topic.localeCompare(b.topic) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.kind === 'config' && b.kind === 'config' ? a.key.localeCompare(b.key) : 0),
  );
  unmanaged.sort((a, b) => a.topic.localeCompare(b.topic) || a.key.localeCompare(b.key));
  return { drift, unmanaged };
}

/** One line per drift, for people. */
export function describeDrift(d: Drift): string {
  switch (d.kind) {
    case 'missing':
      return `missing   ${d.topic}: in the catalog (${d.partitions} partitions), not on the cluster`;
    case 'extra':
      return `extra     ${d.topic}: on the cluster (${d.partitions} partitions, replication ${d.replicationFactor}), not in the catalog`;
    case 'partitions':
      return (
        `partitions ${d.topic}: catalog ${d.catalog}, cluster ${d.cluster}` +
        (d.catalog < d.cluster ? ' (partitions cannot decrease: fix the catalog)' : '')
      );
    case 'replicationFactor':
      return `replicationFactor ${d.topic}: catalog ${d.catalog}, cluster ${d.cluster}`;
    case 'config':
      if (d.catalog === undefined)
        return `config    ${d.topic}: ${d.key}=${d.cluster} on the cluster, not in the catalog`;
      if (d.cluster === undefined)
        return `config    ${d.topic}: ${d.key} catalog ${d.catalog}, not set on the cluster`;
      return `config    ${d.topic}: ${d.key} catalog ${d.catalog}, cluster ${d.cluster}`;
  }
}

/** The diff for people: drift lines, then unmanaged overrides as notes, then a summary. */
export function renderDiffText(diff: CatalogDiff, where: string): string {
  const lines = diff.drift.map(describeDrift);
  for (const u of diff.unmanaged)
    lines.push(`note      ${u.topic}: ${u.key}=${u.value} is not managed by the catalog (ignored)`);
  const counts = KIND_ORDER.map((k) => [k, diff.drift.filter((d) => d.kind === k).length] as const).filter(
    ([, n]) => n > 0,
  );
  lines.push(
    diff.drift.length === 0
      ? `No drift: ${where} matches the catalog.`
      : `Drift: ${diff.drift.length} difference(s) between the catalog and ${where} (${counts.map(([k, n]) => `${k} ${n}`).join(', ')}).`,
  );
  return lines.join('\n');
}
