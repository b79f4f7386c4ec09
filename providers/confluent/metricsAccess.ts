import * as pulumi from '@pulumi/pulumi';
import { ApiKeyCredentials, cloudApiKey, credentialsOf } from './apiKeys';
import { clusterRoleAccount } from './clusterRoleAccount';
import { ClusterRef } from './confluentCluster';
import { ROLES } from './limits';

export interface MetricsAccessArgs {
  cluster: ClusterRef;
  /** Display name of the metrics service account (unique in the organisation). */
  displayName: string;
}

/**
 * Read access to this cluster's metrics for Prometheus: a service account with MetricsViewer on the
 * cluster only (not the organisation), and a Cloud API key (the Metrics API refuses Kafka API keys),
 * created once the role binding exists.
 */
export class MetricsAccess extends pulumi.ComponentResource {
  readonly credentials: ApiKeyCredentials;
  readonly serviceAccountId: pulumi.Output<string>;

  constructor(name: string, args: MetricsAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:confluent:Metrics', name, {}, opts);
    const { account, binding } = clusterRoleAccount(
      name,
      {
        displayName: args.displayName,
        description: 'Reads this cluster’s metrics from the Confluent Cloud Metrics API (kafka-platform)',
        roleName: ROLES.metricsViewer,
        crnPattern: args.cluster.rbacCrn,
      },
      this,
    );
    const key = cloudApiKey(
      `${name}-cloud-key`,
      `${args.displayName}-cloud-key`,
      account,
      'Metrics API key for Prometheus',
      {
        parent: this,
        dependsOn: [binding],
      },
    );
    this.credentials = credentialsOf(key);
    this.serviceAccountId = account.id;
    this.registerOutputs({ serviceAccountId: account.id });
  }
}
