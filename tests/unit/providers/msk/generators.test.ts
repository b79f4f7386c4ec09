import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kafkaArns, servicePolicy, trustPolicy } from '../../../../providers/msk/accessPolicy';
import {
  durabilityDefaults,
  normaliseBrokerConfig,
  serverProperties,
} from '../../../../providers/msk/brokerProperties';
import { aclChanges } from '../../../../kafka/admin/aclOps';
import { serviceAcls } from '../../../../kafka/acls';
import { adminAcls } from '../../../../providers/msk/aclAdmin';
import { brokerIngressCidrProblem } from '../../../../providers/msk/settings';
import { Service } from '../../../../topics/catalog';

const CLUSTER = 'arn:aws:kafka:eu-west-1:123456789012:cluster/kafka-dev/abcd-1234-5';
const service = (over: Partial<Service>): Service => ({
  name: 'svc',
  namespace: 'apps',
  produces: [],
  consumes: [],
  ...over,
});

describe('MSK IAM resource ARNs', () => {
  it('derives topic and group ARNs from the cluster ARN', () => {
    const arns = kafkaArns(CLUSTER);
    assert.equal(
      arns.topic('orders.v1'),
      'arn:aws:kafka:eu-west-1:123456789012:topic/kafka-dev/abcd-1234-5/orders.v1',
    );
    assert.equal(
      arns.group('billing'),
      'arn:aws:kafka:eu-west-1:123456789012:group/kafka-dev/abcd-1234-5/billing',
    );
  });

  it('refuses something that is not a cluster ARN', () => {
    assert.throws(() => kafkaArns('arn:aws:iam::1:role/x'), /not an MSK cluster ARN/);
  });
});

describe('per-service IAM policy', () => {
  it('grants a producer connect, idempotent writes and describe/write on its topics only', () => {
    const policy = servicePolicy(service({ produces: ['b', 'a'] }), CLUSTER);
    assert.deepEqual(policy.Statement, [
      { Sid: 'Connect', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: [CLUSTER] },
      {
        Sid: 'IdempotentProduce',
        Effect: 'Allow',
        Action: ['kafka-cluster:WriteDataIdempotently'],
        Resource: [CLUSTER],
      },
      {
        Sid: 'Produce',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        Resource: [kafkaArns(CLUSTER).topic('a'), kafkaArns(CLUSTER).topic('b')],
      },
    ]);
  });

  it('grants a consumer describe/read on its topics and its own groups, nothing to write', () => {
    const policy = servicePolicy(
      service({
        consumes: [
          { topic: 't1', group: 'g' },
          { topic: 't2', group: 'g' },
        ],
      }),
      CLUSTER,
    );
    const actions = policy.Statement.flatMap((s) => s.Action);
    assert.ok(!actions.includes('kafka-cluster:WriteData'));
    assert.ok(!actions.some((a) => /Create|Delete|Alter(Topic|Cluster)/.test(a)), 'no admin actions');
    assert.deepEqual(policy.Statement.find((s) => s.Sid === 'Consume')?.Resource, [
      kafkaArns(CLUSTER).topic('t1'),
      kafkaArns(CLUSTER).topic('t2'),
    ]);
    assert.deepEqual(
      policy.Statement.find((s) => s.Sid === 'ConsumerGroups'),
      {
        Sid: 'ConsumerGroups',
        Effect: 'Allow',
        Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        Resource: [kafkaArns(CLUSTER).group('g')],
      },
    );
  });

  it('gives a service with no topics only Connect', () => {
    assert.deepEqual(
      servicePolicy(service({}), CLUSTER).Statement.map((s) => s.Sid),
      ['Connect'],
    );
  });
});

describe('role trust policies', () => {
  it('IRSA: only the service account of the service, with the STS audience', () => {
    const issuer = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
    const oidcProviderArn = `arn:aws:iam::123456789012:oidc-provider/${issuer}`;
    const [statement] = trustPolicy(
      { type: 'irsa', oidcProviderArn, issuer },
      service({ serviceAccount: 'svc-sa' }),
    ).Statement;
    assert.deepEqual(statement, {
      Sid: 'ServiceAccountWebIdentity',
      Effect: 'Allow',
      Principal: { Federated: oidcProviderArn },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: {
          [`${issuer}:aud`]: 'sts.amazonaws.com',
          [`${issuer}:sub`]: 'system:serviceaccount:apps:svc-sa',
        },
      },
    });
  });

  it('Pod Identity: the EKS pods service with session tags', () => {
    const [statement] = trustPolicy({ type: 'pod-identity', eksClusterName: 'eks' }, service({})).Statement;
    assert.deepEqual(statement?.Principal, { Service: 'pods.eks.amazonaws.com' });
    assert.deepEqual(statement?.Action, ['sts:AssumeRole', 'sts:TagSession']);
  });
});

