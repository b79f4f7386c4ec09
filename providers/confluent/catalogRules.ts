import { Problem } from '../../config/problems';
import { configWhere } from '../../config/rawConfig';
import { accessIntent } from '../../kafka/access';
import { Catalog, Topic } from '../../topics/catalog';
import { confluentAcls } from './acls';
import { nameProblem } from '../nameRules';
import {
  compactedPartitionLimit,
  EDITABLE_TOPIC_CONFIGS,
  NAME_RULES,
  partitionLimit,
  REPLICATION_FACTOR,
  TYPE_LIMITS,
} from './limits';
import { ConfluentSettings } from './settings';

/** Display-name suffixes of the backend's own service accounts; no catalog service may take them. */
export const OWN_ACCOUNTS = { manager: 'manager', metrics: 'metrics' } as const;

/** The display name of a service account of this stack: `<serviceAccountPrefix>-<service or own suffix>`. */
export function serviceAccountName(
  s: Pick<ConfluentSettings, 'serviceAccountPrefix'>,
  suffix: string,
): string {
  return `${s.serviceAccountPrefix}-${suffix}`;
}

/** Kafka API keys the backend holds besides the services' own: the manager's. */
const MANAGER_KEYS = 1;

/** The cluster as limits name it, e.g. `a Basic cluster` or `a 2-CKU Dedicated cluster`. */
function clusterText(s: ConfluentSettings): string {
  const type = s.clusterType[0]!.toUpperCase() + s.clusterType.slice(1);
  if (s.clusterType === 'dedicated') return `a ${s.cku ?? 1}-CKU ${type} cluster`;
  return `${s.clusterType === 'enterprise' ? 'an' : 'a'} ${type} cluster`;
}

function compacted(topic: Topic): boolean {
  return (topic.config['cleanup.policy'] ?? '').split(',').includes('compact');
}

/**
 * What the catalog asks for that this Confluent Cloud cluster cannot do, found before anything is
 * created: another replication factor than Confluent's fixed 3, topic configs Confluent does not
 * let clients set, messages above the type's size limit, more partitions, API keys or ACLs than
 * the cluster type allows, and key versions of services the catalog does not have.
 */
export function confluentCatalogProblems(
  s: ConfluentSettings,
  catalog: Catalog,
  catalogPath: string,
): Problem[] {
  const problems: Problem[] = [];
  const limits = TYPE_LIMITS[s.clusterType];
  const editable: readonly string[] = EDITABLE_TOPIC_CONFIGS;
  catalog.topics.forEach((topic, i) => {
    const where = (field: string) => `${catalogPath} topics[${i}].${field} (${topic.name})`;
    if (topic.replicationFactor !== undefined && topic.replicationFactor !== REPLICATION_FACTOR) {
      problems.push({
        where: where('replicationFactor'),
        message: `${topic.replicationFactor} is not possible on Confluent Cloud, which keeps every topic at ${REPLICATION_FACTOR} replicas (leave it unset)`,
      });
    }
    for (const [key, value] of Object.entries(topic.config)) {
      if (!editable.includes(key)) {
        problems.push({
          where: where(`config.${key}`),
          message: `cannot be set on Confluent Cloud (topic configs it allows: ${EDITABLE_TOPIC_CONFIGS.join(', ')})`,
        });
      } else if (key === 'max.message.bytes' && Number(value) > limits.maxMessageBytes) {
        problems.push({
          where: where(`config.${key}`),
          message: `${value} is more than the ${limits.maxMessageBytes} bytes ${clusterText(s)} accepts per message`,
        });
      } else if (key === 'min.insync.replicas' && Number(value) >= REPLICATION_FACTOR) {
        problems.push({
          where: where(`config.${key}`),
          message: `${value} must be less than the ${REPLICATION_FACTOR} replicas every Confluent Cloud topic has, or one broker restart stops writes with acks=all`,
        });
      }
    }
  });

  const partitions = catalog.topics.reduce((sum, t) => sum + t.partitions, 0);
  const maxPartitions = partitionLimit(s.clusterType, s.cku);
  if (partitions > maxPartitions) {
    problems.push({
      where: `${catalogPath} topics`,
      message: `need ${partitions} partitions; ${clusterText(s)} allows ${maxPartitions} (before replication): use fewer partitions or a larger cluster (kafka:confluent.clusterType, kafka:confluent.cku)`,
    });
  }
  const compactedPartitions = catalog.topics.filter(compacted).reduce((sum, t) => sum + t.partitions, 0);
  const maxCompacted = compactedPartitionLimit(s.clusterType, s.cku);
  if (compactedPartitions > maxCompacted) {
    problems.push({
      where: `${catalogPath} topics`,
      message: `need ${compactedPartitions} partitions of compacted topics; ${clusterText(s)} can compact ${maxCompacted}`,
    });
  }

  const own: readonly string[] = Object.values(OWN_ACCOUNTS);
  catalog.services.forEach((service, i) => {
    if (own.includes(service.name)) {
      problems.push({
        where: `${catalogPath} services[${i}].name (${service.name})`,
        message: `names the backend's own ${service.name} service account (<serviceAccountPrefix>-${service.name}); rename the service`,
      });
    }
  });
  // Confluent refuses a display name over 64 characters: `<prefix>-<service>` must fit.
  for (const suffix of Object.values(OWN_ACCOUNTS)) {
    const issue = nameProblem(NAME_RULES.serviceAccount, serviceAccountName(s, suffix));
    if (issue) {
      problems.push({
        where: configWhere(['confluent', 'serviceAccountPrefix']),
        message: `the backend's ${suffix} service account name ${issue}; set a shorter kafka:confluent.serviceAccountPrefix (it defaults to kafka:confluent.clusterName)`,
      });
    }
  }
  catalog.services.forEach((service, i) => {
    const issue = nameProblem(NAME_RULES.serviceAccount, serviceAccountName(s, service.name));
    if (issue) {
      problems.push({
        where: `${catalogPath} services[${i}].name (${service.name})`,
        message: `its service account name ${issue}; shorten the service name or kafka:confluent.serviceAccountPrefix`,
      });
    }
  });
  const services = new Set(catalog.services.map((x) => x.name));
  for (const service of Object.keys(s.keyVersions)) {
    if (!services.has(service)) {
      problems.push({
        where: configWhere(['confluent', 'keyVersions', service]),
        message: `is not a service of the catalog (services: ${[...services].sort().join(', ')})`,
      });
    }
  }
  const keys =
    MANAGER_KEYS + catalog.services.reduce((sum, x) => sum + (s.keyVersions[x.name]?.length ?? 1), 0);
  if (keys > limits.apiKeys) {
    problems.push({
      where: `${catalogPath} services`,
      message: `need ${keys} Kafka API keys (one per service and key version, one for the manager); ${clusterText(s)} allows ${limits.apiKeys}`,
    });
  }
  const acls = catalog.services.reduce((sum, x) => sum + confluentAcls(accessIntent(x)).length, 0);
  if (acls > limits.acls) {
    problems.push({
      where: `${catalogPath} services`,
      message: `need ${acls} ACLs; ${clusterText(s)} allows ${limits.acls}`,
    });
  }
  return problems;
}
