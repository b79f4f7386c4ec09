import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { BROKER_PORTS } from './limits';
import { MskSettings } from './settings';

/**
 * The brokers' security group: only the auth mode's broker port, over TCP, from each allowed CIDR
 * and security group, one rule each. No inline rules (they would fight the separate rules) and no
 * egress: brokers serve clients, they dial nothing.
 */
export function brokerSecurityGroup(
  name: string,
  s: MskSettings,
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  const port = BROKER_PORTS[s.authMode];
  const sg = new aws.ec2.SecurityGroup(
    `${name}-brokers`,
    {
      vpcId: s.vpcId,
      description: `MSK ${s.clusterName}: ${s.authMode.toUpperCase()} clients on port ${port} only`,
    },
    { parent },
  );
  const rule = { securityGroupId: sg.id, ipProtocol: 'tcp', fromPort: port, toPort: port };
  for (const [i, cidr] of s.allowedCidrs.entries()) {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-cidr-${i}`,
      { ...rule, cidrIpv4: cidr, description: `Kafka clients (${s.authMode}) from ${cidr}` },
      { parent },
    );
  }
  for (const sourceSg of s.allowedSecurityGroupIds) {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-${sourceSg}`,
      {
        ...rule,
        referencedSecurityGroupId: sourceSg,
        description: `Kafka clients (${s.authMode}) from ${sourceSg}`,
      },
      { parent },
    );
  }
  return sg;
}
