import { createHash } from 'node:crypto';
import { MonitoringDefinition } from '../../monitoring/definition';
import { Row, ROW_TITLES, ROWS } from '../../monitoring/rows';
import { EventHubsMetric, METRIC_NAMESPACE } from './alertSpecs';

/** One chart of the workbook: namespace metrics, optionally split by and filtered to event hubs. */
export interface WorkbookChart {
  title: string;
  metrics: { metric: EventHubsMetric; aggregation: 'Total' | 'Maximum' }[];
  /** Split by EntityName and keep only these event hubs: names every catalog topic on the chart. */
  eventHubs?: string[];
}

/** The charts of each row; the lag row names the groups, which Event Hubs metrics cannot. */
export function workbookRows(
  def: MonitoringDefinition,
): Record<Row, { note?: string; charts: WorkbookChart[] }> {
  const topics = def.topics.map((t) => t.topic);
  const consumed = [...new Set(def.groups.flatMap((g) => g.topics))].sort();
  return {
    health: {
      charts: [
        { title: 'Active connections', metrics: [{ metric: 'ActiveConnections', aggregation: 'Maximum' }] },
        { title: 'Server errors', metrics: [{ metric: 'ServerErrors', aggregation: 'Total' }] },
      ],
    },
    throughput: {
      charts: [
        {
          title: 'Bytes in per event hub',
          metrics: [{ metric: 'IncomingBytes', aggregation: 'Total' }],
          eventHubs: topics,
        },
        {
          title: 'Bytes out per event hub',
          metrics: [{ metric: 'OutgoingBytes', aggregation: 'Total' }],
          eventHubs: topics,
        },
      ],
    },
    lag: {
      note:
        'Event Hubs exposes no consumer lag. Messages written and read per consumed event hub; groups: ' +
        def.groups.map((g) => `${g.group} (${g.topics.join(', ')})`).join('; '),
      charts: [
        {
          title: 'Messages in and out per consumed event hub',
          metrics: [
            { metric: 'IncomingMessages', aggregation: 'Total' },
            { metric: 'OutgoingMessages', aggregation: 'Total' },
          ],
          eventHubs: consumed,
        },
      ],
    },
    errors: {
      charts: [
        {
          title: 'User errors, throttled requests, quota errors',
          metrics: [
            { metric: 'UserErrors', aggregation: 'Total' },
            { metric: 'ThrottledRequests', aggregation: 'Total' },
            { metric: 'QuotaExceededErrors', aggregation: 'Total' },
          ],
        },
      ],
    },
  };
}

/** Azure Monitor workbook aggregation codes (workbook schema: 1 sum, 3 maximum). */
const AGGREGATION = { Total: 1, Maximum: 3 } as const;

/**
 * The workbook's serializedData (schema Notebook/1.0): per row a heading, then one metrics chart
 * per WorkbookChart scoped to the namespace. Pure; the namespace id is resolved by the caller.
 */
export function workbookData(def: MonitoringDefinition, namespaceId: string): string {
  const rows = workbookRows(def);
  const items: Record<string, unknown>[] = [];
  for (const row of ROWS) {
    const { note, charts } = rows[row];
    items.push({
      type: 1,
      name: `row-${row}`,
      content: { json: `## ${ROW_TITLES[row]}${note ? `\n\n${note}` : ''}` },
    });
    charts.forEach((chart, i) =>
      items.push({
        type: 10,
        name: `${row}-${i}`,
        content: {
          version: 'MetricsItem/2.0',
          size: 0,
          chartType: 2,
          resourceType: METRIC_NAMESPACE.toLowerCase(),
          metricScope: 0,
          resourceIds: [namespaceId],
          timeContext: { durationMs: 6 * 3600 * 1000 },
          title: chart.title,
          metrics: chart.metrics.map((m) => ({
            namespace: METRIC_NAMESPACE.toLowerCase(),
            metric: `${METRIC_NAMESPACE.toLowerCase()}--${m.metric}`,
            aggregation: AGGREGATION[m.aggregation],
            ...(chart.eventHubs ? { splitBy: 'EntityName' } : {}),
          })),
          ...(chart.eventHubs
            ? { filters: [{ key: 'EntityName', operator: 0, values: chart.eventHubs }] }
            : {}),
        },
      }),
    );
  }
  return JSON.stringify({
    version: 'Notebook/1.0',
    items,
    fallbackResourceIds: [namespaceId],
    $schema: 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json',
  });
}

/** Workbooks are named by a GUID: a stable one from the stack and namespace, so updates replace nothing. */
export function workbookId(stack: string, namespace: string): string {
  const h = createHash('sha1').update(`kafka-platform/${stack}/${namespace}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
