import { ResourceValidationPolicy } from '@pulumi/policy';
import { StackFacts } from './facts';
import { inProduction, PRODUCTION_CONFIG } from './production';
import { policyFacts } from './backendFacts';
import { TYPES } from './resourceTypes';

/**
 * Production clusters and topics carry `protect`: the engine refuses to delete or replace them
 * until someone unprotects them on purpose (`kafka:protect`, true by default for prod* stacks).
 * Which types are clusters and topics, each backend says (`providers/<backend>/policyFacts.ts`).
 */
export function protectProduction(facts: () => StackFacts): ResourceValidationPolicy {
  return {
    name: 'protect-production-clusters-and-topics',
    description:
      'Production Kafka clusters and topics are registered with protect: nothing deletes or replaces them by accident.',
    remediationSteps: 'Set kafka:protect to true on the stack (the default for stacks named prod*).',
    configSchema: PRODUCTION_CONFIG,
    validateResource: (args, report) => {
      if (args.type === TYPES.kafkaTopicShard) {
        // A shard's provider enforces protection per topic (its `protect` input), not the engine.
        if (!inProduction(args, facts().stack) || args.props.protect === true) return;
        for (const name of Object.keys((args.props.topics as Record<string, unknown> | undefined) ?? {}))
          report(
            `topic "${name}" of production stack "${facts().stack}" is not protected: set kafka:protect to true`,
          );
        return;
      }
      const { clusterTypes, topicTypes } = policyFacts();
      const cluster = clusterTypes.includes(args.type);
      if (!cluster && !topicTypes.includes(args.type)) return;
      if (!inProduction(args, facts().stack) || args.opts.protect) return;
      report(
        `this ${cluster ? 'cluster' : 'topic'} of production stack "${facts().stack}" is not protected: set kafka:protect to true`,
      );
    },
  };
}
