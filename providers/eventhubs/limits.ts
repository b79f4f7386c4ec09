import { NameRule, rulePattern } from '../nameRules';

/**
 * Event Hubs facts the settings and the catalog are validated against, each with its source
 * (MicrosoftDocs/azure-docs, https://github.com/MicrosoftDocs/azure-docs, unless said otherwise).
 * Checked 2026-11.
 */

/** Tiers with a Kafka endpoint. Basic has none (azure-event-hubs-apache-kafka-overview.md). */
export const TIERS = ['Standard', 'Premium', 'Dedicated'] as const;
export type Tier = (typeof TIERS)[number];

/** What a tier allows, from event-hubs/includes/event-hubs-tier-limits.md and -tier-features.md. */
export interface TierLimits {
  /** Event hubs (topics) per namespace; Premium: per processing unit. */
  hubsPerNamespace: number;
  /** Whether `hubsPerNamespace` is per processing unit (Premium). */
  hubsPerUnit: boolean;
  /** Partitions of one event hub. */
  partitionsPerHub: number;
  /** Partitions of all event hubs together, per processing unit (Premium only). */
  partitionsPerUnit?: number;
  /** Longest retention, in hours (7 days; 90 days). */
  retentionHours: number;
  /** Whether partitions can be added to an existing event hub ("Dynamic Partition scale out"). */
  partitionsGrow: boolean;
  /** Compacted event hubs (log-compaction.md: all but Basic). */
  compaction: boolean;
}

export const TIER_LIMITS: Readonly<Record<Tier, TierLimits>> = {
  Standard: {
    hubsPerNamespace: 10,
    hubsPerUnit: false,
    partitionsPerHub: 32,
    retentionHours: 7 * 24,
    partitionsGrow: false,
    compaction: true,
  },
  Premium: {
    hubsPerNamespace: 100,
    hubsPerUnit: true,
    partitionsPerHub: 100,
    partitionsPerUnit: 200,
    retentionHours: 90 * 24,
    partitionsGrow: true,
    compaction: true,
  },
  Dedicated: {
    hubsPerNamespace: 1000,
    hubsPerUnit: false,
    partitionsPerHub: 1024,
    retentionHours: 90 * 24,
    partitionsGrow: true,
    compaction: true,
  },
};

/**
 * Throughput units of a Standard namespace: "Maximum TUs 40" (tier limits). The ARM API text
 * still says 0-20; the documented tier limit is the one that decides here.
 */
export const STANDARD_THROUGHPUT_UNITS = { min: 1, max: 40 } as const;
/** Processing units of a Premium namespace (configure-processing-units-premium-namespace.md). */
export const PREMIUM_PROCESSING_UNITS = [1, 2, 4, 8, 16] as const;

/**
 * Authorization rules per namespace (event-hubs-common-limits.md: 12). Azure creates
 * `RootManageSharedAccessKey` with every namespace, so 11 are left for services.
 */
export const AUTHORIZATION_RULES_PER_NAMESPACE = 12;
export const ROOT_RULE = 'RootManageSharedAccessKey';
export const SERVICE_RULES_MAX = AUTHORIZATION_RULES_PER_NAMESPACE - 1;

const AZURE_NAME_RULES =
  'https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules';

/**
 * Azure's naming rules for what this backend names (resource-name-rules, sections
 * Microsoft.EventHub and Microsoft.ManagedIdentity). Names are case-insensitive in Azure.
 */
export const NAME_RULES = {
  /**
   * resource-name-rules says 6-50; the 2024-01-01 API the provider uses has the pattern
   * `^[a-zA-Z][a-zA-Z0-9-]{6,50}[a-zA-Z0-9]$` with at most 50, i.e. 8-50: names both accept.
   */
  namespace: {
    what: 'Event Hubs namespace name',
    min: 8,
    max: 50,
    chars: 'A-Za-z0-9\\-',
    charsText: 'letters, digits and "-"',
    first: 'A-Za-z',
    last: 'A-Za-z0-9',
    edgesText: 'starts with a letter and ends with a letter or digit',
    doc: `${AZURE_NAME_RULES}#microsofteventhub`,
  },
  eventHub: {
    what: 'event hub name',
    min: 1,
    max: 256,
    chars: 'A-Za-z0-9._\\-',
    charsText: 'letters, digits, ".", "_" and "-"',
    first: 'A-Za-z0-9',
    last: 'A-Za-z0-9',
    edgesText: 'starts and ends with a letter or digit',
    doc: `${AZURE_NAME_RULES}#microsofteventhub`,
  },
  authorizationRule: {
    what: 'Event Hubs authorization rule name',
    min: 1,
    max: 50,
    chars: 'A-Za-z0-9._\\-',
    charsText: 'letters, digits, ".", "_" and "-"',
    first: 'A-Za-z0-9',
    last: 'A-Za-z0-9',
    edgesText: 'starts and ends with a letter or digit',
    doc: `${AZURE_NAME_RULES}#microsofteventhub`,
  },
  userAssignedIdentity: {
    what: 'user-assigned managed identity name',
    min: 3,
    max: 128,
    chars: 'A-Za-z0-9_\\-',
    charsText: 'letters, digits, "-" and "_"',
    first: 'A-Za-z0-9',
    edgesText: 'starts with a letter or digit',
    doc: `${AZURE_NAME_RULES}#microsoftmanagedidentity`,
  },
  federatedIdentityCredential: {
    what: 'federated identity credential name',
    min: 3,
    max: 120,
    chars: 'A-Za-z0-9_\\-',
    charsText: 'letters, digits, "-" and "_"',
    first: 'A-Za-z0-9',
    edgesText: 'starts with a letter or digit',
    doc: `${AZURE_NAME_RULES}#microsoftmanagedidentity`,
  },
} as const satisfies Record<string, NameRule>;

export const NAMESPACE_NAME = rulePattern(NAME_RULES.namespace);
/** Authorization rule names: 1-50 characters. */
export const RULE_NAME_MAX = NAME_RULES.authorizationRule.max;

/** The Kafka endpoint: `<namespace>.servicebus.windows.net:9093` (azure-event-hubs-apache-kafka-overview.md). */
export const KAFKA_PORT = 9093;

/**
 * Built-in role ids (role-based-access-control/built-in-roles/analytics.md). Data Owner is listed
 * only so the access read-back can refuse it: no service ever gets it.
 */
export const ROLES = {
  sender: '2b629674-e913-4c01-ae53-ef4638d8f975',
  receiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
  owner: 'f526a384-b230-433a-b45c-95f59c4a2dec',
} as const;

/** The audience AKS workload identity tokens are exchanged for (azure-workload-identity docs). */
export const WORKLOAD_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Metric alert windows Azure Monitor accepts (ISO 8601), in minutes, for the stalled-consumption
 * alert; the evaluation frequency must not exceed the window.
 */
export const ALERT_WINDOW_MINUTES = [5, 15, 30, 60] as const;
