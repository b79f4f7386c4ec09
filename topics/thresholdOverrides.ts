import { Fields } from '../config/fields';

/**
 * The catalog's per-topic and per-group alert thresholds (topics[].monitoring, groups[]): read
 * here with the catalog, used by the monitoring definition (monitoring/definition.ts). The bounds
 * are declared once here for both the catalog and `kafka:monitoring`.
 */

/** Bounds of every threshold, for settings, catalog overrides and the docs. */
export const BOUNDS = {
  lagMessages: { min: 1, max: 1_000_000_000 },
  lagSeconds: { min: 1, max: 7 * 86400 },
  lagMinutes: { min: 1, max: 1440 },
  throughputPercent: { min: 1, max: 100 },
  throughputMinutes: { min: 1, max: 1440 },
} as const;

/** Reads the overrides among `keys` from a catalog mapping; absent keys stay absent. */
export function readOverrides<K extends keyof typeof BOUNDS>(
  f: Fields,
  obj: Record<string, unknown>,
  path: readonly (string | number)[],
  keys: readonly K[],
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const value = f.integer(obj[key], [...path, key], BOUNDS[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A topic's own throughput thresholds (catalog `topics[].monitoring`); unset keys use the stack's. */
export interface TopicMonitoring {
  /** Share of the cluster's capacity this topic may use. */
  throughputPercent?: number;
  /** Minutes above that share before the alert fires. */
  throughputMinutes?: number;
}

/** A consumer group's own lag thresholds (catalog `groups[]`), e.g. a batch consumer that may lag an hour. */
export interface GroupMonitoring {
  /** The consumer group id, as services declare it under `consumes`. */
  name: string;
  /** Messages the group may be behind. */
  lagMessages?: number;
  /** Age in seconds of its oldest unread message, where the backend measures it. */
  lagSeconds?: number;
  /** Minutes above a threshold before the alert fires. */
  lagMinutes?: number;
}

type Path = readonly (string | number)[];

const TOPIC_KEYS = ['throughputPercent', 'throughputMinutes'] as const;
const GROUP_KEYS = ['lagMessages', 'lagSeconds', 'lagMinutes'] as const;

/** Reads `topics[i].monitoring`; absent when not given. */
export function readTopicMonitoring(f: Fields, raw: unknown, path: Path): TopicMonitoring | undefined {
  if (raw === undefined || raw === null) return undefined;
  const obj = f.object(raw, path);
  f.onlyKeys(obj, path, TOPIC_KEYS);
  return readOverrides(f, obj, path, TOPIC_KEYS);
}

/**
 * Reads the catalog's `groups:` list. `consumed` is every group some service consumes with: an
 * override for any other group would watch nothing, so it is a problem, as is a group listed twice.
 */
export function readGroupMonitoring(
  f: Fields,
  raw: unknown,
  path: Path,
  consumed: ReadonlySet<string>,
): GroupMonitoring[] {
  const seen = new Map<string, number>();
  return f.list(raw, path).flatMap((item, i) => {
    const at = [...path, i];
    const obj = f.object(item, at);
    f.onlyKeys(obj, at, ['name', ...GROUP_KEYS]);
    const name = f.requiredString(obj.name, [...at, 'name']);
    const overrides = readOverrides(f, obj, at, GROUP_KEYS);
    if (name === undefined) return [];
    const first = seen.get(name);
    if (first !== undefined) {
      f.report([...at, 'name'], `group "${name}" is listed twice (first at groups[${first}])`);
      return [];
    }
    seen.set(name, i);
    if (!consumed.has(name)) {
      const known = [...consumed].sort().join(', ') || 'none';
      f.report(
        [...at, 'name'],
        `no service consumes with group "${name}": an override must name a group under services[].consumes (groups: ${known})`,
      );
    }
    return [{ name, ...overrides }];
  });
}
