import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as pulumi from '@pulumi/pulumi';
import { serviceAccountName } from '../../k8s/serviceIdentity';
import { Service } from '../../topics/catalog';
import { ServiceAccess } from '../backend';
import { AuthMode, ROLES } from './limits';
import { serviceAccountEmail, serviceAccountId, workloadIdentityMember } from './principal';

export interface GcpServiceAccessArgs {
  /** The catalog service: its namespace and ServiceAccount decide who may act as its account. */
  service: Service;
  project: string;
  /** Project of the GKE cluster's workload identity pool. */
  workloadPoolProject: string;
  /** Stem of the Google service account id (`<prefix>-<service>`). */
  prefix: string;
  auth: AuthMode;
  /** `projects/<p>/locations/<r>/clusters/<id>`: the one cluster the client role is granted on. */
  clusterName: pulumi.Input<string>;
}

/** The annotation GKE Workload Identity reads to act as a Google service account. */
export const GKE_SERVICE_ACCOUNT_ANNOTATION = 'iam.gke.io/gcp-service-account';

/**
 * One service's identity: a Google service account whose e-mail is its Kafka principal (the
 * catalog's ACLs name it), the Managed Kafka client role on this stack's cluster only (an IAM
 * condition on the cluster's name), and either
 * - workload-identity: its Kubernetes ServiceAccount may act as the account (no key anywhere), or
 * - sasl-plain-key: a service account key, delivered as the SASL/PLAIN password (a secret).
 */
export class GcpServiceAccess extends pulumi.ComponentResource {
  readonly access: ServiceAccess;
  readonly email: string;

  constructor(name: string, args: GcpServiceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:gcp:ServiceAccess', name, {}, opts);
    const accountId = serviceAccountId(args.prefix, args.service.name);
    this.email = serviceAccountEmail(accountId, args.project);
    const account = new serviceaccount.Account(
      `${name}-account`,
      {
        project: args.project,
        accountId,
        displayName: `Kafka client ${args.service.name}`,
        description: `Kafka principal of service ${args.service.name} (kafka-platform)`,
      },
      { parent: this },
    );
    new projects.IAMMember(
      `${name}-kafka-client`,
      {
        project: args.project,
        role: ROLES.kafkaClient,
        member: pulumi.interpolate`serviceAccount:${account.email}`,
        condition: {
          title: `kafka-client-${args.service.name}`,
          description: 'Only the cluster of this stack',
          expression: pulumi.interpolate`resource.name == "${args.clusterName}"`,
        },
      },
      { parent: this },
    );
    if (args.auth === 'workload-identity') {
      new serviceaccount.IAMMember(
        `${name}-workload-identity`,
        {
          serviceAccountId: account.name,
          role: ROLES.workloadIdentityUser,
          member: workloadIdentityMember(
            args.workloadPoolProject,
            args.service.namespace,
            serviceAccountName(args.service),
          ),
        },
        { parent: this },
      );
      this.access = { serviceAccountAnnotations: { [GKE_SERVICE_ACCOUNT_ANNOTATION]: account.email } };
    } else {
      const key = new serviceaccount.Key(`${name}-key`, { serviceAccountId: account.name }, { parent: this });
      this.access = {
        // Google's SASL/PLAIN: the account's e-mail and its base64 key file.
        username: pulumi.secret(account.email),
        password: pulumi.secret(key.privateKey),
      };
    }
    this.registerOutputs({ email: this.email });
  }
}
