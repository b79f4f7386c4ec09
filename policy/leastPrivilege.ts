import { ResourceValidationPolicy } from '@pulumi/policy';
import { stringListConfig } from './production';
import { isServiceResource, TYPES } from './resourceTypes';

type Props = Record<string, unknown>;

/**
 * Principals of the platform itself, not of a service: the SCRAM user the Pulumi runner manages
 * Kafka ACLs as (providers/msk/aclAdmin.ts, `ACL_ADMIN_USER`), which keeps ALL on every topic so
 * it can manage them. Services never get these rights.
 */
export const DEFAULT_PLATFORM_PRINCIPALS: readonly string[] = ['User:kafka-platform-admin'];

const PLATFORM_CONFIG = stringListConfig(
  'platformPrincipals',
  DEFAULT_PLATFORM_PRINCIPALS,
  'Kafka principals of the platform itself (the ACL admin), exempt from the service rules.',
);

function platformPrincipals(args: { getConfig<T extends object>(): T }): readonly string[] {
  return (
    args.getConfig<{ platformPrincipals?: string[] }>().platformPrincipals ?? DEFAULT_PLATFORM_PRINCIPALS
  );
}

interface KafkaBinding {
  resourceType?: string;
  resourceName?: string;
  operation?: string;
  patternType?: string;
}

/** The Kafka ACL bindings a resource grants to a service principal, with that principal. */
function serviceBindings(
  type: string,
  p: Props,
  platform: readonly string[],
): { principal: string; bindings: KafkaBinding[] } | undefined {
  if (type === TYPES.kafkaAcls) {
    const principal = String(p.principal ?? '');
    if (platform.includes(principal)) return undefined;
    return { principal, bindings: (p.bindings as KafkaBinding[] | undefined) ?? [] };
  }
  if (type === TYPES.confluentAcl) {
    const principal = String(p.principal ?? '');
    if (platform.includes(principal)) return undefined;
    return { principal, bindings: [p as KafkaBinding] };
  }
  return undefined;
}

/** A topic grant that covers more than one named topic. */
function wildcardTopic(b: KafkaBinding): boolean {
  return b.resourceType === 'TOPIC' && (b.resourceName === '*' || (b.patternType ?? 'LITERAL') !== 'LITERAL');
}

/** Kafka operations that administer rather than use: no service gets them. */
const ADMIN_OPERATIONS = ['ALL', 'ALTER', 'ALTER_CONFIGS', 'CLUSTER_ACTION', 'CREATE', 'DELETE'];
/** What a service may do on the cluster resource itself (idempotent produce, metadata). */
const SERVICE_CLUSTER_OPERATIONS = ['DESCRIBE', 'DESCRIBE_CONFIGS', 'IDEMPOTENT_WRITE'];

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

function statementsOf(type: string, p: Props): Statement[] {
  if (type !== TYPES.iamRolePolicy && type !== TYPES.iamPolicy) return [];
  let doc: unknown = p.policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  const statements = (doc as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.filter((s) => s.Effect === 'Allow');
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const sid = (s: Statement, i: number) => `statement ${s.Sid ? `"${s.Sid}"` : i}`;

/** `arn:aws:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>`: its topic part. */
function topicPartOfArn(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:kafka:[^:]*:[^:]*:topic\/[^/]+\/[^/]+\/(.*)$/.exec(arn);
  return m ? m[1] : undefined;
}

const KAFKA_DATA_ACTIONS = /^kafka-cluster:(ReadData|WriteData|\*)$/;

/** MSK IAM actions that administer the cluster or its topics. */
const ADMIN_IAM_ACTIONS = [
  /^\*$/,
  /^(kafka|kafka-cluster|iam|kms):\*$/,
  /^kafka-cluster:Alter(Cluster|ClusterDynamicConfiguration|Topic|TopicDynamicConfiguration)$/,
  /^kafka-cluster:(CreateTopic|DeleteTopic|DeleteGroup)$/,
  /^kafka:(Create|Delete|Update)/,
];

/** AWS managed policies that make an identity an administrator. */
const ADMIN_MANAGED_POLICIES =
  /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|AmazonMSKFullAccess)$/;

/** Azure built-in roles (by id) that administer a namespace or grant every event hub's data. */
const AZURE_ADMIN_ROLES: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '18d7d88d-d35d-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'f526a384-b230-433a-b45c-95f59c4a2dec': 'Azure Event Hubs Data Owner',
};
/** Azure Event Hubs data roles: fine on one event hub, a wildcard on a namespace. */
const AZURE_DATA_ROLES: Record<string, string> = {
  '2b629674-e913-4c01-ae53-ef4638d8f975': 'Azure Event Hubs Data Sender',
  'a638d3c7-ab3a-418d-83e6-5f17a39d4fde': 'Azure Event Hubs Data Receiver',
  ...AZURE_ADMIN_ROLES,
};
const roleId = (p: Props) =>
  String(p.roleDefinitionId ?? '')
    .split('/')
    .pop()
    ?.toLowerCase() ?? '';

/** Confluent Cloud roles that administer (an organisation, an environment, a cluster). */
const CONFLUENT_ADMIN_ROLES = [
  'OrganizationAdmin',
  'EnvironmentAdmin',
  'CloudClusterAdmin',
  'AccountAdmin',
  'ResourceOwner',
];
/** Roles above cluster scope: the platform itself never needs them either. */
const CONFLUENT_ABOVE_CLUSTER = ['OrganizationAdmin', 'EnvironmentAdmin', 'AccountAdmin'];

