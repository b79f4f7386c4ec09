import { OfflineMocks } from '../backend';

const ACCOUNT = '123456789012';
const UUID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-2';
/** The generated SCRAM password the plan must never show (tests search the plan for this value). */
export const MOCK_SCRAM_PASSWORD = 'mock-generated-scram-password';

/** MSK bootstrap strings as AWS formats them: one broker per line item, the auth mode's port. */
function brokers(name: string, region: string, count: number, port: number): string {
  return Array.from(
    { length: count },
    (_, i) => `b-${i + 1}.${name}.abc123.c2.kafka.${region}.amazonaws.com:${port}`,
  ).join(',');
}

/**
 * What AWS would compute for the resources the MSK backend registers, so the offline plan can
 * follow ARNs and bootstrap servers into policies and the Kubernetes env.
 */
export function mskOfflineMocks(): OfflineMocks {
  // Regions of the explicit aws providers of this run, by provider id, so ARNs name the right region.
  const awsRegions = new Map<string, string>();
  const regionOf = (provider: string | undefined) =>
    awsRegions.get(provider?.split('::').pop() ?? '') ?? 'us-east-1';
  return {
    computed: {
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
      'pulumi-nodejs:dynamic/kafka-platform:GeneratedPassword': () => ({ result: MOCK_SCRAM_PASSWORD }),
    },
    secretValues: [MOCK_SCRAM_PASSWORD],
  };
}
