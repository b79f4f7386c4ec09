import { DesiredTopic, refuseUnsafeChange, topicDifferences } from '../../topics/reconcile';

/**
 * `kafka:topicResources: sharded`: the catalog's topics grouped into a fixed number of engine
 * resources, so a run costs the engine a few dozen resources instead of one per topic. Plain
 * functions (which shard holds a topic, what changes per topic); no I/O here.
 */

/**
 * How many shards a stack has. Fixed, so a topic never moves between shards: a topic leaving
 * its shard has left the catalog. 16 keeps a one-topic change to ~1/16 of the catalog's state and
 * the engine's work to 16 resources whatever the catalog's size.
 */
export const SHARD_COUNT = 16;

/** A topic as a shard holds it: its name is the key in the shard's `topics`. */
export type ShardTopic = Omit<DesiredTopic, 'name'>;

/** The shard a topic belongs to: FNV-1a (32 bit) of its name, stable across runs and machines. */
export function shardOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SHARD_COUNT;
}

/** A shard's key in resource names: two digits, `00` to `15`. */
export function shardKey(shard: number): string {
  return String(shard).padStart(2, '0');
}

/**
 * The catalog's topics by shard key, every shard present (an empty one too, so a topic leaving
 * the catalog is always an update of its shard, which check() can refuse under kafka:protect),
 * each shard's topics sorted by name (a stable state).
 */
export function groupIntoShards(topics: readonly DesiredTopic[]): Map<string, Record<string, ShardTopic>> {
  const shards = new Map<string, Record<string, ShardTopic>>(
    Array.from({ length: SHARD_COUNT }, (_, i) => [shardKey(i), {}]),
  );
  for (const { name, ...topic } of [...topics].sort((a, b) => a.name.localeCompare(b.name))) {
    shards.get(shardKey(shardOf(name)))![name] = topic;
  }
  return shards;
}

/** A shard's topic with its name, as the reconciliation functions take it. */
export function named(name: string, topic: ShardTopic): DesiredTopic {
  return {
    name,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    configs: topic.configs ?? {},
  };
}

/** What a shard's update does per topic: topics added, removed, and changed (with what changes). */
export interface ShardChanges {
  added: string[];
  removed: string[];
  /** Topic name -> its differing properties (`partitions`, `configs.<key>`, ...). */
  changed: Map<string, string[]>;
}

/** Per-topic changes between a shard's state (`olds`, live after a refresh) and the catalog. */
export function shardChanges(
  olds: Readonly<Record<string, ShardTopic>>,
  news: Readonly<Record<string, ShardTopic>>,
): ShardChanges {
  const added = Object.keys(news)
    .filter((n) => !(n in olds))
    .sort();
  const removed = Object.keys(olds)
    .filter((n) => !(n in news))
    .sort();
  const changed = new Map<string, string[]>();
  for (const name of Object.keys(news).sort()) {
    const old = olds[name];
    if (!old) continue;
    const differences = topicDifferences(named(name, old), named(name, news[name]!));
    if (differences.length > 0) changed.set(name, differences);
  }
  return { added, removed, changed };
}

/**
 * Every change the catalog may not make to a shard's topics, each naming its topic: partition
 * decreases, replication factor changes, and (under kafka:protect) topics leaving the catalog.
 */
export function shardRefusals(
  olds: Readonly<Record<string, ShardTopic>>,
  news: Readonly<Record<string, ShardTopic>>,
  protect: boolean,
): { property: string; reason: string }[] {
  const out: { property: string; reason: string }[] = [];
  for (const [name, next] of Object.entries(news)) {
    const old = olds[name];
    if (!old) continue;
    const refusal = refuseUnsafeChange(old, named(name, next));
    if (refusal) {
      const property = next.partitions < old.partitions ? 'partitions' : 'replicationFactor';
      out.push({ property: `topics["${name}"].${property}`, reason: refusal });
    }
  }
  if (protect) {
    for (const name of Object.keys(olds).filter((n) => !(n in news))) {
      out.push({ property: `topics["${name}"]`, reason: protectedRemoval(name) });
    }
  }
  return out;
}

/** Why a protected topic may not leave the stack (the per-topic mode's `protect` says the same). */
export function protectedRemoval(name: string): string {
  return (
    `topic "${name}" is protected (kafka:protect is true): it cannot be removed from the stack; ` +
    'set kafka:protect to false first'
  );
}
