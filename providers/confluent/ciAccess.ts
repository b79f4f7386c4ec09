import { CiAccess } from '../backendFacts';

/**
 * A Confluent stack needs no cloud login: the Cloud API key of its environment's secrets becomes
 * the confluentcloud provider's secret config on the runner's copy of the stack.
 */
export const CI_ACCESS: CiAccess = {
  deploy: true,
  oidc: 'none',
  secretConfig: {
    'confluentcloud:cloudApiKey': 'CONFLUENT_CLOUD_API_KEY',
    'confluentcloud:cloudApiSecret': 'CONFLUENT_CLOUD_API_SECRET',
  },
};
