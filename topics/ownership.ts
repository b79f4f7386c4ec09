import { DesiredTopic, LiveTopic, reconcileCreate } from './reconcile';

/**
 * Which stacks manage which topics of one cluster. Topic resources are identified by name, so
 * two stacks pointed at the same cluster would otherwise both adopt a topic and the first
 * `destroy` would delete what the other still manages. Each stack records the topics it manages
 * in a compacted registry topic on the cluster (one record per stack); these plain functions
 * decide adoption and deletion from that record set. No I/O here.
 */

/** The compacted topic on each cluster that holds one record per managing stack. */
export const OWNERSHIP_TOPIC = '_kafka-platform-owners';

/** `kafka:topicAdoption`: what a stack may do with a catalog topic that already exists. */
export const ADOPTION_POLICIES = ['unmanaged', 'shared', 'never'] as const;
export type AdoptionPolicy = (typeof ADOPTION_POLICIES)[number];

/** Topics per managing stack (`organization/project/stack`), as read from the registry. */
export type Registry = ReadonlyMap<string, ReadonlySet<string>>;

/** The stacks other than `me` that manage `topic`, sorted. */
export function otherManagers(registry: Registry, topic: string, me: string): string[] {
  return [...registry]
    .filter(([stack, topics]) => stack !== me && topics.has(topic))
    .map(([stack]) => stack)
    .sort();
}

export type Adoption =
  | { kind: 'create' }
  /** The topic exists with the catalog's settings; `sharedWith` are the other stacks managing it. */
  | { kind: 'adopt'; sharedWith: string[] }
  | { kind: 'refuse'; reason: string };

/**
 * First apply of a topic resource. A missing topic is created. An existing one is adopted only
 * when it has the catalog's settings and the stack's policy allows it: `never` refuses every
 * existing topic, `unmanaged` (the default) refuses topics another stack manages, `shared` adopts
 * those too. A topic this stack already manages (a replacement, or state restored from backup)
 * is always taken back.
 */
export function decideAdoption(
  desired: DesiredTopic,
  live: LiveTopic | undefined,
  others: readonly string[],
  ownedHere: boolean,
  policy: AdoptionPolicy,
): Adoption {
  if (!live) return { kind: 'create' };
  const shape = reconcileCreate(desired, live);
  if (shape.refusal !== undefined) return { kind: 'refuse', reason: shape.refusal };
  if (ownedHere) return { kind: 'adopt', sharedWith: [...others] };
  if (policy === 'never') {
    return {
      kind: 'refuse',
      reason:
        `topic "${desired.name}" already exists on the cluster and kafka:topicAdoption is "never": ` +
        'delete it first, or set kafka:topicAdoption to "unmanaged" to adopt it',
    };
  }
  if (others.length > 0 && policy === 'unmanaged') {
    return {
      kind: 'refuse',
      reason:
        `topic "${desired.name}" is already managed by stack ${others.join(', ')} ` +
        `(recorded in the cluster's ${OWNERSHIP_TOPIC} topic). Set kafka:topicAdoption to "shared" to ` +
        'manage it from this stack too (it is then deleted only when no stack manages it any more), ' +
        'or remove it from this catalog',
    };
  }
  return { kind: 'adopt', sharedWith: [...others] };
}

/** How an adoption reads in a preview or log line. */
export function describeAdoption(name: string, adoption: Adoption): string | undefined {
  if (adoption.kind !== 'adopt') return undefined;
  const shared =
    adoption.sharedWith.length > 0 ? `, shared with stack ${adoption.sharedWith.join(', ')}` : '';
  return `topic "${name}" already exists on the cluster with the catalog's settings: adopting it${shared}`;
}

/**
 * What removing a topic resource does on the cluster: the topic is deleted only when deletion is
 * allowed (kafka:allowTopicDeletion, read when the delete runs), this stack's own record no longer
 * lists it, and no other stack manages it; otherwise it is only forgotten. The stack's record
 * still listing it means the catalog still has the topic: the resource is being replaced, and the
 * topic (a topic is its name) must outlive the old resource.
 */
export function decideDeletion(
  name: string,
  allowed: boolean,
  others: readonly string[],
  stillInCatalog = false,
): { delete: boolean; reason: string } {
  if (!allowed) {
    return {
      delete: false,
      reason: `topic "${name}" kept on the cluster: kafka:allowTopicDeletion is false`,
    };
  }
  if (stillInCatalog) {
    return {
      delete: false,
      reason: `topic "${name}" kept on the cluster: it is still in this stack's catalog (the resource is being replaced)`,
    };
  }
  if (others.length > 0) {
    return {
      delete: false,
      reason: `topic "${name}" kept on the cluster: stack ${others.join(', ')} still manages it`,
    };
  }
  return { delete: true, reason: `topic "${name}" deleted` };
}

/** The registry record of one stack: the sorted topic names it manages. */
export function encodeRecord(topics: Iterable<string>): string {
  return JSON.stringify({ topics: [...new Set(topics)].sort() });
}

/** Reads a registry record; anything unreadable counts as no topics (it is only advisory data). */
export function decodeRecord(value: string | null | undefined): Set<string> {
  if (!value) return new Set();
  try {
    const parsed = JSON.parse(value) as { topics?: unknown };
    return new Set(Array.isArray(parsed.topics) ? parsed.topics.filter((t) => typeof t === 'string') : []);
  } catch {
    return new Set();
  }
}