/**
 * No grant covers every topic (or a prefix of them): a service gets exactly the topics the catalog
 * names. Kafka ACLs (admin API and Confluent) with `*` or a PREFIXED pattern on topics, IAM
 * statements whose topic ARN has a wildcard in the topic name or that allow data actions on `*`,
 * Event Hubs data roles assigned on a whole namespace, and namespace-wide Event Hubs SAS rules
 * with Send or Listen (they reach every event hub). The platform's own principals are exempt.
 */
export const noWildcardTopicGrants: ResourceValidationPolicy = {
  name: 'no-wildcard-topic-grants',
  description:
    'No grant covers all topics or a prefix of them: each service gets exactly its catalog topics.',
  remediationSteps: 'Grant each topic by its literal name (the catalog does this for you).',
  configSchema: PLATFORM_CONFIG,
  validateResource: (args, report) => {
    const p = args.props;
    const acl = serviceBindings(args.type, p, platformPrincipals(args));
    for (const b of acl?.bindings.filter(wildcardTopic) ?? []) {
      report(
        `${acl!.principal} gets ${b.operation} on topics "${b.resourceName}" (${b.patternType ?? 'LITERAL'}): grant literal topic names only`,
      );
    }
    statementsOf(args.type, p).forEach((s, i) => {
      const resources = asList(s.Resource);
      for (const arn of resources) {
        const topic = topicPartOfArn(arn);
        if (topic !== undefined && topic.includes('*'))
          report(`${sid(s, i)} allows topic ARN ${arn}: a wildcard topic name`);
      }
      if (resources.includes('*') && asList(s.Action).some((a) => KAFKA_DATA_ACTIONS.test(a))) {
        report(`${sid(s, i)} allows Kafka data actions on Resource "*": every topic of every cluster`);
      }
    });
    if (args.type === TYPES.roleAssignment && AZURE_DATA_ROLES[roleId(p)]) {
      const scope = String(p.scope ?? '');
      if (!/\/eventhubs\/[^/]+$/i.test(scope)) {
        report(
          `${AZURE_DATA_ROLES[roleId(p)]} assigned on ${scope || 'an unnamed scope'}: assign it on one event hub`,
        );
      }
    }
    if (args.type === TYPES.eventHubsNamespaceRule) {
      const rights = (p.rights as string[] | undefined) ?? [];
      const data = rights.filter((r) => r === 'Send' || r === 'Listen');
      if (data.length)
        report(
          `namespace-wide SAS rule with ${data.join(' and ')}: it reaches every event hub of the namespace`,
        );
    }
  },
};

/**
 * No service identity gets an administrator's rights: Kafka ALL/ALTER/CREATE/DELETE or cluster
 * operations beyond idempotent produce, IAM wildcard or cluster/topic-administering actions and
 * admin managed policies, Azure Owner/Contributor/Data Owner, Confluent admin roles, SAS Manage.
 * Confluent roles above one cluster (organisation, environment) are refused for everyone.
 */
export const noAdminRolesForServices: ResourceValidationPolicy = {
  name: 'no-admin-roles-for-services',
  description: 'Service identities get data rights on their own topics and groups, never administration.',
  remediationSteps:
    'Keep administration with the platform (the Pulumi runner); services only read and write.',
  configSchema: PLATFORM_CONFIG,
  validateResource: (args, report) => {
    const p = args.props;
    const acl = serviceBindings(args.type, p, platformPrincipals(args));
    for (const b of acl?.bindings ?? []) {
      const op = String(b.operation ?? '');
      const adminOnCluster = b.resourceType === 'CLUSTER' && !SERVICE_CLUSTER_OPERATIONS.includes(op);
      if (ADMIN_OPERATIONS.includes(op) || adminOnCluster) {
        report(
          `${acl!.principal} gets ${op} on ${b.resourceType} "${b.resourceName}": services read, write and describe only`,
        );
      }
    }
    statementsOf(args.type, p).forEach((s, i) => {
      for (const action of asList(s.Action).filter((a) => ADMIN_IAM_ACTIONS.some((re) => re.test(a)))) {
        report(`${sid(s, i)} allows ${action}: an administrator's action`);
      }
    });
    if (
      args.type === TYPES.iamRolePolicyAttachment &&
      ADMIN_MANAGED_POLICIES.test(String(p.policyArn ?? ''))
    ) {
      report(`attaches ${String(p.policyArn)}: an administrator's managed policy`);
    }
    const service = isServiceResource(args.urn);
    if (args.type === TYPES.roleAssignment && service && AZURE_ADMIN_ROLES[roleId(p)]) {
      report(`assigns ${AZURE_ADMIN_ROLES[roleId(p)]} to a service identity`);
    }
    if (args.type === TYPES.confluentRoleBinding) {
      const role = String(p.roleName ?? '');
      if (CONFLUENT_ABOVE_CLUSTER.includes(role))
        report(`binds ${role}: a role above one cluster, which nothing here needs`);
      else if (service && CONFLUENT_ADMIN_ROLES.includes(role)) report(`binds ${role} to a service account`);
    }
    if ((args.type === TYPES.eventHubsNamespaceRule || args.type === TYPES.eventHubRule) && service) {
      if (((p.rights as string[] | undefined) ?? []).includes('Manage'))
        report('gives a service a SAS rule with Manage rights');
    }
  },
};
