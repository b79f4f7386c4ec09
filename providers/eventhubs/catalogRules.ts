import { Problem } from '../../config/problems';
import { Catalog, Topic } from '../../topics/catalog';
import {
  NAME_RULES,
  SERVICE_RULES_MAX,
  AUTHORIZATION_RULES_PER_NAMESPACE,
  ROOT_RULE,
  Tier,
  TIER_LIMITS,
} from './limits';
import { nameProblem } from '../nameRules';
import { EventHubsSettings } from './settings';

const HOUR_MS = 3_600_000;
/** Kafka's defaults where the catalog leaves a key unset: retention.ms 7 days, delete.retention.ms 1 day. */
export const DEFAULT_RETENTION_HOURS = 7 * 24;
export const DEFAULT_TOMBSTONE_HOURS = 24;

/** The topic configs an event hub can honour; anything else is refused, never dropped. */
export const EVENT_HUB_TOPIC_CONFIGS = ['cleanup.policy', 'retention.ms', 'delete.retention.ms'] as const;

/** How an event hub keeps events: time-based deletion or key-based compaction (ARM retentionDescription). */
export type HubRetention =
  | { cleanupPolicy: 'Delete'; retentionTimeInHours: number }
  | { cleanupPolicy: 'Compact'; tombstoneRetentionTimeInHours: number };

/** The retention an event hub gets for a catalog topic (valid topics only: see eventHubsCatalogProblems). */
export function hubRetention(topic: Topic): HubRetention {
  if (topic.config['cleanup.policy'] === 'compact') {
    const ms = topic.config['delete.retention.ms'];
    return {
      cleanupPolicy: 'Compact',
      tombstoneRetentionTimeInHours: ms === undefined ? DEFAULT_TOMBSTONE_HOURS : Number(ms) / HOUR_MS,
    };
  }
  const ms = topic.config['retention.ms'];
  return {
    cleanupPolicy: 'Delete',
    retentionTimeInHours: ms === undefined ? DEFAULT_RETENTION_HOURS : Number(ms) / HOUR_MS,
  };
}

/** How many event hubs the namespace may hold on this tier and capacity. */
export function maxHubs(tier: Tier, capacity: number): number {
  const limits = TIER_LIMITS[tier];
  return limits.hubsPerUnit ? limits.hubsPerNamespace * capacity : limits.hubsPerNamespace;
}

/** Why a duration in ms cannot be an Event Hubs hour count, or undefined. */
function hoursProblem(ms: string): string | undefined {
  const n = Number(ms);
  if (n < HOUR_MS) return `${ms} ms is less than an hour: Event Hubs keeps it in whole hours, at least 1`;
  if (n % HOUR_MS !== 0) {
    return `${ms} ms is not a whole number of hours: Event Hubs keeps it in hours (e.g. ${Math.ceil(n / HOUR_MS) * HOUR_MS} for ${Math.ceil(n / HOUR_MS)} hours)`;
  }
  return undefined;
}

/**
 * What the catalog asks for that this namespace cannot do, all found before anything is created
 * and each named: the tier's event hub, partition and retention limits, topic configs an event hub
 * cannot honour, names Azure refuses, and the SAS rule limit.
 */
