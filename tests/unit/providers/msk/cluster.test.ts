import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import * as pulumi from '@pulumi/pulumi';
import { ValidationError } from '../../../../config/problems';
import { runUnderMocks } from '../../../../plan/mockRuntime';
import { parseSettings } from '../../../../input';
import { offlineMocks } from '../../../../plan/mockState';
import { Plan, PlanResource } from '../../../../plan/plan';
import { BACKENDS } from '../../../../providers';
import { KafkaBackend } from '../../../../providers/kafkaBackend';
import { mskBackend } from '../../../../providers/msk';
import { kafkaArns } from '../../../../providers/msk/accessPolicy';
import { mskPlannedAccess } from '../../../../providers/msk/plannedAccess';
import { parseCatalog } from '../../../../topics/parseCatalog';
import { planCommittedStack, planWith, resourcesOfType } from '../../../harness/plan';

const T = {
  cluster: 'aws:msk/cluster:Cluster',
  serverless: 'aws:msk/serverlessCluster:ServerlessCluster',
  sg: 'aws:ec2/securityGroup:SecurityGroup',
  ingress: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  egress: 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
  key: 'aws:kms/key:Key',
  config: 'aws:msk/configuration:Configuration',
  topic: 'aws:msk/topic:Topic',
  adminTopic: 'pulumi-nodejs:dynamic/kafka:Topic',
  secret: 'aws:secretsmanager/secret:Secret',
  secretVersion: 'aws:secretsmanager/secretVersion:SecretVersion',
  single: 'aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation',
  exclusive: 'aws:msk/scramSecretAssociation:ScramSecretAssociation',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  podIdentity: 'aws:eks/podIdentityAssociation:PodIdentityAssociation',
  alarm: 'aws:cloudwatch/metricAlarm:MetricAlarm',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  asTarget: 'aws:appautoscaling/target:Target',
  asPolicy: 'aws:appautoscaling/policy:Policy',
  provider: 'pulumi:providers:aws',
};

/** The committed dev stack's config, to vary one setting at a time. */
function devConfig(): Record<string, unknown> {
  return (parse(fs.readFileSync('Pulumi.dev.yaml', 'utf8')) as { config: Record<string, unknown> }).config;
}
function devWith(msk: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const config = devConfig();
  return { ...config, 'kafka:msk': { ...(config['kafka:msk'] as object), ...msk }, ...extra };
}

function one(plan: Plan, type: string): PlanResource {
  const found = resourcesOfType(plan, type);
  assert.equal(found.length, 1, `expected one ${type}, got ${found.length}`);
  return found[0]!;
}

const SCRAM = { authMode: 'scram', identity: undefined };

describe('MSK backend under the mock runtime: network', () => {
  it('opens only the IAM port 9098 to the allowed sources, no egress, no public access', async () => {
    const plan = await planWith(devWith({ allowedCidrs: ['10.0.0.0/16'] }), 'dev');
    const rules = resourcesOfType(plan, T.ingress);
    assert.equal(rules.length, 2, 'one rule per CIDR and per source security group');
    for (const r of rules) {
      assert.equal(r.inputs.fromPort, 9098);
      assert.equal(r.inputs.toPort, 9098);
      assert.equal(r.inputs.ipProtocol, 'tcp');
    }
    assert.deepEqual(rules.map((r) => r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId).sort(), [
      '10.0.0.0/16',
      'sg-0c0ffee0c0ffee001',
    ]);
    assert.equal(resourcesOfType(plan, T.egress).length, 0);
    const sg = one(plan, T.sg);
    assert.equal(sg.inputs.ingress, undefined, 'no inline rules that could widen access');
    const info = one(plan, T.cluster).inputs.brokerNodeGroupInfo as Record<string, unknown>;
    assert.deepEqual(info.connectivityInfo, { publicAccess: { type: 'DISABLED' } });
  });

  it('opens only the SCRAM port 9096 in scram mode', async () => {
    const plan = await planWith(devWith(SCRAM), 'dev');
    const ports = resourcesOfType(plan, T.ingress).flatMap((r) => [r.inputs.fromPort, r.inputs.toPort]);
    assert.deepEqual([...new Set(ports)], [9096]);
  });
});

