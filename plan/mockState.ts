import { ROLLOUT_SALT_TYPE } from '../k8s/rolloutSalt';
import { CallResult, ComputedState } from './mockRuntime';

/** Regions of the explicit aws providers seen so far, by provider id, so MSK outputs name the right region. */
const awsRegions = new Map<string, string>();

function regionOf(provider: string | undefined): string {
  const id = provider?.split('::').pop() ?? '';
  return awsRegions.get(id) ?? 'us-east-1';
}

const ACCOUNT = '123456789012';
const UUID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-2';

/** MSK bootstrap strings as AWS formats them: one broker per line item, the auth mode's port. */
function brokers(name: string, region: string, count: number, port: number): string {
  return Array.from(
    { length: count },
    (_, i) => `b-${i + 1}.${name}.abc123.c2.kafka.${region}.amazonaws.com:${port}`,
  ).join(',');
}

/**
 * What real providers would compute for the resource types this program registers. Backends
 * add their types here (e.g. MSK bootstrap broker strings) so the offline plan can follow
 * outputs into the Kubernetes env.
 */
export const MOCK_COMPUTED: Record<string, ComputedState> = {
  'pulumi:providers:aws': (args) => {
    awsRegions.set(`${args.name}-id`, String(args.inputs.region ?? 'us-east-1'));
    return {};
  },
  'aws:msk/cluster:Cluster': (args) => {
    const region = regionOf(args.provider);
    const name = String(args.inputs.clusterName);
    const count = Number(args.inputs.numberOfBrokerNodes ?? 3);
    return {
      arn: `arn:aws:kafka:${region}:${ACCOUNT}:cluster/${name}/${UUID}`,
      clusterUuid: UUID,
      currentVersion: 'K3AEGXETSR30VB',
      bootstrapBrokersSaslIam: brokers(name, region, count, 9098),
      bootstrapBrokersSaslScram: brokers(name, region, count, 9096),
    };
  },
  'aws:msk/serverlessCluster:ServerlessCluster': (args) => {
    const region = regionOf(args.provider);
    const name = String(args.inputs.clusterName);
    return {
      arn: `arn:aws:kafka:${region}:${ACCOUNT}:cluster/${name}/${UUID}-s2`,
      clusterUuid: `${UUID}-s2`,
      bootstrapBrokersSaslIam: `boot-abc123.c2.kafka-serverless.${region}.amazonaws.com:9098`,
    };
  },
  'aws:msk/configuration:Configuration': (args) => ({
    arn: `arn:aws:kafka:${regionOf(args.provider)}:${ACCOUNT}:configuration/${args.name}/${UUID}`,
    latestRevision: 1,
  }),
  'aws:kms/key:Key': (args) => ({
    arn: `arn:aws:kms:${regionOf(args.provider)}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  }),
  'aws:iam/role:Role': (args) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${args.name}` }),
  'aws:secretsmanager/secret:Secret': (args) => ({
    arn: `arn:aws:secretsmanager:${regionOf(args.provider)}:${ACCOUNT}:secret:${String(args.inputs.name)}-AbCdEf`,
  }),
  'aws:sns/topic:Topic': (args) => ({
    arn: `arn:aws:sns:${regionOf(args.provider)}:${ACCOUNT}:${args.name}`,
  }),
  'aws:cloudwatch/logGroup:LogGroup': (args) => ({
    arn: `arn:aws:logs:${regionOf(args.provider)}:${ACCOUNT}:log-group:${String(args.inputs.name)}`,
  }),
  // A generated password; the plan must never show it (tests search the plan for this value).
  'pulumi-nodejs:dynamic/kafka-platform:GeneratedPassword': () => ({
    result: 'mock-generated-scram-password',
  }),
  // A fixed key, so offline plans show stable connection hashes (real stacks use 32 random bytes).
  [ROLLOUT_SALT_TYPE]: () => ({ salt: 'offline-plan-rollout-salt-0000000000000000' }),
};

/** Provider functions (data sources) the program may call, answered offline. */
export const MOCK_CALLS: Record<string, CallResult> = {};
