import { TYPES } from '../../policy/resourceTypes';
import { PolicyFacts } from '../backendFacts';

/**
 * Managed Kafka's clusters and topics for the policy pack. A cluster has no public endpoint: it is
 * reached only through Private Service Connect endpoints in the subnets of its
 * `gcpConfig.accessConfig.networkConfigs`
 * (https://cloud.google.com/managed-service-for-apache-kafka/docs/networking), so nothing opens it
 * to the internet.
 */
export const POLICY_FACTS: PolicyFacts = {
  clusterTypes: [TYPES.gcpCluster],
  topicTypes: [TYPES.gcpTopic],
  replicationFactor: { [TYPES.gcpTopic]: { input: 'replicationFactor' } },
  publicAccess: { [TYPES.gcpCluster]: () => [] },
};