describe('MSK backend under the mock runtime: settings that would replace the cluster', () => {
  it('keeps the security group’s description whatever the auth mode (a new description replaces the group, and with it the cluster)', async () => {
    const iam = one(await planWith(devWith({}), 'dev'), T.sg);
    const scram = one(await planWith(devWith(SCRAM), 'dev'), T.sg);
    assert.equal(scram.inputs.description, iam.inputs.description);
    assert.equal(iam.inputs.description, 'Kafka brokers of MSK cluster kafka-dev (kafka-platform)');
  });

  it('names CIDR rules by CIDR: removing one leaves the others’ rules as they were', async () => {
    const rulesOf = async (cidrs: string[]) =>
      Object.fromEntries(
        resourcesOfType(await planWith(devWith({ allowedCidrs: cidrs }), 'dev'), T.ingress)
          .filter((r) => r.inputs.cidrIpv4)
          .map((r) => [r.name, r.inputs.cidrIpv4]),
      );
    const before = await rulesOf(['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']);
    const after = await rulesOf(['10.0.0.0/16', '10.2.0.0/16']);
    for (const [name, cidr] of Object.entries(after)) assert.equal(before[name], cidr, name);
  });

  it('guards the cluster: every registration of the cluster and its security group waits for the MskGuard', async () => {
    const plan = await planWith(devWith({}), 'dev');
    const guard = one(plan, 'pulumi-nodejs:dynamic/kafka-platform:MskGuard');
    assert.deepEqual(guard.inputs.fixed, {
      region: 'eu-west-1',
      clusterType: 'provisioned',
      clusterName: 'kafka-dev',
      vpcId: (devConfig()['kafka:msk'] as { vpcId: string }).vpcId,
      subnets: (devConfig()['kafka:msk'] as { subnets: { id: string }[] }).subnets.map((x) => x.id).join(','),
      kmsKeyArn: 'the key this stack creates',
    });
    assert.equal(guard.inputs.allowClusterReplacement, false);
    for (const r of [one(plan, T.cluster), one(plan, T.sg)]) {
      assert.ok(
        r.dependsOn.includes(`pulumi-nodejs:dynamic/kafka-platform:MskGuard::${guard.name}`),
        `${r.type}: ${r.dependsOn.join(', ')}`,
      );
    }
  });
});

