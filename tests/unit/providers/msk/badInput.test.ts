import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings } from '../../../../input';
import { BACKENDS } from '../../../../providers';
import { mskCatalogProblems } from '../../../../providers/msk/catalogRules';
import { mskBackend } from '../../../../providers/msk';
import { parseCatalog } from '../../../../topics/parseCatalog';
import { assertProblemLines } from '../../../harness/problems';

/** A valid provisioned IAM cluster; each case changes one thing. */
const base = {
  region: 'eu-west-1',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  subnets: [
    { id: 'subnet-0aa11bb22cc33dd44', az: 'eu-west-1a' },
    { id: 'subnet-0ee55ff66aa77bb88', az: 'eu-west-1b' },
    { id: 'subnet-0123456789abcdef0', az: 'eu-west-1c' },
  ],
  allowedCidrs: ['10.0.0.0/16'],
  identity: {
    type: 'irsa',
    oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
  },
};
const two = base.subnets.slice(0, 2);

interface Case {
  name: string;
  msk: unknown;
  expected: string[];
}

const CASES: Case[] = [
  {
    name: 'msk block missing',
    msk: undefined,
    expected: [
      // The first line is what a newcomer reads: the keys they must set, identity included, and
      // the connectivity pair as a choice (neither key alone is required).
      'kafka:msk: is required for kafka:provider msk: set at least { region, vpcId, subnets, identity } ' +
        '(identity because authMode defaults to iam) and one of allowedCidrs, allowedSecurityGroupIds',
      'kafka:msk.region: is required',
      'kafka:msk.vpcId: is required',
      'kafka:msk.subnets: is required',
      'kafka:msk.identity: is required with authMode iam',
    ],
  },
  {
    name: 'unknown key',
    msk: { ...base, brokers: 3 },
    expected: ['kafka:msk.brokers: is not a known setting'],
  },
  {
    name: 'bad region',
    msk: { ...base, region: 'Ireland' },
    expected: ['kafka:msk.region: "Ireland" is not an AWS region name like eu-west-1'],
  },
  {
    name: 'bad VPC id',
    msk: { ...base, vpcId: 'vpc-x' },
    expected: ['kafka:msk.vpcId: "vpc-x" is not a VPC id'],
  },
  {
    name: 'one subnet',
    msk: { ...base, subnets: [base.subnets[0]], brokerCount: 2 },
    expected: ['kafka:msk.subnets: has 1 subnets: MSK needs 2 or 3, each in a different Availability Zone'],
  },
  {
    name: 'four subnets',
    msk: {
      ...base,
      subnets: [...base.subnets, { id: 'subnet-0fedcba9876543210', az: 'eu-west-1d' }],
      brokerCount: 4,
    },
    expected: ['kafka:msk.subnets: has 4 subnets: MSK needs 2 or 3'],
  },
  {
    name: 'subnets in one AZ',
    msk: { ...base, subnets: [two[0], { ...two[1], az: 'eu-west-1a' }] },
    expected: [
      'kafka:msk.subnets: has more than one subnet in eu-west-1a: each subnet must be in a different',
    ],
  },
  {
    name: 'same subnet twice',
    msk: { ...base, subnets: [two[0], two[0]] },
    expected: [
      'kafka:msk.subnets: lists subnet subnet-0aa11bb22cc33dd44 twice',
      'kafka:msk.subnets: has more than one subnet in eu-west-1a',
    ],
  },
  {
    name: 'subnet without AZ',
    msk: { ...base, subnets: [{ id: 'subnet-0aa11bb22cc33dd44' }, two[1]] },
    expected: ['kafka:msk.subnets[0].az: is required'],
  },
  {
    name: 'subnet AZ in another region',
    msk: { ...base, subnets: [two[0], { ...two[1], az: 'us-east-1b' }] },
    expected: ['kafka:msk.subnets[1].az: "us-east-1b" is not in kafka:msk.region eu-west-1'],
  },
  {
    name: 'bad subnet id',
    msk: { ...base, subnets: [{ ...two[0], id: 'sn-1' }, two[1]] },
    expected: ['kafka:msk.subnets[0].id: "sn-1" is not a subnet id'],
  },
  {
    name: 'broker count not a multiple of the subnets',
    msk: { ...base, brokerCount: 4 },
    expected: ['kafka:msk.brokerCount: 4 is not a multiple of the 3 subnets'],
  },
  {
    name: 'more brokers than MSK allows per ZooKeeper-based cluster',
    msk: { ...base, brokerCount: 33 },
    expected: [
      'kafka:msk.brokerCount: 33 is more than the 30 brokers MSK allows per ZooKeeper-based cluster',
    ],
  },
  {
    name: 'more brokers than MSK allows per KRaft-based cluster',
    msk: { ...base, kafkaVersion: '3.9.x.kraft', brokerCount: 60 + 3 },
    expected: ['kafka:msk.brokerCount: 63 is more than 60'],
  },
  {
    name: 'Express broker properties outside MSK’s Express list',
    msk: {
      ...base,
      instanceType: 'express.m7g.large',
      brokerConfig: { 'log.retention.hours': 48, 'num.io.threads': 16, 'log.retention.ms': 172800000 },
    },
    expected: [
      'kafka:msk.brokerConfig.log.retention.hours: cannot be set on Express brokers (express.m7g.large): MSK manages it',
      'kafka:msk.brokerConfig.num.io.threads: cannot be set on Express brokers (express.m7g.large): MSK manages it',
    ],
  },
  {
    name: 'broker count zero',
    msk: { ...base, brokerCount: 0 },
    expected: ['kafka:msk.brokerCount: 0 is less than 1'],
  },
  {
    name: 'wrong instance type',
    msk: { ...base, instanceType: 'm5.large' },
    expected: ['kafka:msk.instanceType: "m5.large" is not one of kafka.t3.small, kafka.m5.large'],
  },
  {
    name: 'Express with 2 subnets',
    msk: { ...base, subnets: two, brokerCount: 2, instanceType: 'express.m7g.large' },
    expected: ['kafka:msk.subnets: has 2 subnets: Express brokers need exactly 3'],
  },
  {
    name: 'Express with storage',
    msk: { ...base, instanceType: 'express.m7g.large', storage: { volumeSizeGiB: 100 } },
    expected: ['kafka:msk.storage: does not apply to Express brokers (express.m7g.large)'],
  },
  {
    name: 'Express with a fixed broker property',
    msk: { ...base, instanceType: 'express.m7g.xlarge', brokerConfig: { 'min.insync.replicas': 1 } },
    expected: ['kafka:msk.brokerConfig.min.insync.replicas: cannot be set on Express brokers'],
  },
  {
    name: 'unsupported Kafka version',
    msk: { ...base, kafkaVersion: '3.9' },
    expected: ['kafka:msk.kafkaVersion: "3.9" is not a supported MSK Kafka version (allowed: 3.8.x,'],
  },
  {
    name: 'Kafka version past end of support',
    msk: { ...base, kafkaVersion: '3.6.0' },
    expected: ['kafka:msk.kafkaVersion: "3.6.0" reached end of support on 2026-06-01'],
  },
  {
    name: 'storage too large',
    msk: { ...base, storage: { volumeSizeGiB: 20000 } },
    expected: ['kafka:msk.storage.volumeSizeGiB: 20000 is more than 16384'],
  },
  {
    name: 'autoscaling target out of range',
    msk: { ...base, storage: { volumeSizeGiB: 100, autoscaling: { targetPercent: 90 } } },
    expected: ['kafka:msk.storage.autoscaling.targetPercent: 90 is more than 80'],
  },
  {
    name: 'autoscaling maximum below the volume',
    msk: { ...base, storage: { volumeSizeGiB: 100, autoscaling: { maxGiB: 50 } } },
    expected: [
      'kafka:msk.storage.autoscaling.maxGiB: 50 must be more than kafka:msk.storage.volumeSizeGiB (100)',
    ],
  },
  {
    name: 'unknown auth mode',
    msk: { ...base, authMode: 'mtls' },
    expected: ['kafka:msk.authMode: "mtls" is not one of iam, scram'],
  },
  {
    name: 'SCRAM without TLS',
    msk: { ...base, authMode: 'scram', identity: undefined, clientBrokerEncryption: 'PLAINTEXT' },
    expected: ['kafka:msk.clientBrokerEncryption: "PLAINTEXT" would allow unencrypted client traffic: SCRAM'],
  },
  {
    name: 'IAM with TLS_PLAINTEXT',
    msk: { ...base, clientBrokerEncryption: 'TLS_PLAINTEXT' },
    expected: [
      'kafka:msk.clientBrokerEncryption: "TLS_PLAINTEXT" would allow unencrypted client traffic: IAM',
    ],
  },
  {
    name: 'no encryption inside the cluster',
    msk: { ...base, inClusterEncryption: false },
    expected: ['kafka:msk.inClusterEncryption: cannot be false'],
  },
  {
    name: 'serverless with SCRAM',
    msk: { ...base, clusterType: 'serverless', authMode: 'scram', identity: undefined },
    expected: ['kafka:msk.authMode: "scram" is not possible with clusterType serverless'],
  },
  {
    name: 'serverless with provisioned-only settings',
    msk: { ...base, clusterType: 'serverless', instanceType: 'kafka.m5.large', brokerCount: 3 },
    expected: [
      'kafka:msk.instanceType: does not apply to kafka:msk.clusterType serverless',
      'kafka:msk.brokerCount: does not apply to kafka:msk.clusterType serverless',
    ],
  },
  {
    name: 'unknown cluster type',
    msk: { ...base, clusterType: 'express' },
    expected: ['kafka:msk.clusterType: "express" is not one of provisioned, serverless'],
  },
  {
    name: 'nobody may connect',
    msk: { ...base, allowedCidrs: undefined },
    expected: ['kafka:msk.allowedCidrs: nobody could connect'],
  },
  {
    name: 'CIDR open to the internet',
    msk: { ...base, allowedCidrs: ['0.0.0.0/0'] },
    expected: ['kafka:msk.allowedCidrs[0]: "0.0.0.0/0" is wider than /8'],
  },
  {
    name: 'CIDR with host bits',
    msk: { ...base, allowedCidrs: ['10.1.2.3/16'] },
    expected: ['kafka:msk.allowedCidrs[0]: "10.1.2.3/16" has host bits set'],
  },
  {
    name: 'not a CIDR',
    msk: { ...base, allowedCidrs: ['10.0.0.0'] },
    expected: ['kafka:msk.allowedCidrs[0]: "10.0.0.0" is not an IPv4 CIDR'],
  },
  {
    name: 'same source twice',
    msk: {
      ...base,
      allowedCidrs: ['10.0.0.0/16', '10.0.0.0/16'],
      allowedSecurityGroupIds: ['sg-0123456789abcdef0', 'sg-0123456789abcdef0'],
    },
    expected: [
      'kafka:msk.allowedCidrs: lists 10.0.0.0/16 twice',
      'kafka:msk.allowedSecurityGroupIds: lists sg-0123456789abcdef0 twice',
    ],
  },
  {
    name: 'bad security group id',
    msk: { ...base, allowedSecurityGroupIds: ['eks-nodes'] },
    expected: ['kafka:msk.allowedSecurityGroupIds[0]: "eks-nodes" is not a security group id'],
  },
  {
    name: 'KMS alias instead of key ARN',
    msk: { ...base, kmsKeyArn: 'alias/msk' },
    expected: ['kafka:msk.kmsKeyArn: "alias/msk" must be a KMS key ARN'],
  },
  {
    name: 'KMS key in another region',
    msk: {
      ...base,
      kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
    expected: ['kafka:msk.kmsKeyArn: is in region us-east-1, the cluster is in eu-west-1'],
  },
  {
    name: 'unknown monitoring level',
    msk: { ...base, monitoring: 'FULL' },
    expected: ['kafka:msk.monitoring: "FULL" is not one of DEFAULT, PER_BROKER'],
  },
  {
    name: 'log retention CloudWatch does not offer',
    msk: { ...base, logRetentionDays: 10 },
    expected: ['kafka:msk.logRetentionDays: 10 is not a CloudWatch Logs retention'],
  },
  {
    name: 'unknown broker property',
    msk: { ...base, brokerConfig: { 'log.retention.days': 7 } },
    expected: ['kafka:msk.brokerConfig.log.retention.days: is not a broker property this program manages'],
  },
  {
    name: 'broker property of the wrong type',
    msk: { ...base, brokerConfig: { 'auto.create.topics.enable': 'yes' } },
    expected: ['kafka:msk.brokerConfig.auto.create.topics.enable: "yes" must be true or false'],
  },
  {
    name: 'replication factor above broker count',
    msk: { ...base, brokerConfig: { 'default.replication.factor': 4, 'min.insync.replicas': 2 } },
    expected: ['kafka:msk.brokerConfig.default.replication.factor: 4 is more than the 3 brokers'],
  },
  {
    name: 'min ISR not below the replication factor',
    msk: { ...base, brokerConfig: { 'default.replication.factor': 3, 'min.insync.replicas': 3 } },
    expected: [
      'kafka:msk.brokerConfig.min.insync.replicas: 3 must be less than default.replication.factor (3)',
    ],
  },
  {
    name: 'replication factor 1',
    msk: { ...base, brokerConfig: { 'default.replication.factor': 1 } },
    expected: ['kafka:msk.brokerConfig.default.replication.factor: 1 keeps one copy'],
  },
  {
    name: 'alarm threshold out of range and bad email',
    msk: { ...base, alarms: { cpuPercent: 150, email: 'oncall' } },
    expected: [
      'kafka:msk.alarms.email: "oncall" is not an email address',
      'kafka:msk.alarms.cpuPercent: 150 is more than 100',
    ],
  },
  {
    name: 'IAM without identity',
    msk: { ...base, identity: undefined },
    expected: ['kafka:msk.identity: is required with authMode iam'],
  },
  {
    name: 'identity with SCRAM',
    msk: { ...base, authMode: 'scram' },
    expected: ['kafka:msk.identity: only applies with kafka:msk.authMode iam'],
  },
  {
    name: 'unknown identity type',
    msk: { ...base, identity: { type: 'kiam' } },
    expected: ['kafka:msk.identity.type: "kiam" is not one of irsa, pod-identity'],
  },
  {
    name: 'IRSA with a role ARN instead of the OIDC provider',
    msk: { ...base, identity: { type: 'irsa', oidcProviderArn: 'arn:aws:iam::123456789012:role/x' } },
    expected: [
      'kafka:msk.identity.oidcProviderArn: "arn:aws:iam::123456789012:role/x" is not an IAM OIDC provider ARN',
    ],
  },
  {
    name: 'IRSA provider of an EKS cluster in another region',
    msk: {
      ...base,
      identity: {
        type: 'irsa',
        oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC',
      },
    },
    expected: [
      'kafka:msk.identity.oidcProviderArn: belongs to an EKS cluster outside kafka:msk.region eu-west-1',
    ],
  },
  {
    name: 'Pod Identity without the EKS cluster name',
    msk: { ...base, identity: { type: 'pod-identity' } },
    expected: ['kafka:msk.identity.eksClusterName: is required'],
  },
  {
    name: 'ACL management with IAM',
    msk: { ...base, manageAcls: true },
    expected: ['kafka:msk.manageAcls: only applies with kafka:msk.authMode scram'],
  },
  {
    name: 'bad cluster name',
    msk: { ...base, clusterName: 'kafka_prod' },
    expected: ['kafka:msk.clusterName: "kafka_prod" must be 1-64 letters, digits or "-"'],
  },
];

function problemsOf(msk: unknown): string[] {
  const values: Record<string, unknown> = { provider: 'msk' };
  if (msk !== undefined) values.msk = msk;
  const { problems } = parseSettings({ values, secretKeys: new Set() }, 'dev', BACKENDS);
  return problems.map((p) => `${p.where}: ${p.message}`);
}

describe('bad kafka:msk settings are reported by key, all at once', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assertProblemLines(problemsOf(c.msk), c.expected);
    });
  }

  it('accepts the base settings and applies defaults', () => {
    const { settings, problems } = parseSettings(
      { values: { provider: 'msk', msk: base }, secretKeys: new Set() },
      'dev',
      BACKENDS,
    );
    assert.deepEqual(problems, []);
    const s = settings.backend!.settingsOf(mskBackend)!;
    assert.equal(s.clusterType, 'provisioned');
    assert.equal(s.clusterName, 'kafka-dev');
    assert.equal(s.kafkaVersion, '3.8.x');
    assert.equal(s.instanceType, 'kafka.m7g.large');
    assert.equal(s.brokerCount, 3);
    assert.equal(s.authMode, 'iam');
    assert.equal(s.monitoring, 'DEFAULT');
    assert.equal(s.logRetentionDays, 14);
    assert.deepEqual(s.storage, { volumeSizeGiB: 100, autoscaling: { targetPercent: 60, maxGiB: 400 } });
    assert.deepEqual(s.identity, {
      type: 'irsa',
      oidcProviderArn: base.identity.oidcProviderArn,
      issuer: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC',
    });
    assert.equal(s.alarms.cpuPercent, 60);
    assert.equal(s.alarms.brokerIngressMiBps, undefined);
  });
});

