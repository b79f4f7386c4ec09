import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MskSettings } from './settings';

/** The CloudWatch log group the brokers log to, with the configured retention. */
export function brokerLogGroup(
  name: string,
  s: MskSettings,
  parent: pulumi.Resource,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    `${name}-broker-logs`,
    { name: `/aws/msk/${s.clusterName}`, retentionInDays: s.logRetentionDays },
    { parent },
  );
}
