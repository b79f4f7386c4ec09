import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MskSettings } from './settings';

/**
 * The customer-managed key for data at rest and the SCRAM secrets: the configured one, or a new
 * key with yearly rotation. Protected with the cluster: losing it loses every byte the cluster
 * and its secrets hold.
 */
export function encryptionKeyArn(
  name: string,
  s: MskSettings,
  parent: pulumi.Resource,
  protect: boolean,
): pulumi.Output<string> {
  if (s.kmsKeyArn) return pulumi.output(s.kmsKeyArn);
  return new aws.kms.Key(
    `${name}-key`,
    {
      description: `MSK ${s.clusterName}: data at rest and SCRAM secrets`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    },
    { parent, protect },
  ).arn;
}
