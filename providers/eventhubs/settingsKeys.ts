import { choice, custom, flag, group, moved, text, texts, whole } from '../../config/declare';
import { Fields } from '../../config/fields';
import { show } from '../../config/problems';
import { Path } from '../../config/declare';
import { NAMESPACE_NAME, PREMIUM_PROCESSING_UNITS, STANDARD_THROUGHPUT_UNITS, TIERS, Tier } from './limits';

/**
 * Every key of `kafka:eventhubs`, declared once: type, default, constraint and why. The parser in
 * settings.ts reads values through these declarations, and docs/settings/eventhubs.md is generated
 * from them (npm run settings:docs).
 */

export const AUTH_MODES = ['entra', 'sas'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

const REGION = /^[a-z][a-z0-9]+$/;
const SUBSCRIPTION_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/u;
const ARM_SUBSCRIPTION = '/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\\w.()]+/providers';
export const SUBNET_ID = new RegExp(
  `^${ARM_SUBSCRIPTION}/Microsoft\\.Network/virtualNetworks/([-\\w.]+)/subnets/[-\\w.]+$`,
  'i',
);
const DNS_ZONE_ID = new RegExp(
  `^${ARM_SUBSCRIPTION}/Microsoft\\.Network/privateDnsZones/privatelink\\.servicebus\\.(windows\\.net|chinacloudapi\\.cn|usgovcloudapi\\.net)$`,
  'i',
);
const CLUSTER_ID = new RegExp(`^${ARM_SUBSCRIPTION}/Microsoft\\.EventHub/clusters/[-\\w]+$`, 'i');
const ACTION_GROUP_ID = new RegExp(`^${ARM_SUBSCRIPTION}/Microsoft\\.Insights/actionGroups/[-\\w.]+$`, 'i');
const HTTPS_URL = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** `kafka:eventhubs.tier`: Basic is named and refused with why, not just "not one of". */
function readTier(f: Fields, value: unknown, path: Path): Tier {
  if (value === 'Basic') {
    f.report(
      path,
      '"Basic" has no Kafka endpoint (Event Hubs offers Kafka on Standard, Premium and Dedicated only): use Standard',
    );
    return 'Standard';
  }
  return (f.string(value, path, { allowed: TIERS }) as Tier | undefined) ?? 'Standard';
}

/** `kafka:eventhubs.minimumTlsVersion`: only 1.2; older versions are named and refused with why. */
function readTls(f: Fields, value: unknown, path: Path): '1.2' {
  if (value === '1.0' || value === '1.1' || value === 1 || value === 1.1) {
    f.report(
      path,
      `${show(value)} would let clients use TLS versions with known weaknesses: Kafka credentials and tokens travel over this connection; only "1.2" is allowed`,
    );
  } else if (value !== undefined && value !== null && value !== '1.2' && value !== 1.2) {
    f.report(
      path,
      `must be "1.2" (the newest version Event Hubs lets a namespace require), got ${show(value)}`,
    );
  }
  return '1.2';
}

const PRIVATE_ENDPOINT_FIELDS = {
  subnetId: text({
    required: true,
    pattern: SUBNET_ID,
    hint: 'is not a subnet resource id like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>',
    type: 'subnet resource id',
    why: 'The subnet the namespace’s private endpoint gets its address in; pods must reach it (same or peered VNet).',
  }),
  location: text({
    pattern: REGION,
    hint: 'is not an Azure region name like westeurope (lower case, no spaces)',
    type: 'Azure region',
    defaultText: '`kafka:eventhubs.location`',
    why: 'The region of the subnet’s virtual network: Azure creates a private endpoint in its VNet’s region, which may differ from the namespace’s (a private endpoint reaches a namespace in any region).',
    constraint: 'the VNet’s region, as `az network vnet show --query location` prints it',
  }),
  privateDnsZoneId: text({
    pattern: DNS_ZONE_ID,
    hint: 'is not the resource id of a privatelink.servicebus.windows.net private DNS zone',
    type: 'private DNS zone resource id',
    defaultText:
      'unset: the stack creates `privatelink.servicebus.windows.net` and links it to the subnet’s VNet',
    why: 'An existing zone (hub-and-spoke networks keep one central zone); the endpoint’s A record goes there.',
  }),
};

export const NETWORK_FIELDS = {
  publicAccess: flag({
    defaultText: '`false` with `privateEndpoint`, else `true`',
    why: 'Whether the namespace answers on its public endpoint at all; `false` leaves only the private endpoint.',
  }),
  ipRules: texts({
    type: 'list of IPv4 addresses or CIDRs',
    why: 'Public client addresses allowed through the namespace firewall (e.g. the AKS egress IPs); empty allows every network, still authenticated.',
    constraint:
      'public IPv4 addresses or ranges of /8 or narrower; only with `publicAccess`; at most 128 (Event Hubs’ IP rule limit)',
  }),
  privateEndpoint: group({
    defaultText: 'unset: no private endpoint',
    why: 'A private endpoint in your VNet, so pods reach the namespace on a private address (Standard and up).',
    fields: PRIVATE_ENDPOINT_FIELDS,
  }),
};

export const ALERT_FIELDS = {
  enabled: flag({ default: true, why: '`false` registers no metric alerts and no action group.' }),
  emails: texts({
    type: 'list of emails',
    why: 'Receivers of the stack’s action group (Azure mails each a confirmation of being added).',
  }),
  actionGroupIds: texts({
    type: 'list of action group resource ids',
    why: 'Existing action groups (on-call paging, chat webhooks) every alert notifies besides `emails`.',
  }),
  serverErrors: whole({
    min: 0,
    default: 5,
    why: '`ServerErrors` in 5 minutes above which the server-errors alert fires.',
  }),
  throttledRequests: whole({
    min: 0,
    default: 10,
    why: '`ThrottledRequests` in 5 minutes above which the throttling alert fires (add capacity or raise `maxThroughputUnits`).',
  }),
  quotaExceededErrors: whole({
    min: 0,
    default: 0,
    why: '`QuotaExceededErrors` in 5 minutes above which the quota alert fires.',
  }),
  stalledConsumerMinutes: moved(
    '`kafka:monitoring.consumerLagMinutes` (or a group’s `lagMinutes` in the catalog)',
    'integer',
  ),
  ingressMBps: whole({
    min: 1,
    max: 100000,
    defaultText:
      'Standard: 1 MB/s per throughput unit (`maxThroughputUnits` with auto-inflate); Premium and Dedicated: unset',
    why: 'Ingress the namespace is sized for, the capacity the throughput alerts compare each event hub with (egress: twice this). Premium and Dedicated publish no fixed figure per unit: set what a load test measured, or they get no throughput alerts.',
  }),
};

const RESOURCE_GROUP_FIELDS = {
  name: text({
    pattern: RESOURCE_GROUP,
    hint: 'is not a resource group name (1-90 letters, digits, "_", "-", ".", "(" or ")", not ending with ".")',
    defaultText: '`rg-kafka-<stack>`',
    why: 'The resource group every Azure resource of the stack goes in.',
  }),
  create: flag({
    default: true,
    why: '`false` uses an existing group (created by a landing zone); `true` creates it with the stack.',
  }),
};

export const EVENTHUBS_FIELDS = {
  subscriptionId: text({
    required: true,
    pattern: SUBSCRIPTION_ID,
    hint: 'is not an Azure subscription id (a GUID like 00000000-0000-0000-0000-000000000000)',
    type: 'subscription id',
    why: 'The subscription every Azure resource of the stack goes in, set on an explicit provider: never whichever subscription `az account show` happens to select.',
  }),
  location: text({
    required: true,
    pattern: REGION,
    hint: 'is not an Azure region name like westeurope (lower case, no spaces)',
    type: 'Azure region',
    why: 'Region of the namespace and of every Azure resource of the stack.',
    constraint: 'a region name as the Azure CLI lists it, e.g. `westeurope`; a Dedicated cluster’s region',
  }),
  resourceGroup: group({
    defaultText: '`{ name: rg-kafka-<stack>, create: true }`',
    why: 'Where the namespace, identities and alerts live.',
    fields: RESOURCE_GROUP_FIELDS,
  }),
  namespaceName: text({
    required: true,
    pattern: NAMESPACE_NAME,
    hint: 'must be 8-50 letters, digits or "-", starting with a letter and ending with a letter or digit',
    type: 'namespace name',
    why: 'The namespace is the Kafka "cluster": services dial `<namespaceName>.servicebus.windows.net:9093`. Globally unique.',
    constraint:
      '8 to 50 letters, digits or `-`, starting with a letter, ending with a letter or digit (Azure documents 6 to 50; its 2024-01-01 API wants 8 or more)',
  }),
  tier: custom({
    shape: 'string',
    type: 'one of',
    defaultText: '`Standard`',
    why: 'Event Hubs tier; it decides the limits the catalog is checked against (docs/eventhubs.md, "Tier limits").',
    constraint:
      '`Standard`, `Premium`, `Dedicated`; `Basic` is refused (no Kafka endpoint); Azure cannot change a namespace’s tier in place',
    read: readTier,
  }),
  dedicatedClusterId: text({
    pattern: CLUSTER_ID,
    hint: 'is not an Event Hubs cluster resource id like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.EventHub/clusters/<name>',
    type: 'cluster resource id',
    defaultText: 'required with `tier: Dedicated`',
    why: 'The existing Dedicated cluster the namespace is created in (clusters are bought separately, per capacity unit).',
  }),
  capacity: whole({
    min: 1,
    max: STANDARD_THROUGHPUT_UNITS.max,
    default: 1,
    why: 'Throughput units (Standard) or processing units (Premium) the namespace starts with.',
    constraint: `Standard: ${STANDARD_THROUGHPUT_UNITS.min} to ${STANDARD_THROUGHPUT_UNITS.max} throughput units; Premium: ${PREMIUM_PROCESSING_UNITS.join(', ')} processing units; not with Dedicated (the cluster’s capacity units apply)`,
  }),
  maxThroughputUnits: whole({
    min: STANDARD_THROUGHPUT_UNITS.min,
    max: STANDARD_THROUGHPUT_UNITS.max,
    defaultText: 'unset: auto-inflate off',
    why: 'Turns on auto-inflate: Azure adds throughput units up to this many when producers are throttled.',
    constraint: 'Standard only; more than `capacity`',
  }),
  zoneRedundant: flag({
    default: true,
    why: 'Spreads the namespace over the region’s availability zones (where the region has them).',
  }),
  minimumTlsVersion: custom({
    shape: 'string',
    type: 'string',
    defaultText: '`1.2`',
    why: 'The oldest TLS version clients may connect with; Kafka credentials and tokens travel over it.',
    constraint: '`1.2` only (`1.0` and `1.1` are refused)',
    read: readTls,
  }),
  network: group({
    defaultText: 'public endpoint, every network allowed (authenticated)',
    why: 'Who can reach the namespace at all: the public endpoint with an IP firewall, and/or a private endpoint.',
    fields: NETWORK_FIELDS,
  }),
  authMode: choice(AUTH_MODES, {
    default: 'entra',
    why: '`entra`: one managed identity per service with Data Sender/Receiver roles on exactly its event hubs (least privilege). `sas`: one shared-access rule per service with Send and/or Listen on the whole namespace.',
    constraint:
      '`entra` disables SAS (local) authentication on the namespace; `sas` allows at most 11 services',
  }),
  oidcIssuer: text({
    pattern: HTTPS_URL,
    hint: 'is not an https URL like https://westeurope.oic.prod-aks.azure.com/<tenant>/<id>/',
    type: 'https URL',
    defaultText: 'required with `authMode: entra`',
    why: 'The AKS cluster’s OIDC issuer (`az aks show --query oidcIssuerProfile.issuerUrl`); each identity trusts only its service’s ServiceAccount tokens from it.',
  }),
  alerts: group({
    defaultText: 'on, thresholds below',
    why: 'Azure Monitor metric alerts on the namespace and their receivers.',
    fields: ALERT_FIELDS,
  }),
};

export const EVENTHUBS_KEYS = {
  eventhubs: group({
    defaultText: 'required with `kafka:provider: eventhubs`',
    why: 'The Event Hubs namespace, its event hubs (topics), per-service access and alerts.',
    fields: EVENTHUBS_FIELDS,
  }),
};

/** Where the keys are declared, named in the generated docs. */
export const EVENTHUBS_KEYS_FILE = __filename;

export { ACTION_GROUP_ID, EMAIL };
