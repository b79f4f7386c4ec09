import { Fields } from '../config/fields';
import { configWhere } from '../config/rawConfig';
import { flag, group, readNamespace, SettingsSection, text, whole } from '../config/declare';
import { BOUNDS } from '../topics/thresholdOverrides';
import {
  DEFAULT_LAG,
  DEFAULT_THROUGHPUT,
  LagThresholds,
  THRESHOLD_WHY,
  ThroughputThresholds,
} from './thresholds';

/** Client-error thresholds: counts per five minutes, the same window on every backend. */
export interface ErrorThresholds {
  /** Failed requests (server or protocol errors) in 5 minutes above which the alert fires. */
  requestErrors: number;
  /** Minutes of continuous throttling after which the throttling alert fires. */
  throttlingMinutes: number;
}

/** `kafka:monitoring`, validated: the stack's defaults for the one monitoring definition. */
export interface MonitoringSettings extends LagThresholds, ThroughputThresholds, ErrorThresholds {
  /** Register the dashboard and the lag, throughput and error alerts at all. */
  enabled: boolean;
  /** Where each alert's runbook page lives; the alert kind's file name is appended. */
  runbookBaseUrl: string;
  /** This stack's share of the account's (subscription's) alert rules: checked before `up`. */
  maxAlarms: number;
  /** This stack's share of the account's Metrics Insights alarms per Region (MSK). */
  maxInsightsAlarms: number;
}

/**
 * Metric alert rules per Azure subscription: "5,000 active alert rules per subscription" (Azure
 * Monitor service limits, https://learn.microsoft.com/azure/azure-monitor/service-limits).
 */
export const AZURE_METRIC_ALERT_RULES = 5000;

/**
 * Metrics Insights alarms per AWS account and Region: "A default of 200 alarms using the Metrics
 * Insights query per account per Region" (CloudWatch alarm limits,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html); adjustable.
 */
export const CLOUDWATCH_INSIGHTS_ALARMS = 200;

/** The docs pages of the alerts, relative to the project: links work in any clone or on GitHub. */
export const DEFAULT_RUNBOOK_BASE = 'docs/monitoring/alerts';

const threshold = (key: keyof typeof BOUNDS, def: number) =>
  whole({ ...BOUNDS[key], default: def, why: THRESHOLD_WHY[key] });

const MONITORING_FIELDS = {
  enabled: flag({
    default: true,
    why: '`false` registers no dashboard and none of the lag, throughput and error alerts (backend health alarms have their own switch).',
  }),
  consumerLagMessages: threshold('lagMessages', DEFAULT_LAG.lagMessages),
  consumerLagSeconds: threshold('lagSeconds', DEFAULT_LAG.lagSeconds),
  consumerLagMinutes: threshold('lagMinutes', DEFAULT_LAG.lagMinutes),
  throughputPercent: threshold('throughputPercent', DEFAULT_THROUGHPUT.throughputPercent),
  throughputMinutes: threshold('throughputMinutes', DEFAULT_THROUGHPUT.throughputMinutes),
  requestErrors: whole({
    min: 0,
    default: 10,
    why: 'Failed client requests in 5 minutes above which the request-error alert fires.',
  }),
  throttlingMinutes: whole({
    min: 1,
    max: 1440,
    default: 5,
    why: 'How long clients must be throttled without a break before the throttling alert fires.',
  }),
  maxAlarms: whole({
    min: 1,
    default: AZURE_METRIC_ALERT_RULES / 5,
    why: `How many alarms (MSK, CloudWatch) or metric alert rules (Event Hubs) this stack may register: its share of what the account or subscription allows, checked before anything is created. Azure Monitor allows ${AZURE_METRIC_ALERT_RULES} metric alert rules per subscription (https://learn.microsoft.com/azure/azure-monitor/service-limits); the default leaves four fifths to other stacks. Each topic costs 2 alerts (bytes in, out), each consumer group 2 per 10 topics it reads (MSK) or 1 per consumed topic (Event Hubs), plus the cluster's own.`,
  }),
  maxInsightsAlarms: whole({
    min: 0,
    default: CLOUDWATCH_INSIGHTS_ALARMS / 4,
    why: `How many CloudWatch Metrics Insights alarms (MSK throughput per topic and throttling) this stack may register. AWS allows ${CLOUDWATCH_INSIGHTS_ALARMS} per account and Region by default, shared by every stack there (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html); the default is a quarter. Raise it after raising the quota in Service Quotas.`,
  }),
  runbookBaseUrl: text({
    default: DEFAULT_RUNBOOK_BASE,
    type: 'URL or path',
    why: 'Base of the runbook link every alert carries; `<base>/<alert>.md` is the page that says what the alert means and what to do. Set it to your repository’s web address, e.g. `https://github.com/acme/kafka-platform/blob/main/docs/monitoring/alerts`.',
    pattern: /^(https:\/\/\S+|[\w./-]+)$/,
    hint: 'is not an https:// URL or a relative path',
  }),
};

const MONITORING_KEYS = {
  monitoring: group({
    defaultText: 'every key at its default',
    why: 'The stack’s dashboard and its lag, throughput and client-error alerts, the same on every backend.',
    fields: MONITORING_FIELDS,
  }),
};

/** `kafka:monitoring`: stack-wide defaults; the catalog overrides them per topic and per group. */
export const MONITORING_SETTINGS: SettingsSection<MonitoringSettings> = {
  name: 'monitoring',
  title: 'Monitoring settings',
  intro:
    'One monitoring definition for every backend: a dashboard per stack with the same four rows (health, ' +
    'throughput, lag, errors) and alerts for the lag of every consumer group, the throughput of every topic and ' +
    'client errors. These keys are the stack’s defaults; the catalog overrides them per topic and per consumer ' +
    'group. What each backend watches and what it cannot: [docs/monitoring/README.md](../monitoring/README.md).',
  keys: MONITORING_KEYS,
  declaredIn: __filename,
  notes: [
    '## Overrides in the catalog',
    '',
    'A topic may set `monitoring: { throughputPercent, throughputMinutes }` and a consumer group, under the',
    'catalog’s `groups:` list, `lagMessages`, `lagSeconds` and `lagMinutes` (e.g. a batch consumer that may lag',
    'an hour). See [docs/catalog.md](../catalog.md).',
  ].join('\n'),
  parse(input) {
    const m = readNamespace(input, MONITORING_KEYS).read('monitoring');
    return {
      enabled: m.read('enabled'),
      lagMessages: m.read('consumerLagMessages'),
      lagSeconds: m.read('consumerLagSeconds'),
      lagMinutes: m.read('consumerLagMinutes'),
      throughputPercent: m.read('throughputPercent'),
      throughputMinutes: m.read('throughputMinutes'),
      requestErrors: m.read('requestErrors'),
      throttlingMinutes: m.read('throttlingMinutes'),
      runbookBaseUrl: m.read('runbookBaseUrl').replace(/\/+$/, ''),
      maxAlarms: m.read('maxAlarms'),
      maxInsightsAlarms: m.read('maxInsightsAlarms'),
    };
  },
};

/** Every key at its declared default: what stack-less generators (local Compose) watch with. */
export function defaultMonitoringSettings(): MonitoringSettings {
  return MONITORING_SETTINGS.parse({
    f: new Fields([], configWhere),
    raw: { values: {}, secretKeys: new Set() },
    stack: '',
  });
}
