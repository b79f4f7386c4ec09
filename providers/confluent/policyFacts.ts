import { TYPES } from '../../policy/resourceTypes';
import { PolicyFacts } from '../backendFacts';

/** Confluent Cloud's clusters and topics for the policy pack. */
export const POLICY_FACTS: PolicyFacts = {
  clusterTypes: [TYPES.confluentCluster],
  topicTypes: [TYPES.confluentTopic],
  replicationFactor: {
    // The KafkaTopic resource has no replication input: Confluent Cloud keeps 3 copies itself.
    [TYPES.confluentTopic]: { fixedBy: 'Confluent Cloud fixes replication at 3 copies' },
  },
  publicAccess: {
    [TYPES.confluentCluster]: (p) => {
      // Basic and Standard clusters only have public endpoints; Dedicated ones are private when
      // placed in a private network; Enterprise ones are private only.
      if (p.basic !== undefined || p.standard !== undefined) {
        return [
          `a ${p.basic !== undefined ? 'Basic' : 'Standard'} cluster has only public endpoints (allowed in production: Dedicated in a private network, Enterprise)`,
        ];
      }
      const network = p.network as { id?: string } | undefined;
      return p.dedicated !== undefined && !network?.id
        ? ['a Dedicated cluster without network.id has public endpoints (place it in a private network)']
        : [];
    },
  },
};
