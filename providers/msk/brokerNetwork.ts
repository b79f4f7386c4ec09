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
  /** What must pass first: the MskGuard (a new VPC replaces the group, and with it the cluster). */
  guard: pulumi.Resource,
): aws.ec2.SecurityGroup {
  const port = BROKER_PORTS[s.authMode];
  const sg = new aws.ec2.SecurityGroup(
    `${name}-brokers`,
    // The description cannot change in place (ForceNew upstream): a new group would replace the
    // cluster. So it names nothing that may change (not the auth mode or port: the rules do), and
    // groups created with the former description keep it.
    { vpcId: s.vpcId, description: `Kafka brokers of MSK cluster ${s.clusterName} (kafka-platform)` },
    { parent, dependsOn: [guard], ignoreChanges: ['description'] },
  );
  const rule = { securityGroupId: sg.id, ipProtocol: 'tcp', fromPort: port, toPort: port };
  // Named by CIDR, not list position: removing one CIDR must delete its rule only, not rewrite the
  // next ones. Rules named by position before keep their state through an alias to that position
  // (true on the first run with these names as long as the list is unchanged in that run).
  for (const [i, cidr] of s.allowedCidrs.entries()) {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-cidr-${cidr}`,
      { ...rule, cidrIpv4: cidr, description: `Kafka clients (${s.authMode}) from ${cidr}` },
      { parent, aliases: [{ name: `${name}-cidr-${i}` }] },
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
