import { TYPES } from '../../policy/resourceTypes';
import { PolicyFacts } from '../backendFacts';

type Props = Record<string, unknown>;

const WORLD = ['0.0.0.0/0', '::/0'];

function worldCidrs(rule: Props, where: string): string[] {
  const cidrs = [
    ...((rule.cidrBlocks as string[] | undefined) ?? []),
    ...((rule.ipv6CidrBlocks as string[] | undefined) ?? []),
  ];
  return cidrs.filter((c) => WORLD.includes(c)).map((c) => `${where} from ${c}: the whole internet`);
}

/** MSK's clusters and topics for the policy pack; the broker security group decides reachability. */
export const POLICY_FACTS: PolicyFacts = {
  clusterTypes: [TYPES.mskCluster, TYPES.mskServerlessCluster],
  // Provisioned clusters get aws:msk Topic resources; Serverless ones topics over the admin API
  // (with their ownership records).
  topicTypes: [TYPES.mskTopic, TYPES.kafkaTopic],
  replicationFactor: {
    [TYPES.mskTopic]: { input: 'replicationFactor' },
    [TYPES.kafkaTopic]: { input: 'replicationFactor' },
    [TYPES.kafkaTopicOwnership]: { input: 'replicationFactor' },
  },
  publicAccess: {
    [TYPES.mskCluster]: (p) => {
      const access = (
        p.brokerNodeGroupInfo as { connectivityInfo?: { publicAccess?: { type?: string } } } | undefined
      )?.connectivityInfo?.publicAccess?.type;
      return access && access !== 'DISABLED'
        ? [
            `brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "${access}" (allowed in production: DISABLED)`,
          ]
        : [];
    },
    // Serverless clusters have no public endpoint (https://docs.aws.amazon.com/msk/latest/developerguide/serverless.html:
    // clients connect from the VPC the cluster's subnets are in); their security groups are checked below.
    [TYPES.mskServerlessCluster]: () => [],
    [TYPES.securityGroupIngressRule]: (p) =>
      [p.cidrIpv4, p.cidrIpv6]
        .filter((c): c is string => typeof c === 'string' && WORLD.includes(c))
        .map((c) => `ingress from ${c}: the whole internet`),
    [TYPES.securityGroupRule]: (p) => (p.type === 'ingress' ? worldCidrs(p, 'ingress') : []),
    [TYPES.securityGroup]: (p) =>
      ((p.ingress as Props[] | undefined) ?? []).flatMap((rule, i) => worldCidrs(rule, `ingress[${i}]`)),
  },
};
