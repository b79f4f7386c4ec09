import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { principalOf } from '../../kafka/acls';
import { credentialsOf, KafkaAdminAccess, kafkaApiKey } from './apiKeys';
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
    const account = new confluentcloud.ServiceAccount(
      name,
      {
        displayName: args.displayName,
        description: 'Manages the topics and ACLs of this cluster for kafka-platform (Pulumi)',
      },
      { parent: this },
    );
    const binding = new confluentcloud.RoleBinding(
      name,
      {
        principal: account.id.apply(principalOf),
        roleName: ROLES.clusterAdmin,
        crnPattern: args.cluster.rbacCrn,
      },
      { parent: this },
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
    const { key: id, secret } = credentialsOf(key);
    this.admin = {
      clusterId: args.cluster.id,
      restEndpoint: args.cluster.restEndpoint,
      credentials: pulumi.secret(pulumi.all([id, secret]).apply(([k, s]) => ({ key: k, secret: s }))),
    };
    this.serviceAccountId = account.id;
    this.registerOutputs({ serviceAccountId: account.id });
  }
}