export function eventHubsCatalogProblems(
  settings: EventHubsSettings,
  catalog: Catalog,
  catalogPath: string,
): Problem[] {
  const problems: Problem[] = [];
  const { tier } = settings;
  const limits = TIER_LIMITS[tier];
  const tierKey = `kafka:eventhubs.tier ${tier}`;
  catalog.topics.forEach((topic, i) => {
    const where = (field: string) => `${catalogPath} topics[${i}].${field} (${topic.name})`;
    const add = (field: string, message: string) => problems.push({ where: where(field), message });
    const nameIssue = nameProblem(NAME_RULES.eventHub, topic.name);
    if (nameIssue) add('name', nameIssue);
    if (topic.replicationFactor !== undefined) {
      add(
        'replicationFactor',
        `${topic.replicationFactor} cannot be set: Event Hubs replicates every event hub itself (leave it unset)`,
      );
    }
    if (topic.partitions > limits.partitionsPerHub) {
      add(
        'partitions',
        `${topic.partitions} is more than the ${limits.partitionsPerHub} partitions an event hub may have on ${tierKey}`,
      );
    }
    problems.push(...topicConfigProblems(topic, tier, where));
  });

  // Azure resource names are case-insensitive (resource-name-rules.md): Kafka's `Orders` and
  // `orders` would be one event hub.
  const seen = new Map<string, string>();
  catalog.topics.forEach((topic, i) => {
    const first = seen.get(topic.name.toLowerCase());
    if (first !== undefined) {
      problems.push({
        where: `${catalogPath} topics[${i}].name (${topic.name})`,
        message: `differs from ${first} only in case: Event Hubs names are case-insensitive, so both would be one event hub`,
      });
    } else seen.set(topic.name.toLowerCase(), topic.name);
  });

  const hubs = maxHubs(tier, settings.capacity);
  if (catalog.topics.length > hubs) {
    problems.push({
      where: `${catalogPath} topics`,
      message: `${catalog.topics.length} topics need ${catalog.topics.length} event hubs; ${tierKey} allows ${hubs} per namespace${limits.hubsPerUnit ? ` (${limits.hubsPerNamespace} per processing unit × kafka:eventhubs.capacity ${settings.capacity})` : ''}`,
    });
  }
  if (limits.partitionsPerUnit !== undefined) {
    const total = catalog.topics.reduce((sum, t) => sum + t.partitions, 0);
    const max = limits.partitionsPerUnit * settings.capacity;
    if (total > max) {
      problems.push({
        where: `${catalogPath} topics`,
        message: `${total} partitions in all; ${tierKey} allows ${max} per namespace (${limits.partitionsPerUnit} per processing unit × kafka:eventhubs.capacity ${settings.capacity})`,
      });
    }
  }
  if (settings.authMode === 'sas' && catalog.services.length > SERVICE_RULES_MAX) {
    problems.push({
      where: `${catalogPath} services`,
      message: `${catalog.services.length} services need ${catalog.services.length} SAS rules; a namespace holds ${AUTHORIZATION_RULES_PER_NAMESPACE} and ${ROOT_RULE} is one of them, so at most ${SERVICE_RULES_MAX}: use kafka:eventhubs.authMode entra (no such limit, and least privilege per topic)`,
    });
  }
  return problems;
}

function topicConfigProblems(topic: Topic, tier: Tier, where: (field: string) => string): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ where: where(`config.${key}`), message });
  const limits = TIER_LIMITS[tier];
  const policy = topic.config['cleanup.policy'];
  const compact = policy === 'compact';
  for (const key of Object.keys(topic.config)) {
    if (!(EVENT_HUB_TOPIC_CONFIGS as readonly string[]).includes(key)) {
      add(
        key,
        `cannot be set on an event hub: Event Hubs honours only ${EVENT_HUB_TOPIC_CONFIGS.join(', ')} (the rest is fixed by the service)`,
      );
    }
  }
  if (policy !== undefined && policy !== 'delete' && policy !== 'compact') {
    add(
      'cleanup.policy',
      `"${policy}" is not possible: an event hub either deletes by time or compacts by key`,
    );
  }
  if (compact && !limits.compaction) {
    add('cleanup.policy', `compaction is not available on kafka:eventhubs.tier ${tier}`);
  }
  const retention = topic.config['retention.ms'];
  if (retention !== undefined) {
    if (compact) {
      add(
        'retention.ms',
        'does not apply with cleanup.policy compact: a compacted event hub keeps the latest event per key (remove it)',
      );
    } else if (Number(retention) < 0) {
      add(
        'retention.ms',
        `${retention} (keep forever) is not possible: kafka:eventhubs.tier ${tier} keeps events at most ${limits.retentionHours / 24} days; use cleanup.policy compact to keep the latest event per key`,
      );
    } else {
      const problem = hoursProblem(retention);
      if (problem) add('retention.ms', problem);
      else if (Number(retention) / HOUR_MS > limits.retentionHours) {
        add(
          'retention.ms',
          `${retention} ms is ${Number(retention) / HOUR_MS / 24} days; kafka:eventhubs.tier ${tier} keeps events at most ${limits.retentionHours / 24} days (${limits.retentionHours * HOUR_MS} ms)`,
        );
      }
    }
  }
  const tombstones = topic.config['delete.retention.ms'];
  if (tombstones !== undefined) {
    if (!compact) {
      add(
        'delete.retention.ms',
        'only applies with cleanup.policy compact (it is how long tombstones are kept)',
      );
    } else {
      const problem = hoursProblem(tombstones);
      if (problem) add('delete.retention.ms', problem);
    }
  }
  return problems;
}
