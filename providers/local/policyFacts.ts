import { TYPES } from '../../policy/resourceTypes';
import { PolicyFacts } from '../backendFacts';

/** The `local` backend's topics (over the admin API) for the policy pack; the cluster exists already. */
export const POLICY_FACTS: PolicyFacts = {
  clusterTypes: [],
  clusterElsewhere: 'an existing cluster (Compose, or any broker list): the stack registers no cluster',
  topicTypes: [TYPES.kafkaTopic],
  replicationFactor: {
    [TYPES.kafkaTopic]: { input: 'replicationFactor' },
    [TYPES.kafkaTopicOwnership]: { input: 'replicationFactor' },
  },
  publicAccess: {},
};
