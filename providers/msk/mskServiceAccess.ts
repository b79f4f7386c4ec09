import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { Service } from '../../topics/catalog';
import { ServiceAccess } from '../backend';
import { serviceAccountOf, servicePolicy, trustPolicy } from './accessPolicy';
import { GeneratedPassword } from './generatedPassword';
import { MskIdentity } from './settings';
import { AuthMode } from './settingsKeys';

/** The secret name MSK requires for SCRAM users: `AmazonMSK_` prefix, one per stack and service. */
export function scramSecretName(stack: string, service: string): string {
  return `AmazonMSK_${stack}-${service}`;
}

export const SCRAM_PASSWORD_LENGTH = 32;
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

export interface MskServiceAccessArgs {
  /** The catalog service: its topics and groups decide its permissions. */
  service: Service;
  /** `iam`: an IAM role per service; `scram`: a SCRAM user per service. */
  authMode: AuthMode;
  /** How the service's ServiceAccount assumes its role (IAM mode; required there). */
  identity?: MskIdentity;
  /** ARN of the cluster the permissions are scoped to. */
  clusterArn: pulumi.Input<string>;
  /** Stack name: SCRAM secret names are unique per stack. */
  stack: string;
  /** CMK for the SCRAM secret (MSK refuses secrets under the default Secrets Manager key). */
  kmsKeyArn?: pulumi.Input<string>;
  /** Keep deleted secrets recoverable for 30 days instead of deleting them at once. */
  protect: boolean;
}

/**
 * One service's least-privilege access to the cluster. IAM mode: a role with a policy for exactly
 * its topics and groups, assumable only by its Kubernetes ServiceAccount. SCRAM mode: its own user,
 * a generated password in an `AmazonMSK_` secret under the CMK, associated with the cluster.
 */
export class MskServiceAccess extends pulumi.ComponentResource {
  readonly access: ServiceAccess;
  readonly roleArn?: pulumi.Output<string>;
  readonly secretArn?: pulumi.Output<string>;

  constructor(name: string, args: MskServiceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:msk:ServiceAccess', name, {}, opts);
    const { service } = args;

    if (args.authMode === 'iam') {
      if (!args.identity)
        throw new Error('MskServiceAccess: IAM mode needs an identity (validated in settings)');
      const role = new aws.iam.Role(
        `${name}-role`,
        {
          description: `Kafka access of ${service.namespace}/${service.name} (MSK IAM)`,
          assumeRolePolicy: JSON.stringify(trustPolicy(args.identity, service)),
        },
        { parent: this },
      );
      new aws.iam.RolePolicy(
        `${name}-kafka`,
        {
          role: role.id,
          policy: pulumi.output(args.clusterArn).apply((arn) => JSON.stringify(servicePolicy(service, arn))),
        },
        { parent: this },
      );
      if (args.identity.type === 'pod-identity') {
        new aws.eks.PodIdentityAssociation(
          `${name}-pod-identity`,
          {
            clusterName: args.identity.eksClusterName,
            namespace: service.namespace,
            serviceAccount: serviceAccountOf(service),
            roleArn: role.arn,
          },
          { parent: this },
        );
      }
      this.roleArn = role.arn;
      this.access =
        args.identity.type === 'irsa' ? { serviceAccountAnnotations: { [IRSA_ANNOTATION]: role.arn } } : {};
      this.registerOutputs({ roleArn: role.arn });
      return;
    }

    if (!args.kmsKeyArn) throw new Error('MskServiceAccess: SCRAM mode needs the cluster CMK');
    const password = new GeneratedPassword(
      `${name}-password`,
      { length: SCRAM_PASSWORD_LENGTH },
      { parent: this },
    );
    const username = service.name;
    const secret = new aws.secretsmanager.Secret(
      `${name}-scram`,
      {
        name: scramSecretName(args.stack, service.name),
        description: `SCRAM credentials of ${service.namespace}/${service.name} for MSK`,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: args.protect ? 30 : 0,
      },
      { parent: this },
    );
    const version = new aws.secretsmanager.SecretVersion(
      `${name}-scram`,
      {
        secretId: secret.id,
        secretString: pulumi.secret(
          password.secret().apply((pw) => JSON.stringify({ username, password: pw })),
        ),
      },
      { parent: this },
    );
    // Non-exclusive: other stacks' or tools' users on the same cluster are left alone.
    new aws.msk.SingleScramSecretAssociation(
      `${name}-scram`,
      { clusterArn: args.clusterArn, secretArn: secret.arn },
      { parent: this, dependsOn: [version] },
    );
    this.secretArn = secret.arn;
    this.access = { username: pulumi.secret(username), password: password.secret() };
    this.registerOutputs({ secretArn: secret.arn });
  }
}
