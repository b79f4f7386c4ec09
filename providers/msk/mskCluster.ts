import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { serverProperties } from './brokerConfig';
import { BROKER_PORTS, isExpress } from './limits';
import { MskSettings } from './settings';

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
 * broker logs with retention, enhanced monitoring and storage autoscaling.
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
    const port = BROKER_PORTS[s.authMode];

    const sg = new aws.ec2.SecurityGroup(
      `${name}-brokers`,
      {
        vpcId: s.vpcId,
        description: `MSK ${s.clusterName}: ${s.authMode.toUpperCase()} clients on port ${port} only`,
        // No inline rules: each allowed source is its own rule below; no egress is needed to serve clients.
      },
      { parent: this },
    );
    for (const [i, cidr] of s.allowedCidrs.entries()) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-cidr-${i}`,
        {
          securityGroupId: sg.id,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
          description: `Kafka clients (${s.authMode}) from ${cidr}`,
        },
        { parent: this },
      );
    }
    for (const sourceSg of s.allowedSecurityGroupIds) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${sourceSg}`,
        {
          securityGroupId: sg.id,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          referencedSecurityGroupId: sourceSg,
          description: `Kafka clients (${s.authMode}) from ${sourceSg}`,
        },
        { parent: this },
      );
    }
    this.securityGroupId = sg.id;

    if (s.clusterType === 'serverless') {
      const cluster = new aws.msk.ServerlessCluster(
        name,
        {
          clusterName: s.clusterName,
          vpcConfigs: [{ subnetIds: s.subnets.map((x) => x.id), securityGroupIds: [sg.id] }],
          clientAuthentication: { sasl: { iam: { enabled: true } } },
        },
        { parent: this, protect: args.protect },
      );
      this.arn = cluster.arn;
      this.clusterName = cluster.clusterName;
      this.bootstrapServers = cluster.bootstrapBrokersSaslIam;
      this.registerOutputs({ arn: this.arn, bootstrapServers: this.bootstrapServers });
      return;
    }

    const kmsKeyArn = s.kmsKeyArn
      ? pulumi.output(s.kmsKeyArn)
      : new aws.kms.Key(
          `${name}-key`,
          {
            description: `MSK ${s.clusterName}: data at rest and SCRAM secrets`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
          },
          // Losing the key loses every byte the cluster and its secrets hold.
          { parent: this, protect: args.protect },
        ).arn;
    this.kmsKeyArn = kmsKeyArn;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-broker-logs`,
      { name: `/aws/msk/${s.clusterName}`, retentionInDays: s.logRetentionDays },
      { parent: this },
    );

    const express = isExpress(s.instanceType);
    // Auto-named (random suffix), so a Kafka version change creates the new configuration before
    // deleting the old one, which MSK refuses to delete while the cluster uses it.
    const configuration = new aws.msk.Configuration(
      `${name}-config`,
      {
        kafkaVersions: [s.kafkaVersion],
        description: `Broker settings of ${s.clusterName} (managed by Pulumi)`,
        serverProperties: serverProperties({
          azCount: s.subnets.length,
          brokerCount: s.brokerCount,
          express,
          overrides: s.brokerConfig,
        }),
      },
      { parent: this },
    );

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
        // Autoscaling grows volumes behind Pulumi's back; without this every run would try to
        // shrink them back, which MSK refuses. Size changes then go through the autoscaling max.
        ...(s.storage?.autoscaling
          ? { ignoreChanges: ['brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize'] }
          : {}),
      },
    );

    if (s.storage?.autoscaling) {
      const target = new aws.appautoscaling.Target(
        `${name}-storage`,
        {
          serviceNamespace: 'kafka',
          scalableDimension: 'kafka:broker-storage:VolumeSize',
          resourceId: cluster.arn,
          minCapacity: 1,
          maxCapacity: s.storage.autoscaling.maxGiB,
        },
        { parent: this },
      );
      new aws.appautoscaling.Policy(
        `${name}-storage`,
        {
          policyType: 'TargetTrackingScaling',
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: s.storage.autoscaling.targetPercent,
            // MSK never shrinks volumes.
            disableScaleIn: true,
            predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
          },
        },
        { parent: this },
      );
    }

    this.arn = cluster.arn;
    this.clusterName = cluster.clusterName;
    this.bootstrapServers =
      s.authMode === 'iam' ? cluster.bootstrapBrokersSaslIam : cluster.bootstrapBrokersSaslScram;
    this.registerOutputs({ arn: this.arn, bootstrapServers: this.bootstrapServers, kmsKeyArn });
  }
}
