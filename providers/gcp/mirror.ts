import * as managedkafka from '@pulumi/gcp/managedkafka';
import * as pulumi from '@pulumi/pulumi';
import { Topic } from '../../topics/catalog';
import { GIB } from './limits';
import { GcpMirrorSettings } from './settings';

/**
 * The MirrorSourceConnector's configuration: exactly the catalog's topics, under their own names
 * (IdentityReplicationPolicy), from the source cluster to this one. Keys from Apache Kafka's
 * MirrorMaker 2 connector reference (https://kafka.apache.org/documentation/#mirrormakerconfigs);
 * the target side authenticates as Google's Java clients do (GcpLoginCallbackHandler,
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/authentication-kafka).
 */
export function mirrorSourceConfig(
  topics: readonly Topic[],
  sourceBootstrapServers: string,
  targetBootstrapServers: string,
): Record<string, string> {
  const escaped = topics.map((t) => t.name.replace(/[.]/g, '\\.')).sort();
  return {
    'connector.class': 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
    'source.cluster.alias': 'source',
    'target.cluster.alias': 'target',
    'source.cluster.bootstrap.servers': sourceBootstrapServers,
    'target.cluster.bootstrap.servers': targetBootstrapServers,
    'target.cluster.security.protocol': 'SASL_SSL',
    'target.cluster.sasl.mechanism': 'OAUTHBEARER',
    'target.cluster.sasl.login.callback.handler.class':
      'com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler',
    'target.cluster.sasl.jaas.config':
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    topics: escaped.join(','),
    'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
    // The catalog's topics exist already (GcpTopics); the connector must not create or reconfigure them.
    'sync.topic.configs.enabled': 'false',
    'sync.topic.acls.enabled': 'false',
    'tasks.max': String(
      Math.max(
        1,
        Math.min(
          topics.reduce((n, t) => n + t.partitions, 0),
          16,
        ),
      ),
    ),
  };
}

export interface GcpMirrorArgs {
  settings: GcpMirrorSettings;
  topics: Topic[];
  project: string;
  region: string;
  /** The cluster's id and name: the Connect cluster attaches to it and mirrors into it. */
  clusterId: string;
  clusterName: pulumi.Input<string>;
  bootstrapServers: pulumi.Input<string>;
  labels: Record<string, string>;
  /** The topics, which must exist before anything is copied into them. */
  after: pulumi.Resource[];
}

/** MirrorMaker 2 on Google's managed Kafka Connect: a Connect cluster and one MirrorSourceConnector. */
export class GcpMirror extends pulumi.ComponentResource {
  constructor(name: string, args: GcpMirrorArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:gcp:Mirror', name, {}, opts);
    const s = args.settings;
    const connectClusterId = `${args.clusterId}-mirror`.slice(0, 63);
    const connect = new managedkafka.ConnectCluster(
      `${name}-connect`,
      {
        project: args.project,
        location: args.region,
        connectClusterId,
        kafkaCluster: args.clusterName,
        capacityConfig: {
          vcpuCount: String(s.vcpus),
          memoryBytes: String(s.vcpus * s.memoryGiBPerVcpu * GIB),
        },
        gcpConfig: {
          accessConfig: {
            networkConfigs: [
              {
                primarySubnet: s.subnet,
                ...(s.dnsDomainNames.length ? { dnsDomainNames: s.dnsDomainNames } : {}),
              },
            ],
          },
        },
        labels: args.labels,
      },
      { parent: this, dependsOn: args.after },
    );
    new managedkafka.Connector(
      `${name}-mirror-source`,
      {
        project: args.project,
        location: args.region,
        connectCluster: connectClusterId,
        connectorId: 'mirror-source',
        configs: pulumi
          .output(args.bootstrapServers)
          .apply((target) => mirrorSourceConfig(args.topics, s.sourceBootstrapServers, target)),
      },
      { parent: this, dependsOn: [connect] },
    );
    this.registerOutputs({ connectClusterId });
  }
}
