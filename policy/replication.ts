import { ResourceValidationPolicy } from '@pulumi/policy';
import { StackFacts } from './facts';
import { inProduction, PRODUCTION_CONFIG } from './production';
import { TYPES } from './resourceTypes';

/** The fewest copies a production topic keeps: it survives one broker down while another is restarting. */
export const MIN_PRODUCTION_REPLICATION_FACTOR = 3;

/**
 * Where the replication factor is the stack's to choose, production topics keep at least 3
 * copies: MSK topics, and topics the admin-API provider makes (existing clusters, MSK Serverless,
 * the ownership records). Event Hubs and Confluent Cloud fix replication themselves (3 copies),
 * so their topics have no such input and are not checked.
 */
export function productionReplicationFactor(facts: () => StackFacts): ResourceValidationPolicy {
  const inputs: Record<string, string> = {
    [TYPES.mskTopic]: 'replicationFactor',
    [TYPES.kafkaTopic]: 'replicationFactor',
    [TYPES.kafkaTopicOwnership]: 'replicationFactor',
  };
  return {
    name: 'production-replication-factor',
    description: `Production topics keep at least ${MIN_PRODUCTION_REPLICATION_FACTOR} replicas where the backend lets the stack choose.`,
    remediationSteps: `Set replicationFactor (catalog) or the backend's default replication factor to ${MIN_PRODUCTION_REPLICATION_FACTOR} or more.`,
    configSchema: PRODUCTION_CONFIG,
    validateResource: (args, report) => {
      if (args.type === TYPES.kafkaTopicShard) {
        if (!inProduction(args, facts().stack)) return;
        const topics = (args.props.topics ?? {}) as Record<string, { replicationFactor?: unknown }>;
        for (const [name, topic] of Object.entries(topics)) {
          const rf = topic.replicationFactor;
          if (typeof rf !== 'number' || rf < MIN_PRODUCTION_REPLICATION_FACTOR)
            report(
              `topic "${name}": replicationFactor is ${JSON.stringify(rf)} in production stack "${facts().stack}" (allowed: ${MIN_PRODUCTION_REPLICATION_FACTOR} or more)`,
            );
        }
        return;
      }
      const input = inputs[args.type];
      if (!input || !inProduction(args, facts().stack)) return;
      const rf = args.props[input] as unknown;
      if (typeof rf !== 'number' || rf < MIN_PRODUCTION_REPLICATION_FACTOR) {
        report(
          `${input} is ${rf === undefined ? 'not set (the cluster default)' : JSON.stringify(rf)} in production stack "${facts().stack}" (allowed: ${MIN_PRODUCTION_REPLICATION_FACTOR} or more)`,
        );
      }
    },
  };
}
