import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ACL_ADMIN_USER } from '../../../providers/msk/aclAdmin';
import { principalOf } from '../../../kafka/acls';
import { DEFAULT_PLATFORM_PRINCIPALS } from '../../../policy/leastPrivilege';
import { TYPES } from '../../../policy/resourceTypes';
import { Plan } from '../../../plan/plan';
import { planCommittedStack, PROJECT_DIR } from '../../harness/plan';
import { planStack } from '../../../plan/plan';
import * as path from 'node:path';
import { PolicyInput, policyNamed, urnOf, violations } from './policyHarness';

const facts = { stack: 'dev', config: {} };
const wildcard = policyNamed(facts, 'no-wildcard-topic-grants');
const admin = policyNamed(facts, 'no-admin-roles-for-services');
const both = async (r: PolicyInput, config = {}) => [
  ...(await violations(wildcard, r, facts, config)),
  ...(await violations(admin, r, facts, config)),
];

const policyDoc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const topicArn = (topic: string) =>
  `arn:aws:kafka:eu-west-1:123456789012:topic/kafka-dev/0b1c2d3e-4f50/${topic}`;

describe('policy: least privilege (no wildcard topic grants, no admin roles for services)', () => {
  let grants: PolicyInput[];
  before(async () => {
    // Every grant the committed stacks and the SCRAM example make: IAM policies and Kafka ACLs.
    const scram = await planStack({
      projectDir: PROJECT_DIR,
      stack: 'scram-acls',
      configFile: path.join(PROJECT_DIR, 'providers/msk/examples/scram-acls.yaml'),
    });
    // One at a time: the SDK's mock runtime is global to the process.
    const plans: Plan[] = [await planCommittedStack('dev'), await planCommittedStack('prod'), scram];
    grants = plans.flatMap((p) =>
      p.resources
        .filter((r) => r.type === TYPES.iamRolePolicy || r.type === TYPES.kafkaAcls)
        .map((r) => ({ type: r.type, props: r.inputs, name: r.name })),
    );
  });

  it('the platform principal is the ACL admin the program creates', () => {
    assert.deepEqual(DEFAULT_PLATFORM_PRINCIPALS, [principalOf(ACL_ADMIN_USER)]);
  });

  it("passes every grant the program makes: IAM per-topic statements, each service's literal ACLs, the ACL admin's own", async () => {
    assert.ok(
      grants.some((g) => g.type === TYPES.kafkaAcls && g.props.principal === 'User:kafka-platform-admin'),
    );
    assert.ok(grants.filter((g) => g.type === TYPES.iamRolePolicy).length >= 4);
    for (const g of grants) assert.deepEqual(await both(g), [], g.name);
  });

  it('Kafka ACLs: a service with * or a prefix on topics, ALL, or cluster administration is refused', async () => {
    const acls = (bindings: object[]) => ({
      type: TYPES.kafkaAcls,
      props: { principal: 'User:orders', bindings },
    });
    assert.deepEqual(await both(acls([{ resourceType: 'TOPIC', resourceName: '*', operation: 'READ' }])), [
      'User:orders gets READ on topics "*" (LITERAL): grant literal topic names only',
    ]);
    assert.deepEqual(
      await both(acls([{ resourceType: 'TOPIC', resourceName: 'orders', operation: 'ALL' }])),
      ['User:orders gets ALL on TOPIC "orders": services read, write and describe only'],
    );
    assert.deepEqual(
      await both(
        acls([{ resourceType: 'CLUSTER', resourceName: 'kafka-cluster', operation: 'ALTER_CONFIGS' }]),
      ),
      ['User:orders gets ALTER_CONFIGS on CLUSTER "kafka-cluster": services read, write and describe only'],
    );
    assert.deepEqual(
      await both(
        acls([{ resourceType: 'CLUSTER', resourceName: 'kafka-cluster', operation: 'IDEMPOTENT_WRITE' }]),
      ),
      [],
    );
  });

  it('Kafka ACLs: the platform principals come from the pack config', async () => {
    const r = {
      type: TYPES.kafkaAcls,
      props: {
        principal: 'User:ops',
        bindings: [{ resourceType: 'TOPIC', resourceName: '*', operation: 'ALL' }],
      },
    };
    assert.equal((await both(r)).length, 2);
    assert.deepEqual(await both(r, { platformPrincipals: ['User:ops'] }), []);
  });

  it('Confluent ACLs: PREFIXED or * topics and admin operations are refused', async () => {
    const acl = (props: object) => ({
      type: TYPES.confluentAcl,
      props: { principal: 'User:sa-123', host: '*', permission: 'ALLOW', ...props },
    });
    assert.deepEqual(
      await both(
        acl({ resourceType: 'TOPIC', resourceName: 'orders.', patternType: 'PREFIXED', operation: 'WRITE' }),
      ),
      ['User:sa-123 gets WRITE on topics "orders." (PREFIXED): grant literal topic names only'],
    );
    assert.equal(
      (
        await both(
          acl({ resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'DELETE' }),
        )
      ).length,
      1,
    );
    assert.deepEqual(
      await both(
        acl({ resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'READ' }),
      ),
      [],
    );
  });

  it('IAM: wildcard topic ARNs, data actions on *, wildcard and administering actions, admin managed policies', async () => {
    const iam = (statements: object[]) => ({
      type: TYPES.iamRolePolicy,
      props: { role: 'r', policy: policyDoc(statements) },
    });
    assert.deepEqual(
      await both(
        iam([
          {
            Sid: 'Produce',
            Effect: 'Allow',
            Action: ['kafka-cluster:WriteData'],
            Resource: [topicArn('orders.*')],
          },
        ]),
      ),
      [`statement "Produce" allows topic ARN ${topicArn('orders.*')}: a wildcard topic name`],
    );
    assert.deepEqual(
      await both(iam([{ Effect: 'Allow', Action: 'kafka-cluster:ReadData', Resource: '*' }])),
      ['statement 0 allows Kafka data actions on Resource "*": every topic of every cluster'],
    );
    assert.deepEqual(
      await both(
        iam([
          {
            Sid: 'Admin',
            Effect: 'Allow',
            Action: ['kafka-cluster:*', 'kafka-cluster:AlterCluster'],
            Resource: [topicArn('orders')],
          },
        ]),
      ),
      [
        'statement "Admin" allows kafka-cluster:*: an administrator\'s action',
        'statement "Admin" allows kafka-cluster:AlterCluster: an administrator\'s action',
      ],
    );
    assert.deepEqual(
      await both(iam([{ Effect: 'Deny', Action: '*', Resource: '*' }])),
      [],
      'a Deny grants nothing',
    );
    const attachment = {
      type: TYPES.iamRolePolicyAttachment,
      props: { role: 'r', policyArn: 'arn:aws:iam::aws:policy/AmazonMSKFullAccess' },
    };
    assert.deepEqual(await both(attachment), [
      "attaches arn:aws:iam::aws:policy/AmazonMSKFullAccess: an administrator's managed policy",
    ]);
    assert.deepEqual(
      await both({ ...attachment, props: { policyArn: 'arn:aws:iam::aws:policy/AmazonMSKReadOnlyAccess' } }),
      [],
    );
  });

  it('Azure: data roles on one event hub pass; on the namespace, or Owner/Data Owner for a service, are refused', async () => {
    const service = (name: string) =>
      urnOf('dev', ['kafka-platform:eventhubs:ServiceAccess', TYPES.roleAssignment], name);
    const hub =
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.EventHub/namespaces/ns/eventhubs/orders';
    const role = (id: string) => `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    const sender = role('2b629674-e913-4c01-ae53-ef4638d8f975');
    const assignment = (scope: string, roleDefinitionId: string) => ({
      type: TYPES.roleAssignment,
      urn: service('a'),
      props: { principalId: 'p', principalType: 'ServicePrincipal', scope, roleDefinitionId },
    });
    assert.deepEqual(await both(assignment(hub, sender)), []);
    assert.deepEqual(await both(assignment(hub.replace(/\/eventhubs\/orders$/, ''), sender)), [
      `Azure Event Hubs Data Sender assigned on ${hub.replace(/\/eventhubs\/orders$/, '')}: assign it on one event hub`,
    ]);
    assert.deepEqual(await both(assignment(hub, role('f526a384-b230-433a-b45c-95f59c4a2dec'))), [
      'assigns Azure Event Hubs Data Owner to a service identity',
    ]);
  });

  it('Event Hubs SAS: a namespace rule with Send/Listen reaches every hub; Manage for a service is administration', async () => {
    const rule = (type: string, rights: string[]) => ({
      type,
      urn: urnOf('dev', ['kafka-platform:eventhubs:ServiceAccess', type], 'orders'),
      props: { authorizationRuleName: 'orders', rights },
    });
    assert.deepEqual(await both(rule(TYPES.eventHubsNamespaceRule, ['Send'])), [
      'namespace-wide SAS rule with Send: it reaches every event hub of the namespace',
    ]);
    assert.deepEqual(await both(rule(TYPES.eventHubRule, ['Listen'])), []);
    assert.deepEqual(await both(rule(TYPES.eventHubRule, ['Listen', 'Manage', 'Send'])), [
      'gives a service a SAS rule with Manage rights',
    ]);
  });

  it('Confluent roles: cluster admin for the platform manager passes, for a service it is refused; org and environment admin never', async () => {
    const binding = (parents: string[], roleName: string) => ({
      type: TYPES.confluentRoleBinding,
      urn: urnOf('dev', [...parents, TYPES.confluentRoleBinding], 'x'),
      props: {
        principal: 'User:sa-1',
        roleName,
        crnPattern: 'crn://confluent.cloud/organization=o/environment=e/cloud-cluster=lkc-1',
      },
    });
    assert.deepEqual(await both(binding(['kafka-platform:confluent:Manager'], 'CloudClusterAdmin')), []);
    assert.deepEqual(await both(binding(['kafka-platform:confluent:ServiceAccess'], 'CloudClusterAdmin')), [
      'binds CloudClusterAdmin to a service account',
    ]);
    assert.deepEqual(await both(binding(['kafka-platform:confluent:Manager'], 'OrganizationAdmin')), [
      'binds OrganizationAdmin: a role above one cluster, which nothing here needs',
    ]);
    assert.deepEqual(await both(binding(['kafka-platform:confluent:Metrics'], 'MetricsViewer')), []);
  });
});
