import { createHash } from 'node:crypto';
import { OfflineMocks } from '../backend';

/** The API key secret the plan must never show (tests search everything for this value). */
export const MOCK_API_KEY_SECRET = 'mock-confluent-api-key-secret-0123456789';
const ORGANIZATION = '1111aaaa-11aa-11aa-11aa-111111aaaaaa';

/** A short stable id part per resource name, so plans are reproducible. */
function short(name: string, length = 6): string {
  return createHash('sha256').update(name).digest('hex').slice(0, length);
}

/** The key (the API key's id) the mocks hand out for the ApiKey resource named `name`. */
export function mockApiKeyId(name: string): string {
  return short(name, 16).toUpperCase();
}

/**
 * What Confluent Cloud would compute for the resources the backend registers, in its formats
 * (env-…, lkc-…, sa-…, `SASL_SSL://pkc-….confluent.cloud:9092`, CRNs), so the offline plan can follow
 * them into role bindings, ACLs, the Kubernetes env and the Prometheus configuration.
 */
export function confluentOfflineMocks(): OfflineMocks {
  return {
    computed: {
      'confluentcloud:index/environment:Environment': (args) => {
        const id = `env-${short(`environment:${args.name}`)}`;
        return { id, resourceName: `crn://confluent.cloud/organization=${ORGANIZATION}/environment=${id}` };
      },
      'confluentcloud:index/kafkaCluster:KafkaCluster': (args) => {
        const id = `lkc-${short(`cluster:${args.name}`)}`;
        const cloud = String(args.inputs.cloud ?? 'AWS').toLowerCase();
        const host = `pkc-${short(`${args.name}-host`, 5)}.${String(args.inputs.region)}.${cloud}.confluent.cloud`;
        const environment = (args.inputs.environment as { id?: string } | undefined)?.id ?? 'env-unknown';
        return {
          id,
          apiVersion: 'cmk/v2',
          kind: 'Cluster',
          bootstrapEndpoint: `SASL_SSL://${host}:9092`,
          restEndpoint: `https://${host}:443`,
          rbacCrn: `crn://confluent.cloud/organization=${ORGANIZATION}/environment=${environment}/cloud-cluster=${id}`,
        };
      },
      'confluentcloud:index/serviceAccount:ServiceAccount': (args) => ({
        id: `sa-${short(args.name)}`,
        apiVersion: 'iam/v2',
        kind: 'ServiceAccount',
      }),
      'confluentcloud:index/roleBinding:RoleBinding': (args) => ({ id: `rb-${short(args.name)}` }),
      'confluentcloud:index/apiKey:ApiKey': (args) => ({
        id: mockApiKeyId(args.name),
        secret: MOCK_API_KEY_SECRET,
      }),
    },
    secretValues: [MOCK_API_KEY_SECRET],
  };
}
