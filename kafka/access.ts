import { Catalog, Service } from '../topics/catalog';

/**
 * What one service may do on the cluster, derived from the catalog and nothing else: the single
 * least-privilege rule. Each backend turns it into its own mechanism (MSK IAM policies, Kafka ACLs,
 * Azure role assignments, Confluent ACLs); none decides on its own what a service may touch.
 */
export interface AccessIntent {
  /** Topics it produces to, its consumers' dead-letter topics included, sorted. */
  write: string[];
  /** Topics it consumes, sorted. */
  read: string[];
  /** Consumer groups it reads in and commits offsets for, sorted. */
  groups: string[];
}

/** The access intent of one catalog service. */
export function accessIntent(service: Service): AccessIntent {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    write: sorted([
      ...service.produces,
      ...service.consumes.flatMap((c) => (c.deadLetter ? [c.deadLetter] : [])),
    ]),
    read: sorted(service.consumes.map((c) => c.topic)),
    groups: sorted(service.consumes.map((c) => c.group)),
  };
}

/** The access intent of every catalog service, by service name. */
export function accessIntents(catalog: Catalog): Record<string, AccessIntent> {
  return Object.fromEntries(catalog.services.map((s) => [s.name, accessIntent(s)]));
}
