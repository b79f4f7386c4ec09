import { Problem } from '../../config/problems';
import { accessIntent } from '../../kafka/access';
import { Catalog } from '../../topics/catalog';
import { gcpAclResources } from './acls';
import {
  DEFAULT_REPLICATION_FACTOR,
  MANAGED_TOPIC_CONFIGS,
  MAX_ACL_ENTRIES,
  SERVICE_ACCOUNT_ID,
} from './limits';
import { serviceAccountId } from './principal';
import { GcpSettings } from './settings';

/**
 * What the catalog asks for that Managed Kafka or this backend cannot do, found before anything is
 * created: topic configs Google operates itself, a min.insync.replicas that would stop writes, a
 * service whose Google service account id would be invalid, and more ACL entries on one resource
 * than one ACL holds.
 */
export function gcpCatalogProblems(s: GcpSettings, catalog: Catalog, catalogPath: string): Problem[] {
  const problems: Problem[] = [];
  const managed: readonly string[] = MANAGED_TOPIC_CONFIGS;
  catalog.topics.forEach((topic, i) => {
    const where = (field: string) => `${catalogPath} topics[${i}].${field} (${topic.name})`;
    const replicas = topic.replicationFactor ?? DEFAULT_REPLICATION_FACTOR;
    for (const [key, value] of Object.entries(topic.config)) {
      if (managed.includes(key)) {
        problems.push({
          where: where(`config.${key}`),
          message: `cannot be set on Google Managed Kafka, which operates broker storage itself (configs it manages: ${MANAGED_TOPIC_CONFIGS.join(', ')})`,
        });
      } else if (key === 'min.insync.replicas' && Number(value) >= replicas) {
        problems.push({
          where: where(`config.${key}`),
          message: `${value} must be less than the topic's ${replicas} replicas, or one broker restart stops writes with acks=all`,
        });
      }
    }
  });
  catalog.services.forEach((service, i) => {
    const id = serviceAccountId(s.serviceAccountPrefix, service.name);
    if (!SERVICE_ACCOUNT_ID.test(id)) {
      problems.push({
        where: `${catalogPath} services[${i}].name (${service.name})`,
        message: `gives the Google service account id "${id}" (kafka:gcp.serviceAccountPrefix + "-" + name), which must be 6-30 lower-case letters, digits or "-", starting with a letter: shorten the name or the prefix`,
      });
    }
  });
  const ids = new Map<string, string>();
  for (const service of catalog.services) {
    const id = serviceAccountId(s.serviceAccountPrefix, service.name);
    const other = ids.get(id);
    if (other) {
      problems.push({
        where: `${catalogPath} services (${other}, ${service.name})`,
        message: `both get the Google service account id "${id}": rename one`,
      });
    }
    ids.set(id, service.name);
  }
  const intents = Object.fromEntries(catalog.services.map((x) => [x.name, accessIntent(x)]));
  for (const acl of gcpAclResources(intents, () => 'User:x')) {
    if (acl.entries.length > MAX_ACL_ENTRIES) {
      problems.push({
        where: `${catalogPath} services`,
        message: `give ${acl.entries.length} ACL entries on ${acl.aclId}; one Managed Kafka ACL holds at most ${MAX_ACL_ENTRIES}`,
      });
    }
  }
  return problems;
}
