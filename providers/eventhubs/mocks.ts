import { createHash } from 'node:crypto';
import { CallResult, ComputedState, OfflineMocks } from '../backend';

/** The SAS key the mocks hand out for every rule: the plan must never show it (tests search for it). */
export const MOCK_SAS_KEY = 'offline-plan-mock-sas-key-0000000000000000000=';
const TENANT = '72f988bf-0000-4000-8000-000000000001';

/** A stable GUID from a seed, so offline plans do not change from run to run. */
function guid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * What Azure would compute for the resources the Event Hubs backend registers: ARM ids (the scopes
 * of role assignments and alerts), the namespace's endpoint, identities' client ids, and the keys
 * of SAS rules, so the offline plan can follow them into the Kubernetes env.
 */
export function eventHubsOfflineMocks(): OfflineMocks {
  // Subscriptions of the explicit azure-native providers of this run, by provider id.
  const subscriptions = new Map<string, string>();
  const subscriptionOf = (provider: string | undefined) =>
    subscriptions.get(provider?.split('::').pop() ?? '') ?? '00000000-0000-0000-0000-000000000000';
  const group = (args: { provider?: string; inputs: Record<string, unknown> }) =>
    `/subscriptions/${subscriptionOf(args.provider)}/resourceGroups/${String(args.inputs.resourceGroupName)}`;
  const namespaceId = (args: { provider?: string; inputs: Record<string, unknown> }) =>
    `${group(args)}/providers/Microsoft.EventHub/namespaces/${String(args.inputs.namespaceName)}`;
  /** A resource whose name is the input `key` (or the Pulumi name when autonamed), under `path`. */
  const named =
    (
      key: string | undefined,
      path: (args: Parameters<ComputedState>[0], name: string) => string,
    ): ComputedState =>
    (args) => {
      const name = String((key && args.inputs[key]) ?? args.name);
      return { id: path(args, name), name };
    };
  /** A resource directly in the resource group: `<group>/providers/<type>/<name>`. */
  const inGroup = (key: string, type: string): ComputedState =>
    named(key, (args, name) => `${group(args)}/providers/${type}/${name}`);

  const calls: Record<string, CallResult> = {
    'azure-native:eventhub:listNamespaceKeys': (args) => {
      const ns = String(args.inputs.namespaceName);
      const rule = String(args.inputs.authorizationRuleName);
      const connection = (key: string) =>
        `Endpoint=sb://${ns}.servicebus.windows.net/;SharedAccessKeyName=${rule};SharedAccessKey=${key}`;
      return {
        keyName: rule,
        primaryKey: MOCK_SAS_KEY,
        secondaryKey: MOCK_SAS_KEY,
        primaryConnectionString: connection(MOCK_SAS_KEY),
        secondaryConnectionString: connection(MOCK_SAS_KEY),
      };
    },
  };

  return {
    computed: {
      'pulumi:providers:azure-native': (args) => {
        subscriptions.set(`${args.name}-id`, String(args.inputs.subscriptionId));
        return {};
      },
      'azure-native:resources:ResourceGroup': named('resourceGroupName', (args) => group(args)),
      'azure-native:eventhub:Namespace': (args) => ({
        id: namespaceId(args),
        name: String(args.inputs.namespaceName),
        serviceBusEndpoint: `https://${String(args.inputs.namespaceName)}.servicebus.windows.net:443/`,
        status: 'Active',
      }),
      'azure-native:eventhub:EventHub': (args) => ({
        id: `${namespaceId(args)}/eventhubs/${String(args.inputs.eventHubName)}`,
        name: String(args.inputs.eventHubName),
        partitionIds: Array.from({ length: Number(args.inputs.partitionCount ?? 1) }, (_, i) => String(i)),
        status: 'Active',
      }),
      'azure-native:eventhub:NamespaceNetworkRuleSet': (args) => ({
        id: `${namespaceId(args)}/networkRuleSets/default`,
        name: 'default',
      }),
      'azure-native:eventhub:NamespaceAuthorizationRule': named(
        'authorizationRuleName',
        (args, name) => `${namespaceId(args)}/authorizationRules/${name}`,
      ),
      'azure-native:managedidentity:UserAssignedIdentity': (args) => {
        const name = String(args.inputs.resourceName ?? args.name);
        return {
          id: `${group(args)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
          name,
          clientId: guid(`client:${name}`),
          principalId: guid(`principal:${name}`),
          tenantId: TENANT,
        };
      },
      'azure-native:managedidentity:FederatedIdentityCredential': named(
        'federatedIdentityCredentialResourceName',
        (args, name) =>
          `${group(args)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${String(args.inputs.resourceName)}/federatedIdentityCredentials/${name}`,
      ),
      'azure-native:authorization:RoleAssignment': (args) => {
        const name = guid(`assignment:${args.name}`);
        return {
          id: `${String(args.inputs.scope)}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          name,
        };
      },
      'azure-native:monitor:ActionGroup': inGroup('actionGroupName', 'Microsoft.Insights/actionGroups'),
      'azure-native:monitor:MetricAlert': inGroup('ruleName', 'Microsoft.Insights/metricAlerts'),
      'azure-native:network:PrivateEndpoint': inGroup(
        'privateEndpointName',
        'Microsoft.Network/privateEndpoints',
      ),
      'azure-native:network:PrivateDnsZoneGroup': named(
        'privateDnsZoneGroupName',
        (args, name) =>
          `${group(args)}/providers/Microsoft.Network/privateEndpoints/${String(args.inputs.privateEndpointName)}/privateDnsZoneGroups/${name}`,
      ),
      'azure-native:privatedns:PrivateZone': inGroup('privateZoneName', 'Microsoft.Network/privateDnsZones'),
      'azure-native:privatedns:VirtualNetworkLink': named(
        'virtualNetworkLinkName',
        (args, name) =>
          `${group(args)}/providers/Microsoft.Network/privateDnsZones/${String(args.inputs.privateZoneName)}/virtualNetworkLinks/${name}`,
      ),
    },
    calls,
    secretValues: [MOCK_SAS_KEY],
  };
}
