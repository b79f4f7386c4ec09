import type { GroupMonitoring, TopicMonitoring } from './thresholdOverrides';

/**
 * The topic catalog: the one list of topics and of which service produces or consumes what.
 * Every backend, the Kubernetes env and the local Compose setup are derived from it.
 */
export interface Catalog {
  topics: Topic[];
  services: Service[];
  /** Per consumer group monitoring overrides (catalog `groups:`); absent when none are given. */
  groups?: GroupMonitoring[];
}

export interface Topic {
  /** Kafka topic name: `[a-zA-Z0-9._-]`, at most 249 characters. */
  name: string;
  /** Partition count, >= 1. Can only grow once the topic exists. */
  partitions: number;
  /** Copies of each partition. Unset means the backend's default (3 on managed clusters, 1 locally). */
  replicationFactor?: number;
  /** Topic-level configs in Kafka's string form, e.g. `{ "retention.ms": "604800000" }`. */
  config: Record<string, string>;
  /** What flows through the topic; shown in plans and exported catalogs. */
  description?: string;
  /** The topic's own alert thresholds, over the stack's `kafka:monitoring` defaults. */
  monitoring?: TopicMonitoring;
}

export interface Consumption {
  topic: string;
  /** Consumer group id; every consumer needs one so offsets and access can be scoped to it. */
  group: string;
  /**
   * Dead-letter topic (declared in the catalog) for records this consumer gives up on after its
   * attempt limit: the service gets produce access to it and KAFKA_DEAD_LETTER_TOPICS names it.
   */
  deadLetter?: string;
}

export interface Service {
  /** Service name; also its Kafka client id and the stem of its Kubernetes object names. */
  name: string;
  /** Kubernetes namespace of the service (default `default`). */
  namespace: string;
  /** Name of the service's existing Deployment, when its env should be patched in. */
  deployment?: string;
  /**
   * The one container of that Deployment to patch. Server-side apply matches containers by name,
   * so a patch must name them: set `container` or `containers` together with `deployment`.
   */
  container?: string;
  /** Several containers of that Deployment to patch (instead of `container`). */
  containers?: string[];
  /** ServiceAccount the pods run as (default: the service name); carries cloud identities. */
  serviceAccount?: string;
  produces: string[];
  consumes: Consumption[];
}

/** The containers of the service's Deployment that get its env (empty without a deployment). */
export function patchedContainers(service: Service): string[] {
  if (!service.deployment) return [];
  return service.containers ?? (service.container ? [service.container] : []);
}

/** The topics a service touches, for access rules and env. */
export function topicsOf(service: Service): {
  produces: string[];
  consumes: string[];
  groups: string[];
  deadLetters: string[];
} {
  return {
    produces: [...service.produces],
    consumes: [...new Set(service.consumes.map((c) => c.topic))],
    groups: [...new Set(service.consumes.map((c) => c.group))],
    deadLetters: [...new Set(service.consumes.flatMap((c) => (c.deadLetter ? [c.deadLetter] : [])))],
  };
}

/** Every consumer group in the catalog with the topics it reads (for lag alarms and offset sync). */
export function consumerGroups(catalog: Catalog): { group: string; topics: string[]; services: string[] }[] {
  const groups = new Map<string, { topics: Set<string>; services: Set<string> }>();
  for (const service of catalog.services) {
    for (const c of service.consumes) {
      const g = groups.get(c.group) ?? { topics: new Set(), services: new Set() };
      g.topics.add(c.topic);
      g.services.add(service.name);
      groups.set(c.group, g);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, g]) => ({ group, topics: [...g.topics].sort(), services: [...g.services].sort() }));
}
