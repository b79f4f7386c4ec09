import { Document, isScalar, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { Problem } from '../config/problems';
import { Catalog, Topic } from './catalog';
import { isInternalTopic } from './internalTopics';
import { parseCatalog } from './parseCatalog';
import { LiveTopic } from './reconcile';
import { normaliseTopicConfig } from './topicConfigs';

export interface ExportOptions {
  /**
   * An existing catalog to merge into: its services, its topic descriptions and its topic order
   * are kept; topics no longer on the cluster are dropped, new ones are appended by name.
   */
  base?: Catalog;
  /**
   * Leave replicationFactor out, so each backend applies its own default (3 on managed clusters).
   * Useful when the source is a single-broker cluster whose factor 1 must not follow the topics.
   */
  omitReplicationFactor?: boolean;
}

/** A topic-level override the catalog cannot hold; written as a comment and reported. */
export interface SkippedConfig {
  topic: string;
  key: string;
  value: string;
  reason: string;
}

export interface ExportResult {
  catalog: Catalog;
  skipped: SkippedConfig[];
  /** Internal topics left out (see isInternalTopic). */
  internal: string[];
}

/**
 * A catalog from a cluster's topics. Pure. Every non-internal topic with its partitions,
 * replication factor and topic-level overrides; overrides with a key topics/topicConfigs.ts does
 * not manage (e.g. Redpanda's `redpanda.*`) or a value it refuses are left out and listed in
 * `skipped`, so the result always passes catalog validation.
 */
export function catalogFromCluster(live: readonly LiveTopic[], opts: ExportOptions = {}): ExportResult {
  const internal = live
    .filter((t) => isInternalTopic(t.name))
    .map((t) => t.name)
    .sort();
  const byName = new Map(live.filter((t) => !isInternalTopic(t.name)).map((t) => [t.name, t]));
  const baseTopics = opts.base?.topics ?? [];
  const kept = baseTopics.filter((t) => byName.has(t.name)).map((t) => t.name);
  const added = [...byName.keys()].filter((name) => !kept.includes(name)).sort();

  const skipped: SkippedConfig[] = [];
  const topics = [...kept, ...added].map((name): Topic => {
    const t = byName.get(name)!;
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(t.overrides).sort(([a], [b]) => a.localeCompare(b))) {
      const result = normaliseTopicConfig(key, value);
      if (result.problem !== undefined) {
        skipped.push({ topic: name, key, value, reason: result.problem.split(' (known:')[0]! });
      } else {
        config[key] = result.value;
      }
    }
    const base = baseTopics.find((b) => b.name === name);
    return {
      name,
      ...(base?.description ? { description: base.description } : {}),
      partitions: t.partitions,
      ...(opts.omitReplicationFactor ? {} : { replicationFactor: t.replicationFactor }),
      config,
      // The team's alert thresholds are not on the cluster: kept from the catalog merged into.
      ...(base?.monitoring ? { monitoring: base.monitoring } : {}),
    };
  });
  const groups = opts.base?.groups;
  return {
    catalog: { topics, services: opts.base?.services ?? [], ...(groups ? { groups } : {}) },
    skipped,
    internal,
  };
}

/** The exported catalog as YAML, with skipped overrides as comments on their topic. Pure. */
export function renderCatalog(result: ExportResult, source: string): string {
  const { catalog, skipped } = result;
  const doc = new Document({
    topics: catalog.topics.map((t) => ({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      partitions: t.partitions,
      ...(t.replicationFactor !== undefined ? { replicationFactor: t.replicationFactor } : {}),
      ...(Object.keys(t.config).length ? { config: t.config } : {}),
      ...(t.monitoring ? { monitoring: t.monitoring } : {}),
    })),
    services: catalog.services.map((s) => ({
      name: s.name,
      namespace: s.namespace,
      ...(s.deployment ? { deployment: s.deployment } : {}),
      ...(s.container ? { container: s.container } : {}),
      ...(s.containers ? { containers: s.containers } : {}),
      ...(s.serviceAccount ? { serviceAccount: s.serviceAccount } : {}),
      produces: s.produces,
      consumes: s.consumes.map((c) => ({ topic: c.topic, group: c.group })),
    })),
    ...(catalog.groups ? { groups: catalog.groups } : {}),
  });
  doc.commentBefore =
    ` Topic catalog exported from ${source} by \`npm run topics:export\`.\n` +
    ' Review, describe each topic, list the services that use them, then commit.';
  const topicNodes = (doc.get('topics') as YAMLSeq).items as YAMLMap[];
  catalog.topics.forEach((t, i) => {
    const notes = skipped.filter((s) => s.topic === t.name);
    if (notes.length === 0) return;
    // Inside the topic's own block, under its name: a comment before the item would print above
    // `- name:` and read as belonging to the previous topic.
    const partitions = topicNodes[i]!.items.find((p) => isScalar(p.key) && p.key.value === 'partitions');
    (partitions!.key as Scalar).commentBefore = notes
      .map((s) => ` not exported from ${t.name}: ${s.key}=${s.value} (${s.reason})`)
      .join('\n');
  });
  for (const service of (doc.get('services') as YAMLSeq).items as YAMLMap[]) {
    const produces = service.get('produces') as YAMLSeq;
    produces.flow = true;
    for (const c of (service.get('consumes') as YAMLSeq).items as YAMLMap[]) c.flow = true;
  }
  if (catalog.services.length === 0) {
    (doc.get('services') as YAMLSeq).flow = true;
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Render and re-validate: a merged catalog whose services use a topic the cluster lacks has problems. */
export function exportCatalogText(
  live: readonly LiveTopic[],
  source: string,
  opts: ExportOptions = {},
): ExportResult & { text: string; problems: Problem[] } {
  const result = catalogFromCluster(live, opts);
  const text = renderCatalog(result, source);
  return { ...result, text, problems: parseCatalog(text, 'exported catalog').problems };
}