describe('broker configuration (server.properties)', () => {
  it('uses RF 3 / min ISR 2 on 3 AZs and RF 2 / min ISR 1 on 2 AZs', () => {
    assert.deepEqual(durabilityDefaults(3, 3), {
      'auto.create.topics.enable': 'false',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
    });
    assert.equal(durabilityDefaults(2, 2)['default.replication.factor'], '2');
    assert.equal(durabilityDefaults(2, 2)['min.insync.replicas'], '1');
    assert.equal(durabilityDefaults(2, 4)['default.replication.factor'], '2');
  });

  it('renders sorted key=value lines with overrides on top of the defaults', () => {
    assert.equal(
      serverProperties({ azCount: 3, brokerCount: 6, express: false, overrides: { 'num.partitions': '6' } }),
      [
        'auto.create.topics.enable=false',
        'default.replication.factor=3',
        'min.insync.replicas=2',
        'num.partitions=6',
        'unclean.leader.election.enable=false',
        '',
      ].join('\n'),
    );
  });

  it('leaves out what Express brokers fix', () => {
    assert.equal(
      serverProperties({ azCount: 3, brokerCount: 3, express: true, overrides: {} }),
      'auto.create.topics.enable=false\n',
    );
  });

  it('normalises override values to Kafka strings', () => {
    assert.deepEqual(normaliseBrokerConfig('log.retention.hours', 168), { value: '168' });
    assert.deepEqual(normaliseBrokerConfig('delete.topic.enable', 'true'), { value: 'true' });
    assert.match(normaliseBrokerConfig('num.io.threads', 0).problem ?? '', /from 1 to/);
  });
});

describe('client CIDRs', () => {
  it('accepts private ranges and refuses malformed or internet-wide ones', () => {
    assert.equal(brokerIngressCidrProblem('10.20.0.0/16'), undefined);
    assert.equal(brokerIngressCidrProblem('192.168.1.7/32'), undefined);
    assert.match(brokerIngressCidrProblem('300.0.0.0/8') ?? '', /not an IPv4 CIDR/);
    assert.match(brokerIngressCidrProblem('0.0.0.0/0') ?? '', /wider than \/8/);
    assert.match(brokerIngressCidrProblem('10.0.0.1/24') ?? '', /host bits/);
  });
});

describe('Kafka ACLs for SCRAM mode', () => {
  it('gives a service describe/write on produced, describe/read on consumed topics and read on its groups', () => {
    assert.deepEqual(
      serviceAcls(
        service({
          produces: ['out'],
          consumes: [
            { topic: 'in', group: 'g' },
            { topic: 'in2', group: 'g' },
          ],
        }),
      ),
      [
        { resourceType: 'TOPIC', resourceName: 'out', operation: 'DESCRIBE' },
        { resourceType: 'TOPIC', resourceName: 'out', operation: 'WRITE' },
        { resourceType: 'TOPIC', resourceName: 'in', operation: 'DESCRIBE' },
        { resourceType: 'TOPIC', resourceName: 'in', operation: 'READ' },
        { resourceType: 'TOPIC', resourceName: 'in2', operation: 'DESCRIBE' },
        { resourceType: 'TOPIC', resourceName: 'in2', operation: 'READ' },
        { resourceType: 'GROUP', resourceName: 'g', operation: 'READ' },
      ],
    );
  });

  it('keeps the admin able to manage ACLs once allow.everyone is off, with no wildcard that would lock others out', () => {
    assert.deepEqual(
      adminAcls().map((b) => `${b.resourceType}:${b.resourceName}:${b.operation}`),
      ['CLUSTER:kafka-cluster:ALL'],
    );
  });

  it('computes the ACLs to add and remove, ignoring order and duplicates', () => {
    const a = { resourceType: 'TOPIC', resourceName: 'a', operation: 'READ' } as const;
    const b = { resourceType: 'TOPIC', resourceName: 'b', operation: 'READ' } as const;
    const c = { resourceType: 'GROUP', resourceName: 'g', operation: 'READ' } as const;
    assert.deepEqual(aclChanges([a, b, b], [c, b]), { add: [c], remove: [a] });
    assert.deepEqual(aclChanges([a, b], [b, a]), { add: [], remove: [] });
  });
});
