import assert from 'node:assert/strict';
import { Plan, PlanResource, Synthesis } from '../../../../plan/plan';
import { resourcesOfType, synthesizeWith, writeCatalog } from '../../../harness/plan';

/** Resource types the Event Hubs backend registers. */
export const T = {
  provider: 'pulumi:providers:azure-native',
  guard: 'pulumi-nodejs:dynamic/kafka-platform:EventHubsGuard',
  group: 'azure-native:resources:ResourceGroup',
  namespace: 'azure-native:eventhub:Namespace',
  network: 'azure-native:eventhub:NamespaceNetworkRuleSet',
  hub: 'azure-native:eventhub:EventHub',
  rule: 'azure-native:eventhub:NamespaceAuthorizationRule',
  identity: 'azure-native:managedidentity:UserAssignedIdentity',
  federated: 'azure-native:managedidentity:FederatedIdentityCredential',
  role: 'azure-native:authorization:RoleAssignment',
  actionGroup: 'azure-native:monitor:ActionGroup',
  alert: 'azure-native:monitor:MetricAlert',
  endpoint: 'azure-native:network:PrivateEndpoint',
  zoneGroup: 'azure-native:network:PrivateDnsZoneGroup',
  zone: 'azure-native:privatedns:PrivateZone',
  link: 'azure-native:privatedns:VirtualNetworkLink',
  secret: 'kubernetes:core/v1:Secret',
  configMap: 'kubernetes:core/v1:ConfigMap',
  deployment: 'kubernetes:apps/v1:DeploymentPatch',
  serviceAccount: 'kubernetes:core/v1:ServiceAccountPatch',
} as const;

export const SUBSCRIPTION = '3f2b8c1e-5d4a-4b6e-9c7d-1a2b3c4d5e6f';
export const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/tenant/cluster/';

/** A valid Standard namespace with Entra ID; each test changes what it is about. */
export const BASE = {
  subscriptionId: SUBSCRIPTION,
  location: 'westeurope',
  namespaceName: 'contoso-kafka-dev',
  oidcIssuer: ISSUER,
};

/** Producer-only, consumer-only and both, in two Kubernetes namespaces; fits every tier. */
export const CATALOG = `
topics:
  - name: orders.created
    partitions: 6
    config: { retention.ms: '86400000' }
  - name: orders.shipped
    partitions: 3
  - name: customers.latest
    partitions: 2
    config: { cleanup.policy: compact, delete.retention.ms: '7200000' }
services:
  - name: checkout
    namespace: shop
    deployment: checkout
    container: app
    produces: [orders.created]
  - name: shipping
    namespace: shop
    serviceAccount: shipping-sa
    produces: [orders.shipped]
    consumes:
      - { topic: orders.created, group: shipping }
  - name: ledger
    namespace: finance
    consumes:
      - { topic: orders.created, group: ledger }
      - { topic: orders.shipped, group: ledger-shipped }
      - { topic: customers.latest, group: ledger }
`;

/** A stack config for the Event Hubs backend with `eventhubs` merged over BASE. */
export function stackConfig(
  eventhubs: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  catalog = CATALOG,
): Record<string, unknown> {
  return {
    'kafka:provider': 'eventhubs',
    'kafka:catalog': writeCatalog(catalog),
    'kafka:eventhubs': { ...BASE, ...eventhubs },
    'kafka:kubernetes': { enabled: true, context: 'aks-dev' },
    ...extra,
  };
}

/** The real program run offline for an in-memory stack config: the synthesis (secrets in clear) and its plan. */
export function synthesize(
  config: Record<string, unknown>,
  stack = 'dev',
): Promise<{ synthesis: Synthesis; plan: Plan }> {
  return synthesizeWith(config, stack);
}

export function one(plan: Plan, type: string): PlanResource {
  const found = resourcesOfType(plan, type);
  assert.equal(found.length, 1, `expected one ${type}, got ${found.length}`);
  return found[0]!;
}

export function children(plan: Plan, type: string, parent: string): PlanResource[] {
  return resourcesOfType(plan, type).filter((r) => r.parent === parent);
}
