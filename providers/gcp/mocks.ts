import { createHash } from 'node:crypto';
import { OfflineMocks } from '../backend';

/** The service account key the mocks hand out: the plan must never show it (tests search for it). */
export const MOCK_SA_KEY = Buffer.from(
  '{"type":"service_account","private_key":"mock-gcp-key-0123456789"}',
).toString('base64');

const short = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 12);

/**
 * What Google would compute for the resources the backend registers, in its formats (resource
 * names `projects/…/locations/…/clusters/…`, service account e-mails and unique ids), so the
 * offline plan can follow them into IAM conditions, ACLs and the Kubernetes env.
 */
export function gcpOfflineMocks(): OfflineMocks {
  const location = (i: Record<string, unknown>) =>
    `projects/${String(i.project)}/locations/${String(i.location)}`;
  return {
    computed: {
      'gcp:managedkafka/cluster:Cluster': (args) => {
        // Cluster.get (adopted cluster) hands over only the id, which is the cluster’s name; a new
        // resource has an empty id.
        const name = args.id || `${location(args.inputs)}/clusters/${String(args.inputs.clusterId)}`;
        return { id: name, name, state: 'ACTIVE' };
      },
      'gcp:managedkafka/topic:Topic': (args) => {
        const name = `${location(args.inputs)}/clusters/${String(args.inputs.cluster)}/topics/${String(args.inputs.topicId)}`;
        return { id: name, name };
      },
      'gcp:managedkafka/acl:Acl': (args) => {
        const name = `${location(args.inputs)}/clusters/${String(args.inputs.cluster)}/acls/${String(args.inputs.aclId)}`;
        return { id: name, name, etag: short(name) };
      },
      'gcp:managedkafka/connectCluster:ConnectCluster': (args) => {
        const name = `${location(args.inputs)}/connectClusters/${String(args.inputs.connectClusterId)}`;
        return { id: name, name, state: 'ACTIVE' };
      },
      'gcp:managedkafka/connector:Connector': (args) => {
        const name = `${location(args.inputs)}/connectClusters/${String(args.inputs.connectCluster)}/connectors/${String(args.inputs.connectorId)}`;
        return { id: name, name, state: 'RUNNING' };
      },
      'gcp:serviceaccount/account:Account': (args) => {
        const email = `${String(args.inputs.accountId)}@${String(args.inputs.project)}.iam.gserviceaccount.com`;
        return {
          id: `projects/${String(args.inputs.project)}/serviceAccounts/${email}`,
          name: `projects/${String(args.inputs.project)}/serviceAccounts/${email}`,
          email,
          member: `serviceAccount:${email}`,
          uniqueId: String(BigInt(`0x${short(email)}`)),
        };
      },
      'gcp:serviceaccount/key:Key': (args) => ({ id: `key-${short(args.name)}`, privateKey: MOCK_SA_KEY }),
      'gcp:monitoring/alertPolicy:AlertPolicy': (args) => {
        const name = `projects/${String(args.inputs.project)}/alertPolicies/${short(args.name)}`;
        return { id: name, name };
      },
      'gcp:monitoring/dashboard:Dashboard': (args) => ({
        id: `projects/${String(args.inputs.project)}/dashboards/${short(args.name)}`,
      }),
    },
    secretValues: [MOCK_SA_KEY],
  };
}
