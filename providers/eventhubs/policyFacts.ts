import { TYPES } from '../../policy/resourceTypes';
import { PolicyFacts } from '../backendFacts';

/** Event Hubs' namespaces (the cluster) and event hubs (the topics) for the policy pack. */
export const POLICY_FACTS: PolicyFacts = {
  clusterTypes: [TYPES.eventHubsNamespace],
  topicTypes: [TYPES.eventHub],
  replicationFactor: {
    // https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-availability-and-consistency:
    // the service keeps the replicas itself; an event hub has no replication input.
    [TYPES.eventHub]: { fixedBy: 'Event Hubs replicates every event hub itself (no input to set)' },
  },
  publicAccess: {
    // Azure's default for a namespace without the setting is Enabled.
    [TYPES.eventHubsNamespace]: (p) =>
      p.publicNetworkAccess === 'Disabled' || p.publicNetworkAccess === 'SecuredByPerimeter'
        ? []
        : [
            `publicNetworkAccess is ${JSON.stringify(p.publicNetworkAccess ?? 'Enabled (the default)')} (allowed in production: Disabled, SecuredByPerimeter)`,
          ],
    [TYPES.eventHubsNetworkRuleSet]: (p) => [
      ...(p.publicNetworkAccess === 'Enabled' ? ['publicNetworkAccess is "Enabled"'] : []),
      ...(p.defaultAction === 'Allow'
        ? ['defaultAction is "Allow": every network gets through the firewall']
        : []),
    ],
  },
};
