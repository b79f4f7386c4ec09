import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { serverProperties } from './brokerProperties';
import { isExpress } from './limits';
import { MskSettings } from './settings';

/**
 * The cluster's MSK configuration: the durability defaults and the validated overrides as
 * server.properties. Auto-named (random suffix), so a Kafka version change creates the new
 * configuration before deleting the old one, which MSK refuses to delete while the cluster uses it.
 */
export function brokerConfiguration(
  name: string,
  s: MskSettings,
  parent: pulumi.Resource,
): aws.msk.Configuration {
  return new aws.msk.Configuration(
    `${name}-config`,
    {
      kafkaVersions: [s.kafkaVersion],
      description: `Broker settings of ${s.clusterName} (managed by Pulumi)`,
      serverProperties: serverProperties({
        azCount: s.subnets.length,
        brokerCount: s.brokerCount,
        express: isExpress(s.instanceType),
        overrides: s.brokerConfig,
      }),
    },
    { parent },
  );
}
