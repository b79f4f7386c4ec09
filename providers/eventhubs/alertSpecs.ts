import { Catalog, topicsOf } from '../../topics/catalog';
import { AlertSettings } from './settings';

/** Metric namespace of Event Hubs namespaces in Azure Monitor (supported-metrics reference). */
export const METRIC_NAMESPACE = 'Microsoft.EventHub/namespaces';

/** One metric condition; all conditions of an alert must hold together. */
export interface MetricCondition {
  /** An Event Hubs namespace metric (all counted with aggregation Total). */
  metric:
    'ServerErrors' | 'ThrottledRequests' | 'QuotaExceededErrors' | 'IncomingMessages' | 'OutgoingMessages';
  /** How the metric is compared with the threshold. */
  operator: 'GreaterThan' | 'LessThanOrEqual';
  /** The count in the alert's window at which the condition holds. */
  threshold: number;
  /** Only this event hub (dimension `EntityName`); absent means the whole namespace. */
  eventHub?: string;
}

/** One metric alert, as plain data. */
export interface AlertSpec {
  /** Stable short name, unique in the stack (`server-errors`, `stalled-orders.created`). */
  name: string;
  /** What it means and what to do, shown in the alert email. */
  description: string;
  /** Azure Monitor severity: 0 critical to 4 verbose. */
  severity: 1 | 2;
  /** The window the metrics are counted over. */
  windowMinutes: number;
  /** All must hold for the alert to fire. */
  conditions: MetricCondition[];
}

/**
 * The namespace's alerts, from the thresholds and the catalog: server errors, throttling, quota
 * errors, and per consumed topic "events arrive but nobody reads" (Event Hubs has no Kafka
 * consumer-lag metric; docs/eventhubs.md says what to use instead). Pure.
 */
export function alertSpecs(t: AlertSettings, catalog: Catalog): AlertSpec[] {
  const namespaceWide = (
    name: string,
    metric: MetricCondition['metric'],
    threshold: number,
    severity: 1 | 2,
    what: string,
  ): AlertSpec => ({
    name,
    description: `${what}: more than ${threshold} ${metric} in 5 minutes`,
    severity,
    windowMinutes: 5,
    conditions: [{ metric, operator: 'GreaterThan', threshold }],
  });
  const consumed = [...new Set(catalog.services.flatMap((s) => topicsOf(s).consumes))].sort();
  return [
    namespaceWide('server-errors', 'ServerErrors', t.serverErrors, 1, 'Event Hubs is failing requests'),
    namespaceWide(
      'throttled-requests',
      'ThrottledRequests',
      t.throttledRequests,
      2,
      'Clients are throttled: the namespace needs more throughput or processing units',
    ),
    namespaceWide(
      'quota-exceeded',
      'QuotaExceededErrors',
      t.quotaExceededErrors,
      2,
      'A namespace quota (connections, size, entities) is exhausted',
    ),
    ...consumed.map((topic): AlertSpec => ({
      name: `stalled-${topic}`,
      description: `Events arrive on ${topic} but none were read for ${t.stalledConsumerMinutes} minutes: its consumers are stuck or down`,
      severity: 2,
      windowMinutes: t.stalledConsumerMinutes,
      conditions: [
        { metric: 'IncomingMessages', operator: 'GreaterThan', threshold: 0, eventHub: topic },
        { metric: 'OutgoingMessages', operator: 'LessThanOrEqual', threshold: 0, eventHub: topic },
      ],
    })),
  ];
}
