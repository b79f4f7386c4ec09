import { ResourceValidationPolicy } from '@pulumi/policy';
import { StackFacts } from './facts';
import { inProduction, PRODUCTION_CONFIG } from './production';
import { policyFacts } from './backendFacts';

/**
 * What makes a resource reachable from the internet, one line each: every backend says it for its
 * cluster types and network resources (`providers/<backend>/policyFacts.ts`).
 */
function publicAccess(type: string, props: Record<string, unknown>): string[] {
  return policyFacts().publicAccess[type]?.(props) ?? [];
}

/** No Kafka endpoint or broker security group of a production stack is reachable from the internet. */
export function noPublicNetworkInProduction(facts: () => StackFacts): ResourceValidationPolicy {
  return {
    name: 'no-public-network-in-production',
    description:
      'Production clusters are reachable from private networks only: no public endpoint, no ingress from anywhere.',
    remediationSteps:
      'Reach production clusters through the VPC/VNet (security groups, private endpoints, private networks).',
    configSchema: PRODUCTION_CONFIG,
    validateResource: (args, report) => {
      if (!inProduction(args, facts().stack)) return;
      for (const why of publicAccess(args.type, args.props))
        report(`${why}, in production stack "${facts().stack}"`);
    },
  };
}
