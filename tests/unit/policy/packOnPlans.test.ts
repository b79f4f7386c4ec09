import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as aws from '@pulumi/aws';
import * as authorization from '@pulumi/azure-native/authorization';
import * as eventhub from '@pulumi/azure-native/eventhub';
import * as confluentcloud from '@pulumi/confluentcloud';
import * as managedkafka from '@pulumi/gcp/managedkafka';
import * as k8s from '@pulumi/kubernetes';
import { describe, it } from 'node:test';
import { TYPES } from '../../../policy/resourceTypes';
import { planStack } from '../../../plan/plan';
import { repoStacks } from '../../../plan/stacks';
import { PROJECT_DIR } from '../../harness/plan';
import * as path from 'node:path';
import { packFor, stackViolations, urnOf, violations } from './policyHarness';

/**
 * The whole pack over what the committed stacks register (their offline plans: the same inputs
 * the engine hands the pack), each stack checked under its own name, so prod is held to the
 * production guardrails. The engine run of the pack is in tests/e2e/policyPack.test.ts; the cloud
 * stacks cannot run under the engine here (their provider plugins cannot be built).
 */
describe('the policy pack over every committed stack', { timeout: 300_000 }, () => {
  it('every committed stack passes every guardrail', async () => {
    const committed = repoStacks(PROJECT_DIR).filter((s) => s.kind === 'committed');
    assert.ok(
      committed.some((s) => s.production),
      'a production stack is among them',
    );
    for (const s of committed) {
      const plan = await planStack({
        projectDir: PROJECT_DIR,
        stack: s.name,
        configFile: path.join(PROJECT_DIR, s.configFile),
      });
      const facts = { stack: s.name, config: {} };
      const found: string[] = [];
      for (const policy of packFor(facts)) {
        for (const r of plan.resources.filter((x) => !x.read)) {
          const urn = urnOf(s.name, [r.type], r.name);
          for (const v of await violations(
            policy,
            { type: r.type, props: r.inputs, protect: r.protect, urn },
            facts,
          )) {
            found.push(`${s.name}: ${policy.name}: ${r.type} ${r.name}: ${v}`);
          }
        }
        for (const v of await stackViolations(policy, [{ type: TYPES.stack, props: plan.outputs }], facts))
          found.push(`${s.name}: ${policy.name}: ${v}`);
      }
      assert.deepEqual(found, [], s.name);
    }
  });

  it('every policy is mandatory, described, and of one kind', () => {
    const pack = packFor({ stack: 'prod', config: {} });
    assert.equal(new Set(pack.map((p) => p.name)).size, pack.length);
    for (const p of pack) {
      assert.ok(p.description.length > 20, p.name);
      assert.ok('validateResource' in p !== 'validateStack' in p, p.name);
      assert.ok(p.enforcementLevel === undefined, `${p.name} takes the pack's level (mandatory)`);
    }
  });

  it("the pack's type tokens are the real SDKs' (and the dynamic ones are what the program registers)", async () => {
    // Each SDK class carries its type token (`__pulumiType`, not in its public typings).
    const sdk: Record<string, unknown> = {
      mskCluster: aws.msk.Cluster,
      mskServerlessCluster: aws.msk.ServerlessCluster,
      mskTopic: aws.msk.Topic,
      securityGroup: aws.ec2.SecurityGroup,
      securityGroupRule: aws.ec2.SecurityGroupRule,
      securityGroupIngressRule: aws.vpc.SecurityGroupIngressRule,
      iamRolePolicy: aws.iam.RolePolicy,
      iamPolicy: aws.iam.Policy,
      iamRolePolicyAttachment: aws.iam.RolePolicyAttachment,
      eventHubsNamespace: eventhub.Namespace,
      eventHubsNetworkRuleSet: eventhub.NamespaceNetworkRuleSet,
      eventHub: eventhub.EventHub,
      eventHubsNamespaceRule: eventhub.NamespaceAuthorizationRule,
      eventHubRule: eventhub.EventHubAuthorizationRule,
      roleAssignment: authorization.RoleAssignment,
      confluentCluster: confluentcloud.KafkaCluster,
      confluentTopic: confluentcloud.KafkaTopic,
      confluentAcl: confluentcloud.KafkaAcl,
      confluentRoleBinding: confluentcloud.RoleBinding,
      gcpCluster: managedkafka.Cluster,
      gcpTopic: managedkafka.Topic,
      configMap: k8s.core.v1.ConfigMap,
      configMapPatch: k8s.core.v1.ConfigMapPatch,
      deployment: k8s.apps.v1.Deployment,
      deploymentPatch: k8s.apps.v1.DeploymentPatch,
    };
    for (const [key, cls] of Object.entries(sdk))
      assert.equal(TYPES[key as keyof typeof TYPES], (cls as { __pulumiType: string }).__pulumiType, key);
    const scram = await planStack({
      projectDir: PROJECT_DIR,
      stack: 'scram-acls',
      configFile: path.join(PROJECT_DIR, 'providers/msk/examples/scram-acls.yaml'),
    });
    const local = await planStack({ projectDir: PROJECT_DIR, stack: 'local' });
    // The local stack with kafka:topicResources sharded registers the shard type instead.
    const shardedConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sharded-')), 'Pulumi.local.yaml');
    fs.writeFileSync(
      shardedConfig,
      `${fs.readFileSync(path.join(PROJECT_DIR, 'Pulumi.local.yaml'), 'utf8').trimEnd()}\n  kafka:topicResources: sharded\n`,
    );
    const sharded = await planStack({ projectDir: PROJECT_DIR, stack: 'local', configFile: shardedConfig });
    fs.rmSync(path.dirname(shardedConfig), { recursive: true, force: true });
    const dynamic = ['kafkaTopic', 'kafkaTopicShard', 'kafkaTopicOwnership', 'kafkaAcls'] as const;
    const registered = new Set(
      [...scram.resources, ...local.resources, ...sharded.resources].map((r) => r.type),
    );
    for (const key of dynamic) assert.ok(registered.has(TYPES[key]), key);
    const rest = Object.keys(TYPES).filter((k) => !(k in sdk) && !(dynamic as readonly string[]).includes(k));
    assert.deepEqual(rest, ['stack']);
  });
});
