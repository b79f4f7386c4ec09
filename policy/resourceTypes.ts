/**
 * The resource types the guardrails look at, by the type token the engine reports. Tokens, not SDK
 * classes: the pack loads no cloud SDK (tests/unit/policy/resourceTypes.test.ts checks each token
 * against the real SDK class or a real plan).
 */
export const TYPES = {
  // AWS MSK
  mskCluster: 'aws:msk/cluster:Cluster',
  mskServerlessCluster: 'aws:msk/serverlessCluster:ServerlessCluster',
  mskTopic: 'aws:msk/topic:Topic',
  securityGroup: 'aws:ec2/securityGroup:SecurityGroup',
  securityGroupRule: 'aws:ec2/securityGroupRule:SecurityGroupRule',
  securityGroupIngressRule: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  iamRolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  iamPolicy: 'aws:iam/policy:Policy',
  iamRolePolicyAttachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  // The admin-API providers of this program (local clusters, MSK Serverless topics, SCRAM ACLs)
  kafkaTopic: 'pulumi-nodejs:dynamic/kafka:Topic',
  /** kafka:topicResources sharded: many topics in one resource, `topics` by name. */
  kafkaTopicShard: 'pulumi-nodejs:dynamic/kafka:TopicShard',
  kafkaTopicOwnership: 'pulumi-nodejs:dynamic/kafka:TopicOwnership',
  kafkaAcls: 'pulumi-nodejs:dynamic/kafka:Acls',
  // Azure Event Hubs
  eventHubsNamespace: 'azure-native:eventhub:Namespace',
  eventHubsNetworkRuleSet: 'azure-native:eventhub:NamespaceNetworkRuleSet',
  eventHub: 'azure-native:eventhub:EventHub',
  eventHubsNamespaceRule: 'azure-native:eventhub:NamespaceAuthorizationRule',
  eventHubRule: 'azure-native:eventhub:EventHubAuthorizationRule',
  roleAssignment: 'azure-native:authorization:RoleAssignment',
  // Confluent Cloud
  confluentCluster: 'confluentcloud:index/kafkaCluster:KafkaCluster',
  confluentTopic: 'confluentcloud:index/kafkaTopic:KafkaTopic',
  confluentAcl: 'confluentcloud:index/kafkaAcl:KafkaAcl',
  confluentRoleBinding: 'confluentcloud:index/roleBinding:RoleBinding',
  // Google Cloud Managed Kafka
  gcpCluster: 'gcp:managedkafka/cluster:Cluster',
  gcpTopic: 'gcp:managedkafka/topic:Topic',
  // Kubernetes
  configMap: 'kubernetes:core/v1:ConfigMap',
  configMapPatch: 'kubernetes:core/v1:ConfigMapPatch',
  deployment: 'kubernetes:apps/v1:Deployment',
  deploymentPatch: 'kubernetes:apps/v1:DeploymentPatch',
  // The stack itself: its outputs
  stack: 'pulumi:pulumi:Stack',
} as const;

/**
 * Whether a resource belongs to one catalog service's access: it is registered inside a backend's
 * `kafka-platform:<backend>:ServiceAccess` component (its URN carries its parents' types). What
 * the platform holds for itself (a cluster manager, the ACL admin) lives elsewhere.
 */
export function isServiceResource(urn: string): boolean {
  const types = urn.split('::')[2]?.split('$') ?? [];
  return types.slice(0, -1).some((t) => /^kafka-platform:[^:]+:ServiceAccess$/.test(t));
}
