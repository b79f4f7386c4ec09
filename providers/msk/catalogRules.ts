import { Problem } from '../../config/problems';
import { Catalog } from '../../topics/catalog';
import { CatalogLocator } from '../../topics/parseCatalog';
import { durabilityDefaults } from './brokerProperties';
import { isExpress, maxPartitionsPerBroker } from './limits';
import { ACL_ADMIN_USER } from './aclAdmin';
import { MskSettings } from './settings';

/** Topic configs MSK Serverless lets clients set (serverless-config). */
export const SERVERLESS_TOPIC_CONFIGS = [
  'cleanup.policy',
  'compression.type',
  'max.message.bytes',
  'message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms',
  'message.timestamp.type',
  'retention.bytes',
  'retention.ms',
];
/** MSK Serverless and Express brokers always keep 3 replicas. */
export const FIXED_REPLICATION_FACTOR = 3;

/** The replication factor a catalog topic gets on this cluster. */
export function topicReplicationFactor(settings: MskSettings, explicit: number | undefined): number {
  if (settings.clusterType === 'serverless' || isExpress(settings.instanceType))
    return FIXED_REPLICATION_FACTOR;
  if (explicit !== undefined) return explicit;
  const configured = settings.brokerConfig['default.replication.factor'];
  return Number(
    configured ??
      durabilityDefaults(settings.subnets.length, settings.brokerCount)['default.replication.factor'],
  );
}

/**
 * What the catalog asks for that this MSK cluster cannot do, found before anything is created:
 * more replicas than brokers, a min ISR that blocks writes, replication factors or topic configs
 * that Serverless/Express do not allow.
 */
export function mskCatalogProblems(
  settings: MskSettings,
  catalog: Catalog,
  locate: CatalogLocator,
): Problem[] {
  const problems: Problem[] = [];
  const serverless = settings.clusterType === 'serverless';
  const express = !serverless && isExpress(settings.instanceType);
  catalog.topics.forEach((topic, i) => {
    const where = (...field: string[]) => locate(['topics', i, ...field]);
    if (topic.replicationFactor !== undefined) {
      if ((serverless || express) && topic.replicationFactor !== FIXED_REPLICATION_FACTOR) {
        problems.push({
          where: where('replicationFactor'),
          message: `${topic.replicationFactor} is not possible on ${serverless ? 'MSK Serverless' : 'Express brokers'}, which always keep ${FIXED_REPLICATION_FACTOR} replicas (leave it unset)`,
        });
      } else if (!serverless && topic.replicationFactor > settings.brokerCount) {
        problems.push({
          where: where('replicationFactor'),
          message: `${topic.replicationFactor} is more than the ${settings.brokerCount} brokers of kafka:msk.brokerCount`,
        });
      }
    }
    const rf = topicReplicationFactor(settings, topic.replicationFactor);
    const isr = topic.config['min.insync.replicas'];
    if (isr !== undefined && Number(isr) >= rf && !serverless) {
      problems.push({
        where: where('config', 'min.insync.replicas'),
        message: `${isr} must be less than the topic's replication factor (${rf}), or one broker restart stops writes with acks=all`,
      });
    }
    if (serverless) {
      for (const key of Object.keys(topic.config)) {
        if (!SERVERLESS_TOPIC_CONFIGS.includes(key)) {
          problems.push({
            where: where('config', key),
            message: `cannot be set on MSK Serverless (kafka:msk.clusterType serverless allows: ${SERVERLESS_TOPIC_CONFIGS.join(', ')})`,
          });
        }
      }
    }
  });
  const max = serverless ? undefined : maxPartitionsPerBroker(settings.instanceType);
  if (max !== undefined && settings.brokerCount > 0) {
    const replicas = catalog.topics.reduce(
      (sum, t) => sum + t.partitions * topicReplicationFactor(settings, t.replicationFactor),
      0,
    );
    const perBroker = Math.ceil(replicas / settings.brokerCount);
    if (perBroker > max) {
      problems.push({
        where: locate(['topics']),
        message: `need ${perBroker} partition replicas per broker on ${settings.brokerCount} × ${settings.instanceType}; MSK allows at most ${max} (above it updates and SCRAM association are blocked): use more or larger brokers (kafka:msk.brokerCount, kafka:msk.instanceType) or fewer partitions`,
      });
    }
  }
  if (settings.manageAcls) {
    catalog.services.forEach((service, i) => {
      if (service.name === ACL_ADMIN_USER) {
        problems.push({
          where: locate(['services', i, 'name']),
          message: `is the SCRAM user kafka:msk.manageAcls uses for itself; rename the service`,
        });
      }
    });
  }
  return problems;
}