describe('MSK backend under the mock runtime: encryption', () => {
  it('creates a rotating CMK and encrypts at rest with it, TLS in transit everywhere', async () => {
    const plan = await planCommittedStack('dev');
    const key = one(plan, T.key);
    assert.equal(key.inputs.enableKeyRotation, true);
    const cluster = one(plan, T.cluster);
    const enc = cluster.inputs.encryptionInfo as Record<string, unknown>;
    assert.match(String(enc.encryptionAtRestKmsKeyArn), /^arn:aws:kms:eu-west-1:\d{12}:key\//);
    assert.deepEqual(enc.encryptionInTransit, { clientBroker: 'TLS', inCluster: true });
    assert.deepEqual(cluster.inputs.clientAuthentication, {
      sasl: { iam: true, scram: false },
      unauthenticated: false,
    });
  });

  it('uses an existing key ARN instead of creating one', async () => {
    const arn = 'arn:aws:kms:eu-west-1:123456789012:key/0f0f0f0f-1111-2222-3333-444444444444';
    const plan = await planWith(devWith({ kmsKeyArn: arn }), 'dev');
    assert.equal(resourcesOfType(plan, T.key).length, 0);
    const enc = one(plan, T.cluster).inputs.encryptionInfo as Record<string, unknown>;
    assert.equal(enc.encryptionAtRestKmsKeyArn, arn);
  });
});

describe('MSK backend under the mock runtime: cluster shape', () => {
  it('writes the durability defaults for 2 AZs and the overrides into the configuration', async () => {
    const plan = await planWith(devWith({ brokerConfig: { 'log.retention.hours': 72 } }), 'dev');
    const config = one(plan, T.config);
    assert.deepEqual(config.inputs.kafkaVersions, ['3.8.x']);
    assert.equal(
      config.inputs.serverProperties,
      [
        'auto.create.topics.enable=false',
        'default.replication.factor=2',
        'log.retention.hours=72',
        'min.insync.replicas=1',
        'unclean.leader.election.enable=false',
        '',
      ].join('\n'),
    );
    const cluster = one(plan, T.cluster);
    assert.deepEqual(cluster.inputs.configurationInfo, {
      arn: `arn:aws:kafka:eu-west-1:123456789012:configuration/msk-config/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-2`,
      revision: 1,
    });
    assert.equal(cluster.inputs.numberOfBrokerNodes, 2);
    assert.equal(cluster.inputs.enhancedMonitoring, 'DEFAULT');
  });

  it('sends broker logs to a log group with retention and autoscales storage to the maximum', async () => {
    const plan = await planCommittedStack('dev');
    const logs = one(plan, T.logGroup);
    assert.deepEqual(logs.inputs, { name: '/aws/msk/kafka-dev', retentionInDays: 7 });
    const logging = one(plan, T.cluster).inputs.loggingInfo as { brokerLogs: { cloudwatchLogs: unknown } };
    assert.deepEqual(logging.brokerLogs.cloudwatchLogs, { enabled: true, logGroup: '/aws/msk/kafka-dev' });
    const target = one(plan, T.asTarget);
    assert.equal(target.inputs.maxCapacity, 100);
    assert.equal(target.inputs.scalableDimension, 'kafka:broker-storage:VolumeSize');
    const policy = one(plan, T.asPolicy);
    assert.deepEqual(policy.inputs.targetTrackingScalingPolicyConfiguration, {
      targetValue: 60,
      disableScaleIn: true,
      predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
    });
  });

  it('tags every resource through the explicit aws provider and its region', async () => {
    const plan = await planCommittedStack('dev');
    const provider = one(plan, T.provider);
    assert.equal(provider.inputs.region, 'eu-west-1');
    assert.deepEqual(JSON.parse(String(provider.inputs.defaultTags)), {
      tags: { project: 'kafka-platform', stack: 'dev', owner: 'platform-team' },
    });
  });

  it('creates native topics with the cluster replication factor, unprotected in dev', async () => {
    const plan = await planCommittedStack('dev');
    const topics = resourcesOfType(plan, T.topic);
    assert.deepEqual(
      topics.map((t) => [t.name, t.inputs.partitionCount, t.inputs.replicationFactor]),
      [
        ['ml.jobs.requested', 6, 2],
        ['ml.jobs.completed', 6, 2],
        ['ml.jobs.failed', 3, 2],
      ],
    );
    assert.equal(topics[0]?.inputs.configs, '{"cleanup.policy":"delete","retention.ms":"604800000"}');
    for (const t of topics) {
      assert.equal(t.protect, false);
      assert.equal(t.retainOnDelete, false, 'dev allows topic deletion');
      assert.match(String(t.inputs.clusterArn), /:cluster\/kafka-dev\//);
    }
  });
});

describe('MSK backend under the mock runtime: storage drift', () => {
  /** Runs the backend for `msk` settings and returns the ignoreChanges the cluster registers with. */
  async function clusterIgnoreChanges(msk: unknown): Promise<string[]> {
    const { settings, problems } = parseSettings(
      { values: { provider: 'msk', msk }, secretKeys: new Set() },
      'dev',
      BACKENDS,
    );
    assert.deepEqual(problems, []);
    const { catalog } = parseCatalog(fs.readFileSync('topics/catalog.yaml', 'utf8'), 'topics/catalog.yaml');
    let ignored: string[] = [];
    await runUnderMocks(
      {
        project: 'kafka-platform',
        stack: 'dev',
        config: {},
        secretKeys: [],
        computed: offlineMocks(mskBackend).computed,
      },
      () => {
        // The recorder does not keep ignoreChanges; read it from the registration request itself.
        type Req = { getType(): string; getIgnorechangesList(): string[] };
        const monitor = pulumi.runtime.getMonitor() as unknown as {
          registerResource(req: Req, cb: unknown): void;
        };
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, cb) => {
          if (req.getType() === T.cluster) ignored = req.getIgnorechangesList();
          register(req, cb);
        };
        return new KafkaBackend({
          backend: settings.backend!,
          context: { core: settings, catalog, secret: () => pulumi.secret('') },
        }).result.outputs;
      },
    );
    return ignored;
  }

  it('ignores volume-size drift only while storage autoscaling is on', async () => {
    const msk = devConfig()['kafka:msk'] as Record<string, unknown>;
    assert.deepEqual(await clusterIgnoreChanges(msk), [
      'brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize',
    ]);
    assert.deepEqual(
      await clusterIgnoreChanges({ ...msk, storage: { volumeSizeGiB: 20, autoscaling: false } }),
      [],
    );
  });
});

describe('MSK backend under the mock runtime: IAM access per service', () => {
  it('gives each service a role with exactly its topics and groups', async () => {
    const plan = await planCommittedStack('dev');
    const policies = Object.fromEntries(
      resourcesOfType(plan, T.rolePolicy).map((p) => [p.parent, JSON.parse(String(p.inputs.policy))]),
    );
    const arns = kafkaArns(
      'arn:aws:kafka:eu-west-1:123456789012:cluster/kafka-dev/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-2',
    );
    const backend = policies['kafka-platform:msk:ServiceAccess::backend-api'];
    const resourcesBySid = (doc: { Statement: { Sid: string; Resource: string[] }[] }) =>
      Object.fromEntries(doc.Statement.map((s) => [s.Sid, s.Resource]));
    assert.deepEqual(resourcesBySid(backend), {
      Connect: [arns.cluster],
      IdempotentProduce: [arns.cluster],
      Produce: [arns.topic('ml.jobs.requested')],
      Consume: [arns.topic('ml.jobs.completed'), arns.topic('ml.jobs.failed')],
      ConsumerGroups: [arns.group('backend-api')],
    });
    const ml = policies['kafka-platform:msk:ServiceAccess::ml-service'];
    assert.deepEqual(resourcesBySid(ml), {
      Connect: [arns.cluster],
      IdempotentProduce: [arns.cluster],
      Produce: [arns.topic('ml.jobs.completed'), arns.topic('ml.jobs.failed')],
      Consume: [arns.topic('ml.jobs.requested')],
      ConsumerGroups: [arns.group('ml-service')],
    });
    for (const role of resourcesOfType(plan, T.role)) {
      const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
      const sub = Object.entries(trust.Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(':sub'));
      assert.equal(sub?.[1], `system:serviceaccount:default:${role.name.replace(/-role$/, '')}`);
    }
  });

  it('hands the IRSA role ARN to the ServiceAccount and IAM settings to the env', async () => {
    const config = devConfig();
    const { settings, problems } = parseSettings(
      { values: { provider: 'msk', msk: config['kafka:msk'] }, secretKeys: new Set() },
      'dev',
      BACKENDS,
    );
    assert.deepEqual(problems, []);
    const { catalog } = parseCatalog(fs.readFileSync('topics/catalog.yaml', 'utf8'), 'topics/catalog.yaml');
    const { result } = await runUnderMocks(
      {
        project: 'kafka-platform',
        stack: 'dev',
        config: {},
        secretKeys: [],
        computed: offlineMocks(mskBackend).computed,
      },
      () =>
        new KafkaBackend({
          backend: settings.backend!,
          context: { core: settings, catalog, secret: () => pulumi.secret('') },
        }).result,
    );
    const annotation = result.access['ml-service']?.serviceAccountAnnotations?.['eks.amazonaws.com/role-arn'];
    assert.equal(await resolve(annotation), 'arn:aws:iam::123456789012:role/ml-service-role');
    assert.equal(result.access['ml-service']?.password, undefined, 'IAM mode issues no passwords');
    assert.equal(result.connection.saslMechanism, 'OAUTHBEARER');
    assert.equal(result.connection.oauthProvider, 'aws-msk-iam');
    assert.deepEqual(result.connection.extraEnv, { AWS_REGION: 'eu-west-1' });
  });

  it('the delivered ServiceAccount of each service carries its own role ARN (IRSA)', async () => {
    const plan = await planCommittedStack('dev');
    const patches = resourcesOfType(plan, 'kubernetes:core/v1:ServiceAccountPatch');
    const annotations = Object.fromEntries(
      patches.map((p) => {
        const metadata = p.inputs.metadata as { name: string; annotations: Record<string, string> };
        return [metadata.name, metadata.annotations['eks.amazonaws.com/role-arn']];
      }),
    );
    assert.deepEqual(annotations, {
      'backend-api': 'arn:aws:iam::123456789012:role/backend-api-role',
      'ml-service': 'arn:aws:iam::123456789012:role/ml-service-role',
    });
  });

  it('associates each role with its ServiceAccount through EKS Pod Identity when configured', async () => {
    const plan = await planWith(
      devWith({ identity: { type: 'pod-identity', eksClusterName: 'dev-eks' } }),
      'dev',
    );
    const associations = resourcesOfType(plan, T.podIdentity);
    assert.deepEqual(
      associations.map((a) => [a.inputs.clusterName, a.inputs.namespace, a.inputs.serviceAccount]).sort(),
      [
        ['dev-eks', 'default', 'backend-api'],
        ['dev-eks', 'default', 'ml-service'],
      ],
    );
    const trust = JSON.parse(String(resourcesOfType(plan, T.role)[0]?.inputs.assumeRolePolicy));
    assert.deepEqual(trust.Statement[0].Principal, { Service: 'pods.eks.amazonaws.com' });
    // Only this cluster's association of this service's namespace and ServiceAccount (pod-id-role).
    const trusts = Object.fromEntries(
      resourcesOfType(plan, T.role).map((r) => {
        const policy = JSON.parse(String(r.inputs.assumeRolePolicy));
        return [r.name, policy.Statement.map((st: { Condition?: unknown }) => st.Condition)];
      }),
    );
    assert.deepEqual(Object.values(trusts).flat().sort(), [
      {
        StringEquals: {
          'aws:RequestTag/eks-cluster-name': 'dev-eks',
          'aws:RequestTag/kubernetes-namespace': 'default',
          'aws:RequestTag/kubernetes-service-account': 'backend-api',
        },
      },
      {
        StringEquals: {
          'aws:RequestTag/eks-cluster-name': 'dev-eks',
          'aws:RequestTag/kubernetes-namespace': 'default',
          'aws:RequestTag/kubernetes-service-account': 'ml-service',
        },
      },
    ]);
  });
});

describe('MSK backend under the mock runtime: SCRAM access per service', () => {
  it('stores a generated password per service in an AmazonMSK_ secret under the CMK, associated non-exclusively', async () => {
    const plan = await planWith(devWith(SCRAM), 'dev');
    const secrets = resourcesOfType(plan, T.secret);
    assert.deepEqual(secrets.map((s) => s.inputs.name).sort(), [
      'AmazonMSK_dev-backend-api',
      'AmazonMSK_dev-ml-service',
    ]);
    const keyArn = (plan.outputs.msk as Record<string, unknown>).kmsKeyArn;
    assert.match(String(keyArn), /^arn:aws:kms:/);
    for (const s of secrets)
      assert.equal(s.inputs.kmsKeyId, keyArn, 'MSK refuses the default Secrets Manager key');
    assert.equal(resourcesOfType(plan, T.single).length, 2);
    assert.equal(resourcesOfType(plan, T.exclusive).length, 0);
    for (const v of resourcesOfType(plan, T.secretVersion)) assert.equal(v.inputs.secretString, '[secret]');

    const text = JSON.stringify(plan);
    assert.ok(!text.includes('mock-generated-scram-password'), 'the password never shows in the plan');
    const env = plan.services.find((s) => s.name === 'backend-api')?.env;
    assert.equal(env?.KAFKA_SASL_MECHANISM, 'SCRAM-SHA-512');
    assert.equal(env?.KAFKA_SECURITY_PROTOCOL, 'SASL_SSL');
    assert.equal(env?.KAFKA_SASL_PASSWORD, '[secret]');
    assert.equal(env?.KAFKA_SASL_USERNAME, '[secret]');
    assert.match(env?.KAFKA_BROKER_URL ?? '', /^b-1\.kafka-dev\..*:9096,b-2\..*:9096$/);
    assert.equal(env?.AWS_REGION, undefined);
    assert.equal(resourcesOfType(plan, T.role).length, 0, 'no IAM roles in scram mode');
  });
});

describe('MSK backend under the mock runtime: SCRAM ACL enforcement as reported', () => {
  it('reports ACLs as enforced only once allow.everyone.if.no.acl.found is false', async () => {
    const acls = { ...SCRAM, manageAcls: true };
    const first = mskPlannedAccess((await planWith(devWith(acls), 'dev')).resources);
    assert.equal(first.enforced, false);
    assert.match(first.enforced ? '' : first.why, /allow\.everyone\.if\.no\.acl\.found/);
    const second = mskPlannedAccess(
      (await planWith(devWith({ ...acls, brokerConfig: { 'allow.everyone.if.no.acl.found': false } }), 'dev'))
        .resources,
    );
    assert.equal(second.enforced, true);
    assert.deepEqual(Object.keys(second.enforced ? second.grants : {}).sort(), ['backend-api', 'ml-service']);
  });
});

describe('MSK backend under the mock runtime: SCRAM ACLs', () => {
  it('adds an ACL admin user, its own rights first, then each service’s ACLs over a secret connection', async () => {
    const plan = await planWith(devWith({ ...SCRAM, manageAcls: true }), 'dev');
    const acls = resourcesOfType(plan, 'pulumi-nodejs:dynamic/kafka:Acls');
    const byPrincipal = Object.fromEntries(acls.map((a) => [a.inputs.principal, a]));
    assert.deepEqual(Object.keys(byPrincipal).sort(), [
      'User:backend-api',
      'User:kafka-platform-admin',
      'User:ml-service',
    ]);
    const admin = byPrincipal['User:kafka-platform-admin']!;
    for (const a of acls) {
      assert.equal(a.inputs.connection, '[secret]');
      if (a !== admin) assert.ok(a.dependsOn.includes(`pulumi-nodejs:dynamic/kafka:Acls::${admin.name}`));
    }
    assert.deepEqual(byPrincipal['User:ml-service']?.inputs.bindings, [
      { resourceType: 'TOPIC', resourceName: 'ml.jobs.completed', operation: 'DESCRIBE' },
      { resourceType: 'TOPIC', resourceName: 'ml.jobs.completed', operation: 'WRITE' },
      { resourceType: 'TOPIC', resourceName: 'ml.jobs.failed', operation: 'DESCRIBE' },
      { resourceType: 'TOPIC', resourceName: 'ml.jobs.failed', operation: 'WRITE' },
      { resourceType: 'TOPIC', resourceName: 'ml.jobs.requested', operation: 'DESCRIBE' },
      { resourceType: 'TOPIC', resourceName: 'ml.jobs.requested', operation: 'READ' },
      { resourceType: 'GROUP', resourceName: 'ml-service', operation: 'READ' },
    ]);
    assert.ok(
      resourcesOfType(plan, T.secret).some((s) => s.inputs.name === 'AmazonMSK_dev-kafka-platform-admin'),
      'the admin is a SCRAM user like the services',
    );
    assert.ok(!JSON.stringify(plan).includes('mock-generated-scram-password'));
  });
});

describe('MSK backend under the mock runtime: alarms', () => {
  it('alarms on broker health, throughput, lag and throttling from the definition, to one SNS topic', async () => {
    const plan = await planCommittedStack('prod');
    const alarms = resourcesOfType(plan, T.alarm);
    const names = alarms.map((a) => a.inputs.name).sort();
    const topics = ['ml.jobs.completed', 'ml.jobs.failed', 'ml.jobs.requested'];
    assert.deepEqual(names, [
      'kafka-prod-active-controller',
      'kafka-prod-cluster-bytes-in',
      'kafka-prod-cluster-bytes-out',
      'kafka-prod-consumer-lag-backend-api',
      'kafka-prod-consumer-lag-ml-service',
      'kafka-prod-consumer-lag-time-backend-api',
      'kafka-prod-consumer-lag-time-ml-service',
      'kafka-prod-cpu-broker-1',
      'kafka-prod-cpu-broker-2',
      'kafka-prod-cpu-broker-3',
      'kafka-prod-disk-broker-1',
      'kafka-prod-disk-broker-2',
      'kafka-prod-disk-broker-3',
      'kafka-prod-offline-partitions',
      // kafka:msk.monitoring is PER_BROKER in prod: the throttle metrics exist.
      'kafka-prod-throttling-fetch',
      'kafka-prod-throttling-produce',
      ...topics.map((t) => `kafka-prod-topic-bytes-in-${t}`),
      ...topics.map((t) => `kafka-prod-topic-bytes-out-${t}`),
      'kafka-prod-under-replicated-broker-1',
      'kafka-prod-under-replicated-broker-2',
      'kafka-prod-under-replicated-broker-3',
    ]);
    const topicArn = (plan.outputs.msk as Record<string, unknown>).alarmTopicArn;
    for (const a of alarms) assert.deepEqual(a.inputs.alarmActions, [topicArn]);
    const lag = alarms.find((a) => a.inputs.name === 'kafka-prod-consumer-lag-backend-api');
    const queries = lag?.inputs.metricQueries as {
      id: string;
      expression?: string;
      metric?: { dimensions: unknown };
    }[];
    assert.deepEqual(
      queries.map((q) => q.metric?.dimensions ?? q.expression),
      [
        { 'Cluster Name': 'kafka-prod', 'Consumer Group': 'backend-api', Topic: 'ml.jobs.completed' },
        { 'Cluster Name': 'kafka-prod', 'Consumer Group': 'backend-api', Topic: 'ml.jobs.failed' },
        'MAX([lag0, lag1])',
      ],
    );
    assert.equal(lag?.inputs.threshold, 10000);
    const disk = alarms.find((a) => a.inputs.name === 'kafka-prod-disk-broker-1');
    assert.equal(disk?.inputs.threshold, 80);
    const email = one(plan, 'aws:sns/topicSubscription:TopicSubscription');
    assert.equal(email.inputs.endpoint, 'kafka-oncall@example.com');
  });

  it('registers no alarms when they are turned off', async () => {
    const plan = await planWith(devWith({ alarms: { enabled: false } }), 'dev');
    assert.equal(resourcesOfType(plan, T.alarm).length, 0);
    assert.equal((plan.outputs.msk as Record<string, unknown>).alarmTopicArn, undefined);
  });
});

describe('MSK backend under the mock runtime: prod', () => {
  it('protects the cluster, its key and topics, retains topics on delete, monitors per broker', async () => {
    const plan = await planCommittedStack('prod');
    const cluster = one(plan, T.cluster);
    assert.equal(cluster.protect, true);
    assert.equal(cluster.inputs.enhancedMonitoring, 'PER_BROKER');
    assert.equal(cluster.inputs.numberOfBrokerNodes, 3);
    assert.equal(
      (cluster.inputs.brokerNodeGroupInfo as { instanceType: string }).instanceType,
      'kafka.m7g.large',
    );
    assert.equal((cluster.inputs.brokerNodeGroupInfo as { clientSubnets: string[] }).clientSubnets.length, 3);
    assert.equal(one(plan, T.key).protect, true);
    const topics = resourcesOfType(plan, T.topic);
    assert.equal(topics.length, 3);
    for (const t of topics) {
      assert.equal(t.protect, true);
      assert.equal(t.retainOnDelete, true);
      assert.equal(t.inputs.replicationFactor, 3);
    }
    assert.match(String(one(plan, T.config).inputs.serverProperties), /min\.insync\.replicas=2\n/);
  });
});

describe('MSK backend under the mock runtime: Express brokers and bad input', () => {
  it('leaves storage and the fixed durability settings to AWS on Express brokers', async () => {
    const config = devConfig();
    const msk = { ...(config['kafka:msk'] as Record<string, unknown>) };
    delete msk.storage;
    const plan = await planWith(
      {
        ...config,
        'kafka:msk': {
          ...msk,
          instanceType: 'express.m7g.large',
          brokerCount: 3,
          subnets: [...(msk.subnets as object[]), { id: 'subnet-0123456789abcdef0', az: 'eu-west-1c' }],
        },
      },
      'dev',
    );
    const info = one(plan, T.cluster).inputs.brokerNodeGroupInfo as Record<string, unknown>;
    assert.equal(info.storageInfo, undefined);
    assert.equal(resourcesOfType(plan, T.asTarget).length, 0);
    assert.equal(one(plan, T.config).inputs.serverProperties, 'auto.create.topics.enable=false\n');
    for (const t of resourcesOfType(plan, T.topic)) assert.equal(t.inputs.replicationFactor, 3);
    assert.ok(
      !resourcesOfType(plan, T.alarm).some((a) =>
        /disk|under-replicated|offline/.test(String(a.inputs.name)),
      ),
    );
  });

  it('refuses bad settings before registering anything', async () => {
    await assert.rejects(planWith(devWith({ brokerCount: 3 }), 'dev'), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.match(err.message, /kafka:msk\.brokerCount: 3 is not a multiple of the 2 subnets/);
      return true;
    });
  });
});

