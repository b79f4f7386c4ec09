import { ResourceValidationPolicy } from '@pulumi/policy';
import { StackFacts } from './facts';
import { inProduction, PRODUCTION_CONFIG } from './production';
import { TYPES } from './resourceTypes';

const WORLD = ['0.0.0.0/0', '::/0'];

type Props = Record<string, unknown>;

/** What makes each kind of resource reachable from the internet, or undefined when it is not. */
function publicAccess(type: string, p: Props): string[] {
  switch (type) {
    case TYPES.mskCluster: {
      const access = (
        p.brokerNodeGroupInfo as { connectivityInfo?: { publicAccess?: { type?: string } } } | undefined
      )?.connectivityInfo?.publicAccess?.type;
      return access && access !== 'DISABLED'
        ? [
            `brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "${access}" (allowed in production: DISABLED)`,
          ]
        : [];
    }
    case TYPES.securityGroupIngressRule:
      return [p.cidrIpv4, p.cidrIpv6]
        .filter((c): c is string => typeof c === 'string' && WORLD.includes(c))
        .map((c) => `ingress from ${c}: the whole internet`);
    case TYPES.securityGroupRule:
      return p.type === 'ingress' ? worldCidrs(p, 'ingress') : [];
    case TYPES.securityGroup:
      return ((p.ingress as Props[] | undefined) ?? []).flatMap((rule, i) =>
        worldCidrs(rule, `ingress[${i}]`),
      );
    case TYPES.eventHubsNamespace:
      // Azure's default for a namespace without the setting is Enabled.
      return p.publicNetworkAccess === 'Disabled' || p.publicNetworkAccess === 'SecuredByPerimeter'
        ? []
        : [
            `publicNetworkAccess is ${JSON.stringify(p.publicNetworkAccess ?? 'Enabled (the default)')} (allowed in production: Disabled, SecuredByPerimeter)`,
          ];
    case TYPES.eventHubsNetworkRuleSet:
      return [
        ...(p.publicNetworkAccess === 'Enabled' ? ['publicNetworkAccess is "Enabled"'] : []),
        ...(p.defaultAction === 'Allow'
          ? ['defaultAction is "Allow": every network gets through the firewall']
          : []),
      ];
    case TYPES.confluentCluster: {
      // Basic and Standard clusters only have public endpoints; Dedicated ones are private when
      // placed in a private network; Enterprise ones are private only.
      if (p.basic !== undefined || p.standard !== undefined) {
        return [
          `a ${p.basic !== undefined ? 'Basic' : 'Standard'} cluster has only public endpoints (allowed in production: Dedicated in a private network, Enterprise)`,
        ];
      }
      const network = p.network as { id?: string } | undefined;
      return p.dedicated !== undefined && !network?.id
        ? ['a Dedicated cluster without network.id has public endpoints (place it in a private network)']
        : [];
    }
    default:
      return [];
  }
}

function worldCidrs(rule: Props, where: string): string[] {
  const cidrs = [
    ...((rule.cidrBlocks as string[] | undefined) ?? []),
    ...((rule.ipv6CidrBlocks as string[] | undefined) ?? []),
  ];
  return cidrs.filter((c) => WORLD.includes(c)).map((c) => `${where} from ${c}: the whole internet`);
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