describe('catalog rules an MSK cluster adds', () => {
  const parse = (msk: unknown) =>
    parseSettings(
      { values: { provider: 'msk', msk }, secretKeys: new Set() },
      'dev',
      BACKENDS,
    ).settings.backend!.settingsOf(mskBackend)!;
  const lines = (msk: unknown, yaml: string) => {
    const { catalog, locate } = parseCatalog(yaml, 'c.yaml');
    return mskCatalogProblems(parse(msk), catalog, locate).map((p) => `${p.where}: ${p.message}`);
  };

  it('refuses more replicas than brokers, at the line and column of the replication factor', () => {
    assert.deepEqual(
      lines(
        { ...base, subnets: two, brokerCount: 2 },
        'topics:\n  - { name: a, partitions: 1 }\n  - name: orders.paid\n    partitions: 1\n    replicationFactor: 3\n',
      ),
      [
        'c.yaml:5:24 topics[1].replicationFactor (topic "orders.paid"): 3 is more than the 2 brokers of kafka:msk.brokerCount',
      ],
    );
  });

  it('refuses a topic min ISR that would block writes', () => {
    assert.deepEqual(
      lines(
        { ...base, subnets: two, brokerCount: 2 },
        'topics:\n  - { name: a, partitions: 1, config: { min.insync.replicas: 2 } }\n',
      ),
      [
        `c.yaml:2:62 topics[0].config["min.insync.replicas"] (topic "a"): 2 must be less than the topic's replication factor (2), or one broker restart stops writes with acks=all`,
      ],
    );
  });

  it('refuses topic configs and replication factors MSK Serverless does not allow', () => {
    assert.deepEqual(
      lines(
        { ...base, clusterType: 'serverless' },
        'topics:\n  - { name: a, partitions: 1, replicationFactor: 2, config: { segment.bytes: 1048576, retention.ms: 1000 } }\n',
      ),
      [
        'c.yaml:2:50 topics[0].replicationFactor (topic "a"): 2 is not possible on MSK Serverless, which always keep 3 replicas (leave it unset)',
        'c.yaml:2:78 topics[0].config["segment.bytes"] (topic "a"): cannot be set on MSK Serverless (kafka:msk.clusterType serverless allows: cleanup.policy, compression.type, max.message.bytes, message.timestamp.after.max.ms, message.timestamp.before.max.ms, message.timestamp.type, retention.bytes, retention.ms)',
      ],
    );
  });

  it('refuses more partition replicas per broker than the broker size allows', () => {
    assert.deepEqual(
      lines(
        { ...base, subnets: two, brokerCount: 2, instanceType: 'kafka.t3.small' },
        'topics:\n  - { name: a, partitions: 200 }\n  - { name: b, partitions: 101 }\n',
      ),
      [
        'c.yaml:2:3 topics: need 301 partition replicas per broker on 2 × kafka.t3.small; MSK allows at most 300 (above it updates and SCRAM association are blocked): use more or larger brokers (kafka:msk.brokerCount, kafka:msk.instanceType) or fewer partitions',
      ],
    );
  });

  it('refuses a service named like the ACL admin user when ACLs are managed', () => {
    assert.deepEqual(
      lines(
        { ...base, authMode: 'scram', identity: undefined, manageAcls: true },
        'topics: []\nservices:\n  - { name: kafka-platform-admin }\n',
      ),
      [
        'c.yaml:3:13 services[0].name (service "kafka-platform-admin"): is the SCRAM user kafka:msk.manageAcls uses for itself; rename the service',
      ],
    );
  });

  it('accepts the committed catalog on a 2-broker dev cluster', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const committed = parseCatalog(fs.readFileSync('topics/catalog.yaml', 'utf8'), 'topics/catalog.yaml');
    assert.deepEqual(
      mskCatalogProblems(
        parse({ ...base, subnets: two, brokerCount: 2 }),
        committed.catalog,
        committed.locate,
      ),
      [],
    );
  });
});
