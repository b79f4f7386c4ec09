import { ResourceValidationPolicy } from '@pulumi/policy';
import { StackFacts } from './facts';
import { inProduction, PRODUCTION_CONFIG } from './production';
import { policyFacts } from './backendFacts';
import { TYPES } from './resourceTypes';

/** The fewest copies a production topic keeps: it survives one broker down while another is restarting. */
export const MIN_PRODUCTION_REPLICATION_FACTOR = 3;

/**
 * Where the replication factor is the stack's to choose, production topics keep at least 3
 * copies. Each backend says per topic type which input holds it, or that the service fixes it
 * (`providers/<backend>/policyFacts.ts`: Event Hubs and Confluent Cloud keep 3 copies themselves).
 */
export function productionReplicationFactor(facts: () => StackFacts): ResourceValidationPolicy {
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
      const fact = policyFacts().replicationFactor[args.type];
      const input = fact && 'input' in fact ? fact.input : undefined;
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
