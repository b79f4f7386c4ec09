import { MonitoringDefinition } from '../../monitoring/definition';
import { Row, ROW_TITLES, ROWS } from '../../monitoring/rows';
import { AlarmContext, bytesQuery, throttleMetricsExported } from './alarmSpecs';

const NS = 'AWS/Kafka';
const CLUSTER = 'Cluster Name';

/** One line of a CloudWatch metric widget: a metric with dimensions, or a Metrics Insights query. */
type MetricLine = (string | Record<string, unknown>)[] | [Record<string, unknown>];

/** A graph of the dashboard: its title and lines, laid out by dashboardBody. */
export interface MskPanel {
  title: string;
  stat: 'Average' | 'Maximum' | 'Sum';
  lines: MetricLine[];
}

/** The panels of each row (same rows, same order as every other backend's dashboard). */
export function mskPanels(
  ctx: AlarmContext,
  def: MonitoringDefinition,
  authMode: 'iam' | 'scram',
): Record<Row, MskPanel[]> {
  const cluster = ctx.clusterName;
  const brokers = Array.from({ length: ctx.kind === 'serverless' ? 0 : ctx.brokerCount }, (_, i) =>
    String(i + 1),
  );
  const query = (id: string, expression: string, label: string): MetricLine => [{ expression, label, id }];
  const perBroker = (metric: string): MetricLine[] =>
    brokers.map((b) => [NS, metric, CLUSTER, cluster, 'Broker ID', b, { label: `broker ${b}` }]);
  const lagLines = (metric: string): MetricLine[] =>
    def.groups.flatMap((g) =>
      g.topics.map((t) => [
        NS,
        metric,
        CLUSTER,
        cluster,
        'Consumer Group',
        g.group,
        'Topic',
        t,
        { label: `${g.group} / ${t}` },
      ]),
    );
  const insights = (metric: string) =>
    `SELECT MAX(${metric}) FROM SCHEMA("${NS}", "Broker ID", "${CLUSTER}") WHERE "${CLUSTER}" = '${cluster}' GROUP BY "Broker ID"`;

  const health: MskPanel[] =
    ctx.kind === 'serverless'
      ? []
      : [
          {
            title: 'Active controller, offline partitions',
            stat: 'Maximum',
            lines: [
              [NS, 'ActiveControllerCount', CLUSTER, cluster, { label: 'active controllers' }],
              ...(ctx.kind === 'standard'
                ? [[NS, 'OfflinePartitionsCount', CLUSTER, cluster, { label: 'offline partitions' }]]
                : []),
            ],
          },
          ...(ctx.kind === 'standard'
            ? [
                {
                  title: 'Under-replicated partitions',
                  stat: 'Maximum' as const,
                  lines: perBroker('UnderReplicatedPartitions'),
                },
              ]
            : []),
          { title: 'CPU user %', stat: 'Average', lines: perBroker('CpuUser') },
        ];
  const bytes = (direction: 'in' | 'out'): MskPanel => ({
    title: `Bytes ${direction} per topic`,
    stat: 'Sum',
    lines: def.topics.map((t, i) => query(`${direction}${i}`, bytesQuery(ctx, direction, t.topic), t.topic)),
  });
  const errors: MskPanel[] = [
    ...(throttleMetricsExported(ctx)
      ? [
          {
            title: 'Throttle time (ms)',
            stat: 'Maximum' as const,
            lines: [
              query('produce', insights('ProduceThrottleTime'), 'produce'),
              query('fetch', insights('FetchThrottleTime'), 'fetch'),
            ],
          },
        ]
      : []),
    ...(authMode === 'iam' && ctx.kind !== 'serverless'
      ? [
          {
            title: 'IAM connections over the limit',
            stat: 'Sum' as const,
            lines: perBroker('IAMTooManyConnections'),
          },
        ]
      : []),
  ];
  return {
    health,
    throughput: [bytes('in'), bytes('out')],
    lag: [
      { title: 'Messages behind per group (MaxOffsetLag)', stat: 'Maximum', lines: lagLines('MaxOffsetLag') },
      {
        title: 'Seconds behind per group (EstimatedMaxTimeLag)',
        stat: 'Maximum',
        lines: lagLines('EstimatedMaxTimeLag'),
      },
    ],
    errors,
  };
}

/** Lines per graph: CloudWatch draws at most 500 metrics in one graph; 100 stay readable. */
export const LINES_PER_GRAPH = 100;

/** Splits graphs with more lines than LINES_PER_GRAPH into numbered parts. */
function chunked(panels: Record<Row, MskPanel[]>): Record<Row, MskPanel[]> {
  const split = (p: MskPanel): MskPanel[] => {
    const parts = Math.ceil(p.lines.length / LINES_PER_GRAPH);
    if (parts <= 1) return [p];
    return Array.from({ length: parts }, (_, i) => ({
      ...p,
      title: `${p.title} (${i + 1}/${parts})`,
      lines: p.lines.slice(i * LINES_PER_GRAPH, (i + 1) * LINES_PER_GRAPH),
    }));
  };
  return Object.fromEntries(ROWS.map((row) => [row, panels[row].flatMap(split)])) as Record<Row, MskPanel[]>;
}

/**
 * The stack's CloudWatch dashboard body (JSON): each row a full-width heading and its graphs, in
 * ROWS order; a row this cluster has nothing for says so instead of disappearing. Pure.
 */
export function dashboardBody(
  ctx: AlarmContext,
  def: MonitoringDefinition,
  region: string,
  authMode: 'iam' | 'scram',
  unwatched: (row: Row) => string[],
): string {
  const panels = chunked(mskPanels(ctx, def, authMode));
  const widgets: Record<string, unknown>[] = [];
  let y = 0;
  for (const row of ROWS) {
    const missing = unwatched(row);
    const note = missing.length ? `\n\nNot watched here: ${missing.join('; ')}.` : '';
    widgets.push({
      type: 'text',
      x: 0,
      y,
      width: 24,
      height: missing.length ? 2 : 1,
      properties: { markdown: `## ${ROW_TITLES[row]}${note}` },
    });
    y += missing.length ? 2 : 1;
    panels[row].forEach((p, i) => {
      widgets.push({
        type: 'metric',
        x: (i % 2) * 12,
        y: y + Math.floor(i / 2) * 6,
        width: 12,
        height: 6,
        properties: {
          title: p.title,
          region,
          view: 'timeSeries',
          stat: p.stat,
          period: 60,
          metrics: p.lines,
        },
      });
    });
    y += Math.ceil(panels[row].length / 2) * 6;
  }
  return JSON.stringify({ widgets });
}
