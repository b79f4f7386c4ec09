import { createHash } from 'node:crypto';
import { MonitoringDefinition } from '../../monitoring/definition';
import { Row, ROW_TITLES, ROWS } from '../../monitoring/rows';
import { AlarmContext, bytesQuery, CLUSTER, lagMetricNames, throttleMetricsExported } from './alertSpecs';

const NS = 'AWS/Kafka';

/** One line of a CloudWatch metric widget: a metric with dimensions, or an expression/query. */
type MetricLine = (string | Record<string, unknown>)[] | [Record<string, unknown>];

/**
 * A graph of the dashboard: its title and lines, laid out by dashboardBody. A graph holds either
 * metric lines (with math over them) or exactly one Metrics Insights query: CloudWatch runs one
 * Insights query per widget ("Maximum number of queries (1) exceeded" otherwise; Metrics Insights
 * quotas, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-limits.html).
 */
export interface MskPanel {
  title: string;
  stat: 'Average' | 'Maximum' | 'Sum';
  lines: MetricLine[];
}

/** Series one Insights panel may return: Insights returns at most 500 time series per query. */
export const INSIGHTS_SERIES = 100;

/** The Metrics Insights query of a line, if it is one. */
export function insightsQuery(line: MetricLine): string | undefined {
  const head = line[0];
  if (line.length !== 1 || typeof head !== 'object') return undefined;
  const expression = (head as { expression?: unknown }).expression;
  return typeof expression === 'string' && /^\s*SELECT\b/i.test(expression) ? expression : undefined;
}

/** The panels of each row (same rows, same order as every other backend's dashboard). */
export function mskPanels(ctx: AlarmContext, authMode: 'iam' | 'scram'): Record<Row, MskPanel[]> {
  const cluster = ctx.clusterName;
  const brokers = Array.from({ length: ctx.kind === 'serverless' ? 0 : ctx.brokerCount }, (_, i) =>
    String(i + 1),
  );
  // No label: CloudWatch names each series by its GROUP BY value (topic, broker, group); one
  // label on the query would give every series the same name.
  const query = (id: string, expression: string): MetricLine => [{ expression, id, period: 60 }];
  const perBroker = (metric: string): MetricLine[] =>
    brokers.map((b) => [NS, metric, CLUSTER, cluster, 'Broker ID', b, { label: `broker ${b}` }]);
  // The alarm's measure: CpuUser + CpuSystem per broker (metric math over hidden lines).
  const cpu: MetricLine[] = brokers.flatMap((b) => [
    [NS, 'CpuUser', CLUSTER, cluster, 'Broker ID', b, { id: `u${b}`, visible: false }],
    [NS, 'CpuSystem', CLUSTER, cluster, 'Broker ID', b, { id: `s${b}`, visible: false }],
    [{ expression: `u${b} + s${b}`, label: `broker ${b}`, id: `cpu${b}` }],
  ]);
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const perBrokerInsights = (metric: string) =>
    `SELECT MAX(${metric}) FROM SCHEMA("${NS}", "Broker ID", "${CLUSTER}") WHERE "${CLUSTER}" = ${lit(cluster)} GROUP BY "Broker ID"`;
  const worstLag = (metric: string) =>
    `SELECT MAX(${metric}) FROM SCHEMA("${NS}", "${CLUSTER}", "Consumer Group", "Topic") WHERE "${CLUSTER}" = ${lit(cluster)} GROUP BY "Consumer Group" ORDER BY MAX() DESC LIMIT ${INSIGHTS_SERIES}`;
  const lag = lagMetricNames(ctx.kind);

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
          { title: 'CPU user + system %', stat: 'Average', lines: cpu },
        ];
  const bytes = (direction: 'in' | 'out'): MskPanel => ({
    title: `Bytes ${direction} per topic (top ${INSIGHTS_SERIES})`,
    stat: 'Sum',
    lines: [
      query(
        direction,
        `${bytesQuery(ctx, direction)} GROUP BY "Topic" ORDER BY SUM() DESC LIMIT ${INSIGHTS_SERIES}`,
      ),
    ],
  });
  const errors: MskPanel[] = [
    ...(throttleMetricsExported(ctx)
      ? (['Produce', 'Fetch'] as const).map((kind) => ({
          title: `${kind} throttle time per broker (ms)`,
          stat: 'Maximum' as const,
          lines: [query(kind.toLowerCase(), perBrokerInsights(`${kind}ThrottleTime`))],
        }))
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
      {
        title: `Messages behind, worst topic per group (${lag.messages})`,
        stat: 'Maximum',
        lines: [query('lag', worstLag(lag.messages))],
      },
      {
        title: `Estimated seconds to drain that lag per group (${lag.time})`,
        stat: 'Maximum',
        lines: [query('time', worstLag(lag.time))],
      },
    ],
    errors,
  };
}

/** Lines per graph: CloudWatch draws at most 500 metrics in one graph; 100 stay readable. */
export const LINES_PER_GRAPH = 100;

/** Splits metric graphs with more lines than LINES_PER_GRAPH into numbered parts. */
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

/** What the lag row lists: each group with its topics, so the dashboard names every one. */
function watchedGroups(def: MonitoringDefinition): string {
  if (def.groups.length === 0) return '';
  return `\n\nWatched groups: ${def.groups.map((g) => `${g.group} (${g.topics.join(', ')})`).join('; ')}.`;
}

/**
 * The stack's CloudWatch dashboard body (JSON): each row a full-width heading and its graphs, in
 * ROWS order; a row this cluster has nothing for says so instead of disappearing. Pure.
 * `periodOverride: inherit` keeps every graph at its 60-second period: with `auto` CloudWatch
 * widens the period for long ranges and an Insights `SUM` of per-second rates then adds up
 * several minutes' observations (dashboard body structure,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
export function dashboardBody(
  ctx: AlarmContext,
  def: MonitoringDefinition,
  region: string,
  authMode: 'iam' | 'scram',
  unwatched: (row: Row) => string[],
): string {
  const panels = chunked(mskPanels(ctx, authMode));
  const widgets: Record<string, unknown>[] = [];
  let y = 0;
  for (const row of ROWS) {
    const missing = unwatched(row);
    const note =
      (missing.length ? `\n\nNot watched here: ${missing.join('; ')}.` : '') +
      (row === 'lag' ? watchedGroups(def) : '') +
      (row === 'throughput' && def.topics.length
        ? `\n\nCatalog topics: ${def.topics.map((t) => t.topic).join(', ')}.`
        : '');
    const height = note ? 2 : 1;
    widgets.push({
      type: 'text',
      x: 0,
      y,
      width: 24,
      height,
      properties: { markdown: `## ${ROW_TITLES[row]}${note}` },
    });
    y += height;
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
  return JSON.stringify({ periodOverride: 'inherit', widgets });
}

/**
 * The dashboard's name. Dashboards are global to the account, not per Region, so the name carries
 * the Region; PutDashboard allows only A-Z, a-z, 0-9, `-` and `_`, at most 255 characters
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html): other
 * characters (a stack name's `.` or `/`) become `-`, and a name too long keeps a hash of the whole.
 */
export function dashboardName(stack: string, clusterName: string, region: string): string {
  return limitedName(`kafka-${stack}-${clusterName}-${region}`.replace(/[^A-Za-z0-9_-]/g, '-'), 255);
}

/** `name` if it fits in `max` characters, else its start and a hash of the whole (still unique). */
export function limitedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}
