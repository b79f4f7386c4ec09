import { Group, readNamespace, SectionInput, SettingsSection } from '../../config/declare';
import { Fields } from '../../config/fields';
import { show } from '../../config/problems';
import { opt } from '../../config/rawConfig';
import { PREMIUM_PROCESSING_UNITS, Tier } from './limits';
import {
  ACTION_GROUP_ID,
  ALERT_FIELDS,
  AuthMode,
  EMAIL,
  EVENTHUBS_FIELDS,
  EVENTHUBS_KEYS,
  EVENTHUBS_KEYS_FILE,
  NETWORK_FIELDS,
  SUBNET_ID,
} from './settingsKeys';

/** AKS OIDC issuers (`https://<region>.oic.prod-aks.azure.com/<tenant>/<id>/`). */
const AKS_ISSUER = /^https:\/\/[a-z0-9]+\.oic\.prod-aks\.azure\.com\//;

/** A private endpoint of the namespace in the services' network. */
export interface PrivateEndpointSettings {
  /** Subnet the endpoint's network interface is created in. */
  subnetId: string;
  /** The subnet's VNet (read from the subnet id): the private DNS zone is linked to it. */
  vnetId: string;
  /** Existing `privatelink.servicebus.windows.net` zone; absent means the stack creates one. */
  privateDnsZoneId?: string;
  /** The VNet's region, where Azure requires the endpoint to be. */
  location: string;
}

/** Who can reach the namespace. */
export interface NetworkSettings {
  /** Whether the public endpoint answers at all. */
  publicAccess: boolean;
  /** Public IPv4 addresses/CIDRs allowed through the firewall; empty allows every network. */
  ipRules: string[];
  /** A private endpoint in the services' VNet; absent means public endpoint only. */
  privateEndpoint?: PrivateEndpointSettings;
}

/** Metric alert thresholds and receivers (docs/settings/eventhubs.md for each). */
export interface AlertSettings {
  /** Register the alerts (and the action group) at all. */
  enabled: boolean;
  /** Email receivers of the stack's action group. */
  emails: string[];
  /** Existing action groups every alert also notifies. */
  actionGroupIds: string[];
  /** ServerErrors per 5 minutes above which the alert fires. */
  serverErrors: number;
  /** ThrottledRequests per 5 minutes above which the alert fires. */
  throttledRequests: number;
  /** QuotaExceededErrors per 5 minutes above which the alert fires. */
  quotaExceededErrors: number;
  /** Ingress the namespace is sized for (MB/s); unset: the tier's figure where it has one. */
  ingressMBps?: number;
}

/** `kafka:eventhubs`, validated: a Kafka-enabled Event Hubs namespace, its access per service and alerts. */
export interface EventHubsSettings {
  /** Subscription of every Azure resource of the stack (explicit provider). */
  subscriptionId: string;
  /** Region of the namespace and every Azure resource of the stack. */
  location: string;
  /** The resource group, created by the stack or existing. */
  resourceGroup: { name: string; create: boolean };
  /** Namespace name; the Kafka bootstrap host is `<namespaceName>.servicebus.windows.net`. */
  namespaceName: string;
  /** Standard, Premium or Dedicated (Basic has no Kafka endpoint). */
  tier: Tier;
  /** The Dedicated cluster the namespace lives in (tier Dedicated only). */
  dedicatedClusterId?: string;
  /** Throughput units (Standard) or processing units (Premium); 1 for Dedicated. */
  capacity: number;
  /** Auto-inflate ceiling in throughput units (Standard); absent means auto-inflate is off. */
  maxThroughputUnits?: number;
  /** Spread over availability zones (Standard, Premium; a Dedicated cluster decides for itself). */
  zoneRedundant: boolean;
  /** Oldest TLS version clients may use. */
  minimumTlsVersion: '1.2';
  /** Who can reach the namespace: public endpoint and firewall, private endpoint. */
  network: NetworkSettings;
  /** Entra ID (managed identity per service) or SAS (authorization rule per service). */
  authMode: AuthMode;
  /** The AKS OIDC issuer the federated credentials trust (entra only). */
  oidcIssuer?: string;
  /** Metric alerts and their receivers. */
  alerts: AlertSettings;
}

/** `kafka:eventhubs`: one structured value. */
export const EVENTHUBS_SETTINGS: SettingsSection<EventHubsSettings> = {
  name: 'eventhubs',
  title: 'Azure Event Hubs backend settings',
  intro:
    'The `eventhubs` backend creates a Kafka-enabled Azure Event Hubs namespace, one event hub per catalog ' +
    'topic, one least-privilege identity (or SAS rule) per service and Azure Monitor alerts. Unknown keys ' +
    'are errors, so typos never fall back to defaults silently. What it creates and why: ' +
    '[docs/eventhubs.md](../eventhubs.md).',
  keys: EVENTHUBS_KEYS,
  declaredIn: EVENTHUBS_KEYS_FILE,
  notes: [
    '## Rules across keys',
    '',
    '- `tier: Dedicated` needs `dedicatedClusterId` and takes no `capacity`, `maxThroughputUnits` or `zoneRedundant`.',
    '- `maxThroughputUnits` (auto-inflate) is for Standard only and must be more than `capacity`.',
    '- `network.publicAccess: false` needs `network.privateEndpoint`, or nobody could connect.',
    '- `authMode: entra` needs `oidcIssuer`; `authMode: sas` takes none.',
    '- The catalog is checked against the tier’s limits as well (docs/eventhubs.md, "Tier limits").',
  ].join('\n'),
  parse: parseEventHubs,
};

