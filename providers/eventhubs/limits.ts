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

/**
 * Namespace names: letters, digits and "-", starting with a letter, ending with a letter or digit.
 * resource-name-rules.md says 6-50 characters; the 2024-01-01 API the provider uses has the pattern
 * `^[a-zA-Z][a-zA-Z0-9-]{6,50}[a-zA-Z0-9]$` with at most 50, i.e. 8-50: names both accept.
 */
export const NAMESPACE_NAME = /^[A-Za-z][A-Za-z0-9-]{6,48}[A-Za-z0-9]$/;
/** Event hub names: up to 256 characters (common limits), starting and ending with a letter or digit (resource-name-rules.md). */
export const EVENT_HUB_NAME_MAX = 256;
export const EVENT_HUB_NAME_EDGES = /^[A-Za-z0-9](.*[A-Za-z0-9])?$/;
/** Authorization rule names: 1-50 characters (resource-name-rules.md). */
export const RULE_NAME_MAX = 50;

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
