import * as pulumi from '@pulumi/pulumi';
import { credentialsOf, credentialsValue, KafkaAdminAccess, kafkaApiKey } from './apiKeys';
import { clusterRoleAccount } from './clusterRoleAccount';
import { ClusterRef } from './confluentCluster';
import { ROLES } from './limits';

export interface ClusterManagerArgs {
  cluster: ClusterRef;
  /** Display name of the manager service account (unique in the organisation). */
  displayName: string;
}

/**
 * The manager path: a service account with CloudClusterAdmin on this cluster only, and its Kafka API
 * key, created only once the role binding exists (a key used before its binding syncs gets 401/403
 * on topics and ACLs). Topics and ACLs go through the cluster's REST endpoint with this key.
 */
export class ClusterManager extends pulumi.ComponentResource {
  readonly admin: KafkaAdminAccess;
  readonly serviceAccountId: pulumi.Output<string>;

  constructor(name: string, args: ClusterManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:confluent:Manager', name, {}, opts);
    const { account, binding } = clusterRoleAccount(
      name,
      {
        displayName: args.displayName,
        description: 'Manages the topics and ACLs of this cluster for kafka-platform (Pulumi)',
        roleName: ROLES.clusterAdmin,
        crnPattern: args.cluster.rbacCrn,
      },
      this,
    );
    // Depending here once covers every topic and ACL that uses the key.
    const key = kafkaApiKey(
      `${name}-kafka-key`,
      `${args.displayName}-kafka-key`,
      account,
      args.cluster,
      'Kafka API key of the cluster manager: topics and ACLs',
      { parent: this, dependsOn: [binding] },
    );
    this.admin = {
      clusterId: args.cluster.id,
      restEndpoint: args.cluster.restEndpoint,
      credentials: credentialsValue(credentialsOf(key)),
    };
    this.serviceAccountId = account.id;
    this.registerOutputs({ serviceAccountId: account.id });
  }
}