type Hubs = Group<typeof EVENTHUBS_FIELDS>;

function parseEventHubs(input: SectionInput): EventHubsSettings {
  const { f, stack } = input;
  const ns = readNamespace(input, EVENTHUBS_KEYS);
  if (!ns.has('eventhubs')) {
    f.report(
      ['eventhubs'],
      'is required for kafka:provider eventhubs: set at least { subscriptionId, location, namespaceName } and, with the default authMode entra, oidcIssuer',
    );
  }
  const o = ns.read('eventhubs');
  const subscriptionId = o.read('subscriptionId');
  const location = o.read('location');
  const namespaceName = o.read('namespaceName');
  const rg = o.read('resourceGroup');
  const resourceGroup = {
    name: rg.read('name') ?? `rg-kafka-${stack}`.replace(/[^-\w.()]/g, '-').slice(0, 90),
    create: rg.read('create'),
  };
  const tier = o.read('tier');
  const dedicatedClusterId = readDedicated(f, o, tier);
  const capacity = readCapacity(f, o, tier);
  const maxThroughputUnits = readAutoInflate(f, o, tier, capacity);
  const zoneRedundant = o.read('zoneRedundant');
  if (tier === 'Dedicated' && o.has('zoneRedundant')) {
    f.report(
      o.at('zoneRedundant'),
      'does not apply to tier Dedicated: the cluster’s availability zones apply',
    );
  }
  const minimumTlsVersion = o.read('minimumTlsVersion');
  const network = readNetwork(f, o.read('network'), o.given, location ?? 'westeurope');
  const authMode = o.read('authMode');
  const oidcIssuer = o.read('oidcIssuer');
  if (authMode === 'entra' && !o.has('oidcIssuer') && o.given) {
    f.report(
      o.at('oidcIssuer'),
      'is required with authMode entra: the AKS OIDC issuer URL (az aks show --query oidcIssuerProfile.issuerUrl), so each service’s managed identity trusts its ServiceAccount',
    );
  }
  // Entra compares a federated credential's issuer with the token's `iss` character for character,
  // and AKS issuers end in "/" (az aks show --query oidcIssuerProfile.issuerUrl prints them so):
  // https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust
  if (oidcIssuer && AKS_ISSUER.test(oidcIssuer) && !oidcIssuer.endsWith('/')) {
    f.report(
      o.at('oidcIssuer'),
      `${show(oidcIssuer)} lacks the trailing "/" of AKS issuers: the federated credential must match the token's iss exactly, or no pod can sign in; use ${show(`${oidcIssuer}/`)}`,
    );
  }
  if (authMode === 'sas' && o.has('oidcIssuer')) {
    f.report(
      o.at('oidcIssuer'),
      'only applies with kafka:eventhubs.authMode entra (SAS rules use no identity)',
    );
  }
  const alerts = readAlerts(f, o.read('alerts'));
  return {
    subscriptionId: subscriptionId ?? '00000000-0000-0000-0000-000000000000',
    location: location ?? 'westeurope',
    resourceGroup,
    namespaceName: namespaceName ?? 'kafka-namespace',
    tier,
    capacity,
    zoneRedundant,
    minimumTlsVersion,
    network,
    authMode,
    alerts,
    ...opt('dedicatedClusterId', dedicatedClusterId),
    ...opt('maxThroughputUnits', maxThroughputUnits),
    ...opt('oidcIssuer', authMode === 'entra' ? oidcIssuer : undefined),
  };
}

function readDedicated(f: Fields, o: Hubs, tier: Tier): string | undefined {
  const id = o.read('dedicatedClusterId');
  if (tier === 'Dedicated' && !o.has('dedicatedClusterId') && o.given) {
    f.report(
      o.at('dedicatedClusterId'),
      'is required with tier Dedicated: the resource id of the Event Hubs Dedicated cluster the namespace goes in',
    );
  }
  if (tier !== 'Dedicated' && o.has('dedicatedClusterId')) {
    f.report(
      o.at('dedicatedClusterId'),
      `only applies with kafka:eventhubs.tier Dedicated (tier is ${tier})`,
    );
    return undefined;
  }
  return id;
}

function readCapacity(f: Fields, o: Hubs, tier: Tier): number {
  const capacity = o.read('capacity');
  if (!o.has('capacity')) return 1;
  if (tier === 'Dedicated') {
    f.report(
      o.at('capacity'),
      'does not apply to tier Dedicated: the namespace uses the cluster’s capacity units (scale the cluster instead)',
    );
    return 1;
  }
  if (tier === 'Premium' && !(PREMIUM_PROCESSING_UNITS as readonly number[]).includes(capacity)) {
    f.report(
      o.at('capacity'),
      `${capacity} is not a Premium size: processing units are ${PREMIUM_PROCESSING_UNITS.join(', ')}`,
    );
    return 1;
  }
  return capacity;
}

