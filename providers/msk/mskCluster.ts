import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { brokerConfiguration } from './brokerConfiguration';
import { brokerLogGroup } from './brokerLogs';
import { brokerSecurityGroup } from './brokerNetwork';
import { encryptionKeyArn } from './encryptionKey';
import { FixedSetting, MskGuard } from './guard';
import { MskSettings } from './settings';
import { storageAutoscaling } from './storageAutoscaling';

export interface MskClusterArgs {
  /** Validated `kafka:msk` settings; everything about the cluster's shape comes from here. */
  settings: MskSettings;
  /** Protect the cluster and its encryption key against deletion and replacement (kafka:protect). */
  protect: boolean;
}

/**
 * An MSK cluster (provisioned or serverless) in an existing VPC with everything it needs to be
 * private and encrypted: a security group opening only the auth mode's broker port to the allowed
 * sources, a customer-managed KMS key with rotation (or the configured one), a broker configuration,
 * broker logs with retention, enhanced monitoring and storage autoscaling. Each part is a function
 * of its own file; this component puts them together under one parent.
 */
export class MskCluster extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  /** Bootstrap servers of the configured auth mode (IAM :9098 or SCRAM :9096). */
  readonly bootstrapServers: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  /** The CMK encrypting data at rest and SCRAM secrets; absent for serverless (AWS-owned keys). */
  readonly kmsKeyArn?: pulumi.Output<string>;

  constructor(name: string, args: MskClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:msk:Cluster', name, {}, opts);
    const s = args.settings;
    // Everything below waits for the guard, which refuses a run that would replace the cluster.
    const guard = new MskGuard(
      name,
      { fixed: fixedSettings(s), allowClusterReplacement: s.allowClusterReplacement },
      { parent: this },
    );
    const sg = brokerSecurityGroup(name, s, this, guard);
    this.securityGroupId = sg.id;

    if (s.clusterType === 'serverless') {
      const cluster = new aws.msk.ServerlessCluster(
        name,
        {
          clusterName: s.clusterName,
          vpcConfigs: [{ subnetIds: s.subnets.map((x) => x.id), securityGroupIds: [sg.id] }],
          clientAuthentication: { sasl: { iam: { enabled: true } } },
        },
        { parent: this, protect: args.protect, dependsOn: [guard] },
      );
      this.arn = cluster.arn;
      this.clusterName = cluster.clusterName;
      this.bootstrapServers = cluster.bootstrapBrokersSaslIam;
      this.registerOutputs({ arn: this.arn, bootstrapServers: this.bootstrapServers });
      return;
    }

    const kmsKeyArn = encryptionKeyArn(name, s, this, args.protect);
    this.kmsKeyArn = kmsKeyArn;
    const logGroup = brokerLogGroup(name, s, this);
    const configuration = brokerConfiguration(name, s, this);
    const cluster = new aws.msk.Cluster(
      name,
      {
        clusterName: s.clusterName,
        kafkaVersion: s.kafkaVersion,
        numberOfBrokerNodes: s.brokerCount,
        brokerNodeGroupInfo: {
          instanceType: s.instanceType,
          clientSubnets: s.subnets.map((x) => x.id),
          securityGroups: [sg.id],
          connectivityInfo: { publicAccess: { type: 'DISABLED' } },
          ...(s.storage ? { storageInfo: { ebsStorageInfo: { volumeSize: s.storage.volumeSizeGiB } } } : {}),
        },
        clientAuthentication: {
          sasl: { iam: s.authMode === 'iam', scram: s.authMode === 'scram' },
          unauthenticated: false,
        },
        encryptionInfo: {
          encryptionAtRestKmsKeyArn: kmsKeyArn,
          encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
        },
        configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
        enhancedMonitoring: s.monitoring,
        loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logGroup.name } } },
      },
      {
        parent: this,
        protect: args.protect,
        dependsOn: [guard],
        // Autoscaling grows volumes behind Pulumi's back; without this every run would try to
        // shrink them back, which MSK refuses. Size changes then go through the autoscaling max.
        ...(s.storage?.autoscaling
          ? { ignoreChanges: ['brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize'] }
          : {}),
      },
    );
    if (s.storage?.autoscaling) storageAutoscaling(name, s.storage.autoscaling, cluster.arn, this);

    this.arn = cluster.arn;
    this.clusterName = cluster.clusterName;
    this.bootstrapServers =
      s.authMode === 'iam' ? cluster.bootstrapBrokersSaslIam : cluster.bootstrapBrokersSaslScram;
    this.registerOutputs({ arn: this.arn, bootstrapServers: this.bootstrapServers, kmsKeyArn });
  }
}

/** The settings MSK cannot change on an existing cluster, as the guard compares them. */
export function fixedSettings(s: MskSettings): Record<FixedSetting, string> {
  return {
    region: s.region,
    clusterType: s.clusterType,
    clusterName: s.clusterName,
    vpcId: s.vpcId,
    // client_subnets is a list: its order counts too.
    subnets: s.subnets.map((x) => x.id).join(','),
    kmsKeyArn: s.clusterType === 'serverless' ? 'AWS-owned' : (s.kmsKeyArn ?? 'the key this stack creates'),
  };
}