describe('MSK backend under the mock runtime: serverless', () => {
  it('creates an IAM-only serverless cluster and admin-API topics signed with MSK IAM', async () => {
    const config = devConfig();
    const msk = { ...(config['kafka:msk'] as Record<string, unknown>) };
    for (const key of [
      'kafkaVersion',
      'instanceType',
      'brokerCount',
      'storage',
      'monitoring',
      'logRetentionDays',
    ]) {
      delete msk[key];
    }
    const plan = await planWith({ ...config, 'kafka:msk': { ...msk, clusterType: 'serverless' } }, 'dev');
    const cluster = one(plan, T.serverless);
    assert.deepEqual(cluster.inputs.clientAuthentication, { sasl: { iam: { enabled: true } } });
    assert.equal(resourcesOfType(plan, T.cluster).length, 0);
    assert.equal(resourcesOfType(plan, T.config).length, 0);
    assert.equal(resourcesOfType(plan, T.topic).length, 0, 'aws.msk.Topic does not support serverless');
    const topics = resourcesOfType(plan, T.adminTopic);
    assert.equal(topics.length, 3);
    for (const t of topics) {
      assert.equal(t.inputs.replicationFactor, 3);
      assert.deepEqual(t.inputs.connection, {
        brokers: ['boot-abc123.c2.kafka-serverless.eu-west-1.amazonaws.com:9098'],
        tls: true,
        connectTimeoutMs: 10000,
      });
      assert.deepEqual(t.inputs.sasl, {
        mechanism: 'oauthbearer',
        provider: 'aws-msk-iam',
        region: 'eu-west-1',
      });
    }
    assert.deepEqual(
      resourcesOfType(plan, T.alarm)
        .map((a) => a.inputs.name)
        .sort(),
      [
        'kafka-dev-cluster-bytes-in',
        'kafka-dev-cluster-bytes-out',
        'kafka-dev-consumer-lag-backend-api',
        'kafka-dev-consumer-lag-ml-service',
        'kafka-dev-consumer-lag-time-backend-api',
        'kafka-dev-consumer-lag-time-ml-service',
        ...['completed', 'failed', 'requested'].map((t) => `kafka-dev-topic-bytes-in-ml.jobs.${t}`),
        ...['completed', 'failed', 'requested'].map((t) => `kafka-dev-topic-bytes-out-ml.jobs.${t}`),
      ],
    );
  });
});

function resolve<T>(value: pulumi.Input<T> | undefined): Promise<T | undefined> {
  return new Promise((res) => pulumi.output(value).apply((v) => res(v as T | undefined)));
}
