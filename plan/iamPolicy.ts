import {
  MSK_DEPLOY_PERMISSIONS,
  MSK_IAM_ADMIN,
  SERVICE_LINKED_ROLES,
} from '../providers/msk/deployPermissions';
import type { Plan, PlanResource } from './plan';

/** An IAM policy statement as AWS reads it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[] | '*';
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM identity-based policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The two identities CI uses per stack (docs/ci.md, "Cloud identities"). */
export interface StackIamPolicies {
  stack: string;
  /** `pulumi preview` and the drift check: read only. */
  preview: PolicyDocument;
  /** `pulumi up` and `destroy`: what the stack creates, changes and deletes, and reads. */
  deploy: PolicyDocument;
}

/** A stack whose backend is not AWS: what applies instead, for the person who asked. */
export class NoIamPolicy extends Error {}

const AWS_PROVIDER = 'pulumi:providers:aws';
const CLUSTER_TYPES = ['aws:msk/cluster:Cluster', 'aws:msk/serverlessCluster:ServerlessCluster'];

/** What other backends need instead of an AWS policy (the deploying identity's rights). */
const OTHER_BACKENDS: Record<string, string> = {
  eventhubs:
    'uses Azure Event Hubs: no AWS IAM policy applies. Its deploy identity needs Contributor and Managed Identity ' +
    'Contributor on the stack’s resource group and Role Based Access Control Administrator there, conditioned to ' +
    'assigning only Azure Event Hubs Data Sender and Data Receiver; its preview identity needs Reader ' +
    '(docs/ci.md, "Cloud identities").',
  confluent:
    'uses Confluent Cloud: no AWS IAM policy applies. Its deploy Cloud API key belongs to a service account with ' +
    'EnvironmentAdmin on the stack’s environment and AccountAdmin (OrganizationAdmin only when the stack creates ' +
    'the environment); its preview key’s account needs Operator on the environment (docs/ci.md, "Cloud identities").',
  local:
    'uses an existing Kafka (provider local): no cloud identity applies. The runner needs a network path to ' +
    'kafka:local.bootstrapServers and, with SASL, the user in kafka:localSaslPassword (docs/local.md).',
};

/**
 * The least-privilege IAM policies of an MSK stack's preview and deploy identities, derived from
 * the resources its plan registers: each AWS resource type contributes the actions its provider
 * calls (providers/msk/deployPermissions.ts), scoped to the ARNs the plan's names and inputs give.
 * Throws NoIamPolicy for other backends, saying what applies to them.
 */
export function iamPolicies(plan: Plan, provider: string): StackIamPolicies {
  if (provider !== 'msk') {
    throw new NoIamPolicy(
      `stack "${plan.stack}" ${OTHER_BACKENDS[provider] ?? `uses ${provider}: no AWS IAM policy applies.`}`,
    );
  }
  const aws = plan.resources.find((r) => r.type === AWS_PROVIDER);
  const region = typeof aws?.inputs.region === 'string' ? aws.inputs.region : '*';
  const clusterResource = plan.resources.find((r) => CLUSTER_TYPES.includes(r.type));
  const clusterName = String(clusterResource?.inputs.clusterName ?? '*');

  const read = new Collector();
  const deploy = new Collector();
  const unknown = new Set<string>();
  for (const r of plan.resources) {
    if (r.read) continue;
    const perms = MSK_DEPLOY_PERMISSIONS[r.type];
    if (perms) {
      const arns = perms.arns({ region, clusterName, name: r.name, inputs: r.inputs });
      read.add(perms.sid, perms.read, arns);
      deploy.add(perms.sid, [...perms.read, ...perms.write], arns);
      read.add('Unscoped', perms.unscopedRead ?? [], '*');
      deploy.add('Unscoped', [...(perms.unscopedRead ?? []), ...(perms.unscopedWrite ?? [])], '*');
    } else if (usesIamAdmin(r)) {
      const arns = MSK_IAM_ADMIN.arns({ region, clusterName });
      read.add(MSK_IAM_ADMIN.sid, MSK_IAM_ADMIN.read, arns);
      deploy.add(MSK_IAM_ADMIN.sid, [...MSK_IAM_ADMIN.read, ...MSK_IAM_ADMIN.write], arns);
    } else if (r.type.startsWith('aws:')) {
      unknown.add(r.type);
    }
  }
  if (unknown.size > 0) {
    // A new AWS resource type must say what it needs: a policy that silently lacks it fails `up`.
    throw new Error(
      `no IAM actions declared for ${[...unknown].join(', ')} (providers/msk/deployPermissions.ts)`,
    );
  }
  if (clusterResource) {
    // MSK (and its storage autoscaling) create their service-linked roles on first use.
    deploy.add(
      'ServiceLinkedRoles',
      ['iam:CreateServiceLinkedRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
      SERVICE_LINKED_ROLES,
    );
  }
  return { stack: plan.stack, preview: read.document(), deploy: deploy.document() };
}

/** A dynamic Kafka resource (topic, ownership record) that signs in with the runner's AWS identity. */
function usesIamAdmin(r: PlanResource): boolean {
  const sasl = r.inputs.sasl as { provider?: unknown } | undefined;
  return r.type.startsWith('pulumi-nodejs:dynamic/kafka:') && sasl?.provider === MSK_IAM_ADMIN.provider;
}

/** Statements keyed by Sid; actions and ARNs merged, sorted, without duplicates. */
class Collector {
  private readonly statements = new Map<string, { actions: Set<string>; resources: Set<string> }>();

  add(sid: string, actions: readonly string[], resources: readonly string[] | '*'): void {
    if (actions.length === 0) return;
    const s = this.statements.get(sid) ?? { actions: new Set(), resources: new Set() };
    for (const a of actions) s.actions.add(a);
    for (const r of resources === '*' ? ['*'] : resources) s.resources.add(r);
    this.statements.set(sid, s);
  }

  document(): PolicyDocument {
    const statements = [...this.statements]
      .sort(([a], [b]) => (a === 'Unscoped' ? 1 : b === 'Unscoped' ? -1 : a.localeCompare(b)))
      .map(([sid, s]): PolicyStatement => {
        const resources = [...s.resources].sort();
        return {
          Sid: sid,
          Effect: 'Allow',
          Action: [...s.actions].sort(),
          Resource: resources.includes('*') ? '*' : resources,
        };
      });
    return { Version: '2012-10-17', Statement: statements };
  }
}