function readAutoInflate(f: Fields, o: Hubs, tier: Tier, capacity: number): number | undefined {
  const max = o.read('maxThroughputUnits');
  if (!o.has('maxThroughputUnits')) return undefined;
  if (tier !== 'Standard') {
    f.report(
      o.at('maxThroughputUnits'),
      `auto-inflate is a Standard feature; tier ${tier} ${tier === 'Premium' ? 'scales by kafka:eventhubs.capacity (processing units)' : 'uses the cluster’s capacity units'}`,
    );
    return undefined;
  }
  if (max !== undefined && max <= capacity) {
    f.report(
      o.at('maxThroughputUnits'),
      `${max} must be more than kafka:eventhubs.capacity (${capacity}): auto-inflate only adds throughput units`,
    );
    return undefined;
  }
  return max;
}

function readNetwork(
  f: Fields,
  n: Group<typeof NETWORK_FIELDS>,
  given: boolean,
  location: string,
): NetworkSettings {
  const pe = n.read('privateEndpoint');
  let privateEndpoint: PrivateEndpointSettings | undefined;
  if (pe.given) {
    const subnetId = pe.read('subnetId');
    const privateDnsZoneId = pe.read('privateDnsZoneId');
    const vnetId = subnetId?.replace(/\/subnets\/[^/]+$/i, '');
    if (subnetId && vnetId && SUBNET_ID.test(subnetId)) {
      privateEndpoint = {
        subnetId,
        vnetId,
        location: pe.read('location') ?? location,
        ...opt('privateDnsZoneId', privateDnsZoneId),
      };
    }
  }
  const publicAccess = n.read('publicAccess') ?? !pe.given;
  const ipRules = n.read('ipRules').filter((rule, i) => {
    const problem = ipRuleProblem(rule);
    if (problem) f.report(n.at('ipRules', i), `${show(rule)} ${problem}`);
    return !problem;
  });
  const dup = ipRules.find((r, i) => ipRules.indexOf(r) !== i);
  if (dup) f.report(n.at('ipRules'), `lists ${dup} twice`);
  if (ipRules.length > 128) {
    f.report(
      n.at('ipRules'),
      `has ${ipRules.length} rules: Event Hubs allows at most 128 IP rules per namespace`,
    );
  }
  if (!publicAccess && n.has('ipRules')) {
    f.report(
      n.at('ipRules'),
      'only applies with kafka:eventhubs.network.publicAccess true (IP rules filter the public endpoint)',
    );
  }
  if (!publicAccess && !pe.given && given) {
    f.report(
      n.at('publicAccess'),
      'false without kafka:eventhubs.network.privateEndpoint: nobody could connect to the namespace',
    );
  }
  return { publicAccess, ipRules: publicAccess ? ipRules : [], ...opt('privateEndpoint', privateEndpoint) };
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/**
 * Why an IP rule is not usable, or undefined. Event Hubs IP rules match the public address a
 * client connects from, so private ranges never match (pods on a private network need the private
 * endpoint), and ranges wider than /8 are refused as "the internet".
 */
export function ipRuleProblem(rule: string): string | undefined {
  const m = IPV4.exec(rule);
  if (!m) return 'is not an IPv4 address or CIDR like 20.50.10.0/24';
  const octets = m.slice(1, 5).map(Number);
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return 'is not an IPv4 address or CIDR like 20.50.10.0/24';
  if (bits < 8) return 'is wider than /8: leave ipRules empty to allow every network (still authenticated)';
  const [a, b] = octets as [number, number];
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
    return 'is a private range: IP rules match public client addresses; reach the namespace privately with kafka:eventhubs.network.privateEndpoint';
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (bits < 32 && address % 2 ** (32 - bits) !== 0)
    return 'has host bits set; did you mean the network address?';
  return undefined;
}

function readAlerts(f: Fields, a: Group<typeof ALERT_FIELDS>): AlertSettings {
  const checked = (key: 'emails' | 'actionGroupIds', pattern: RegExp, hint: string) =>
    a.read(key).filter((value, i) => {
      if (pattern.test(value)) return true;
      f.report(a.at(key, i), `${show(value)} ${hint}`);
      return false;
    });
  const emails = checked('emails', EMAIL, 'is not an email address');
  const actionGroupIds = checked(
    'actionGroupIds',
    ACTION_GROUP_ID,
    'is not an action group resource id like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Insights/actionGroups/<name>',
  );
  a.read('stalledConsumerMinutes');
  return {
    enabled: a.read('enabled'),
    emails,
    actionGroupIds,
    serverErrors: a.read('serverErrors'),
    throttledRequests: a.read('throttledRequests'),
    quotaExceededErrors: a.read('quotaExceededErrors'),
    ...opt('ingressMBps', a.read('ingressMBps')),
  };
}
