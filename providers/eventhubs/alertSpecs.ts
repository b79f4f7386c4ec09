import { AlertKind } from '../../monitoring/alertKinds';
import { MonitoringDefinition, runbook } from '../../monitoring/definition';
import { AlertSettings } from './settings';

/** Metric namespace of Event Hubs namespaces in Azure Monitor (supported-metrics reference). */
export const METRIC_NAMESPACE = 'Microsoft.EventHub/namespaces';

/** The namespace metrics the alerts and the workbook read (Microsoft.EventHub/namespaces supported metrics). */
export type EventHubsMetric =
  | 'ServerErrors'
  | 'UserErrors'
  | 'ThrottledRequests'
  | 'QuotaExceededErrors'
  | 'IncomingMessages'
  | 'OutgoingMessages'
  | 'IncomingBytes'
  | 'OutgoingBytes'
  | 'ActiveConnections';

/** One metric condition; all conditions of an alert must hold together. */
export interface MetricCondition {
  metric: EventHubsMetric;
  /** How the metric is compared with the threshold. */
  operator: 'GreaterThan' | 'LessThanOrEqual';
  /** The value in the alert's window at which the condition holds. */
  threshold: number;
  /** Totals over the window (the aggregation Azure lists for these metrics). */
  aggregation: 'Total';
  /** Only this event hub (dimension `EntityName`); absent means the whole namespace. */
  eventHub?: string;
}

/** One metric alert, as plain data. */
export interface AlertSpec {
  /** Stable short name, unique in the stack (`server-errors`, `stalled-orders.created`). */
  name: string;
  /** Which runbook page explains it. */
  kind: AlertKind;
  /** What it means and what to do, shown in the alert email. */
  description: string;
  /** Azure Monitor severity: 0 critical to 4 verbose. */
  severity: 1 | 2;
  /** The window the metrics are counted over. */
  windowMinutes: number;
  /** All must hold for the alert to fire. */
  conditions: MetricCondition[];
}

/** Description length of a metric alert rule (https://learn.microsoft.com/azure/azure-monitor/service-limits). */
const DESCRIPTION_MAX = 2048;

/** Azure Monitor metric alert window sizes (PT1M to P1D), in minutes. */
export const WINDOWS = [1, 5, 15, 30, 60, 360, 720, 1440] as const;

/** The smallest window of at least `minutes` (the largest when none is). */
export function windowFor(minutes: number): number {
  return WINDOWS.find((w) => w >= minutes) ?? WINDOWS[WINDOWS.length - 1];
}

/** What the namespace is sized for, in bytes per second, when known. */
export interface HubsCapacity {
  inBytesPerSecond: number;
  outBytesPerSecond: number;
  what: string;
}

/**
 * The namespace's alerts: server and user errors, throttling and quota errors; and from the
 * monitoring definition, bytes in and out of the namespace and of every event hub against the
 * capacity, and per consumed topic "events arrive but nobody reads" (Event Hubs has no Kafka
 * consumer-lag metric; docs/eventhubs.md says what to use instead). Pure.
 */
export function alertSpecs(
  t: AlertSettings,
  def: MonitoringDefinition | undefined,
  capacity: HubsCapacity | undefined,
): AlertSpec[] {
  const count = (
    name: string,
    kind: AlertKind,
    metric: EventHubsMetric,
    threshold: number,
    severity: 1 | 2,
    what: string,
  ): AlertSpec => ({
    name,
    kind,
    description: `${what}: more than ${threshold} ${metric} in 5 minutes`,
    severity,
    windowMinutes: 5,
    conditions: [{ metric, operator: 'GreaterThan', threshold, aggregation: 'Total' }],
  });
  const specs: AlertSpec[] = [
    count(
      'server-errors',
      'request-errors',
      'ServerErrors',
      t.serverErrors,
      1,
      'Event Hubs is failing requests',
    ),
    count(
      'throttled-requests',
      'throttling',
      'ThrottledRequests',
      t.throttledRequests,
      2,
      'Clients are throttled: the namespace needs more throughput or processing units',
    ),
    count(
      'quota-exceeded',
      'request-errors',
      'QuotaExceededErrors',
      t.quotaExceededErrors,
      2,
      'A namespace quota (connections, size, entities) is exhausted',
    ),
  ];
  if (!def) return specs;
  specs.push(
    count(
      'user-errors',
      'request-errors',
      'UserErrors',
      def.errors.requestErrors,
      2,
      'Event Hubs refuses client requests (authentication, size, unknown event hub)',
    ),
  );
  if (capacity) {
    for (const w of [{ topic: undefined, ...def.cluster }, ...def.topics]) {
      for (const direction of ['in', 'out'] as const) {
        const limit = direction === 'in' ? capacity.inBytesPerSecond : capacity.outBytesPerSecond;
        const bytes = Math.round((limit * w.throughputPercent) / 100);
        const window = windowFor(w.throughputMinutes);
        specs.push({
          name: w.topic === undefined ? `bytes-${direction}` : `bytes-${direction}-${w.topic}`,
          kind: 'topic-throughput',
          description: `${w.topic === undefined ? 'The namespace' : `Event hub ${w.topic}`} moves more than ${w.throughputPercent}% of ${capacity.what} ${direction} (${bytes} B/s) over ${window} minutes: clients are throttled at the limit`,
          severity: 2,
          windowMinutes: window,
          conditions: [
            {
              metric: direction === 'in' ? 'IncomingBytes' : 'OutgoingBytes',
              operator: 'GreaterThan',
              // A total over the window: bytes per second times the window's seconds.
              threshold: bytes * 60 * window,
              aggregation: 'Total',
              ...(w.topic === undefined ? {} : { eventHub: w.topic }),
            },
          ],
        });
      }
    }
  }
  const byTopic = new Map<string, { groups: string[]; minutes: number }>();
  for (const g of def.groups) {
    for (const topic of g.topics) {
      const entry = byTopic.get(topic) ?? { groups: [], minutes: 0 };
      entry.groups.push(g.group);
      entry.minutes = Math.max(entry.minutes, g.lagMinutes);
      byTopic.set(topic, entry);
    }
  }
  for (const [topic, { groups, minutes }] of [...byTopic.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const window = windowFor(minutes);
    specs.push({
      name: `stalled-${topic}`,
      kind: 'consumer-stalled',
      // OutgoingMessages has the EntityName dimension only, no consumer group (supported metrics,
      // https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-eventhub-namespaces-metrics):
      // this fires when no group reads at all; one stalled group among readers, or a slow one,
      // does not show (monitoringCoverage.ts says so in the plan and docs).
      description: `Events arrive on ${topic} but no consumer read any for ${window} minutes: every group reading it (${groups.join(', ')}) is stuck or down`,
      severity: 2,
      windowMinutes: window,
      conditions: [
        {
          metric: 'IncomingMessages',
          operator: 'GreaterThan',
          threshold: 0,
          aggregation: 'Total',
          eventHub: topic,
        },
        {
          metric: 'OutgoingMessages',
          operator: 'LessThanOrEqual',
          threshold: 0,
          aggregation: 'Total',
          eventHub: topic,
        },
      ],
    });
  }
  // Azure allows 2,048 characters of description (Azure Monitor service limits): long group
  // lists are cut, the runbook link is kept.
  return specs.map((spec) => {
    const link = `. Runbook: ${runbook(def, spec.kind)}`;
    const room = DESCRIPTION_MAX - link.length;
    const text =
      spec.description.length > room ? `${spec.description.slice(0, room - 1)}…` : spec.description;
    return { ...spec, description: `${text}${link}` };
  });
}
