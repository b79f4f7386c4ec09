import { runbook, MonitoringDefinition } from '../../monitoring/definition';
import { Unwatched } from '../../monitoring/coverage';
import { ROW_TITLES, ROWS, Row } from '../../monitoring/rows';

/**
 * Cloud Monitoring's Managed Kafka metrics this backend reads
 * (https://cloud.google.com/monitoring/api/metrics_gcp_i_o#gcp-managedkafka): messages in per
 * topic, offset lag per topic partition and consumer group, requests per cluster.
 */
export const METRICS = {
  messagesIn: {
    type: 'managedkafka.googleapis.com/message_in_count',
    resource: 'managedkafka.googleapis.com/Topic',
  },
  offsetLag: {
    type: 'managedkafka.googleapis.com/offset_lag',
    resource: 'managedkafka.googleapis.com/TopicPartitionConsumerGroup',
  },
  requests: {
    type: 'managedkafka.googleapis.com/request_count',
    resource: 'managedkafka.googleapis.com/Cluster',
  },
} as const;

/** One Cloud Monitoring alert policy, as plain data (the AlertPolicy resource takes it as is). */
export interface AlertSpec {
  /** Stable short name, also the Pulumi resource name's suffix. */
  name: string;
  displayName: string;
  /** Monitoring filter of the one threshold condition. */
  filter: string;
  aggregation: {
    alignmentPeriod: string;
    perSeriesAligner: string;
    crossSeriesReducer: string;
    groupByFields: string[];
  };
  threshold: number;
  /** How long the condition must hold, e.g. `900s`. */
  duration: string;
  /** Markdown shown with the incident: what it means and the runbook link. */
  documentation: string;
}

const filterOf = (
  metric: { type: string; resource: string },
  clusterId: string,
  extra: Record<string, string>,
) =>
  [
    `metric.type="${metric.type}"`,
    `resource.type="${metric.resource}"`,
    `resource.label."cluster_id"="${clusterId}"`,
    ...Object.entries(extra).map(([k, v]) => `resource.label."${k}"="${v}"`),
  ].join(' AND ');

/**
 * The alert policies of the monitoring definition on Managed Kafka: consumer lag per group (offset
 * lag summed over its topics' partitions), and, when the sized message rate is known, throughput
 * per topic against that rate.
 */
export function gcpAlertSpecs(
  def: MonitoringDefinition,
  clusterId: string,
  throughputMessagesPerSecond: number | undefined,
): AlertSpec[] {
  const lag = def.groups.map((g): AlertSpec => ({
    name: `lag-${g.group}`,
    displayName: `Kafka ${def.stack}: consumer group ${g.group} lags`,
    filter: filterOf(METRICS.offsetLag, clusterId, { consumer_group_id: g.group }),
    aggregation: {
      alignmentPeriod: '60s',
      perSeriesAligner: 'ALIGN_MEAN',
      crossSeriesReducer: 'REDUCE_SUM',
      groupByFields: ['resource.label."topic_id"'],
    },
    threshold: g.lagMessages,
    duration: `${g.lagMinutes * 60}s`,
    documentation: `Consumer group ${g.group} (${g.services.join(', ')}) is more than ${g.lagMessages} messages behind on a topic for ${g.lagMinutes} minutes. Runbook: ${runbook(def, 'consumer-lag')}`,
  }));
  const throughput =
    throughputMessagesPerSecond === undefined
      ? []
      : def.topics.map((t): AlertSpec => ({
          name: `throughput-${t.topic}`,
          displayName: `Kafka ${def.stack}: topic ${t.topic} near capacity`,
          filter: filterOf(METRICS.messagesIn, clusterId, { topic_id: t.topic }),
          aggregation: {
            alignmentPeriod: '60s',
            perSeriesAligner: 'ALIGN_RATE',
            crossSeriesReducer: 'REDUCE_SUM',
            groupByFields: [],
          },
          threshold: (throughputMessagesPerSecond * t.throughputPercent) / 100,
          duration: `${t.throughputMinutes * 60}s`,
          documentation: `Topic ${t.topic} takes more than ${t.throughputPercent}% of the ${throughputMessagesPerSecond} messages/s the cluster was sized for, for ${t.throughputMinutes} minutes. Runbook: ${runbook(def, 'topic-throughput')}`,
        }));
  return [...lag, ...throughput];
}

/** What the rows chart, by row: one chart per row, the same four rows as every backend. */
function chartOf(
  row: Row,
  clusterId: string,
): { title: string; filter: string; aligner: string; groupBy: string[] } {
  switch (row) {
    case 'health':
      return {
        title: 'Requests per second (the cluster answers)',
        filter: filterOf(METRICS.requests, clusterId, {}),
        aligner: 'ALIGN_RATE',
        groupBy: [],
      };
    case 'throughput':
      return {
        title: 'Messages in per second, by topic',
        filter: filterOf(METRICS.messagesIn, clusterId, {}),
        aligner: 'ALIGN_RATE',
        groupBy: ['resource.label."topic_id"'],
      };
    case 'lag':
      return {
        title: 'Offset lag, by consumer group',
        filter: filterOf(METRICS.offsetLag, clusterId, {}),
        aligner: 'ALIGN_MEAN',
        groupBy: ['resource.label."consumer_group_id"'],
      };
    case 'errors':
      return {
        title: 'Requests per second (Google exports no error count to chart beside it)',
        filter: filterOf(METRICS.requests, clusterId, {}),
        aligner: 'ALIGN_RATE',
        groupBy: [],
      };
  }
}

/**
 * The dashboard in Cloud Monitoring's JSON format (mosaic layout, one full-width row per
 * monitoring row, in the shared order), as google_monitoring_dashboard's dashboard_json takes it.
 */
export function gcpDashboardJson(clusterId: string, title: string): string {
  const tiles = ROWS.map((row, i) => {
    const chart = chartOf(row, clusterId);
    return {
      xPos: 0,
      yPos: i * 4,
      width: 12,
      height: 4,
      widget: {
        title: `${ROW_TITLES[row]}: ${chart.title}`,
        xyChart: {
          dataSets: [
            {
              plotType: 'LINE',
              targetAxis: 'Y1',
              timeSeriesQuery: {
                timeSeriesFilter: {
                  filter: chart.filter,
                  aggregation: {
                    alignmentPeriod: '60s',
                    perSeriesAligner: chart.aligner,
                    crossSeriesReducer: 'REDUCE_SUM',
                    groupByFields: chart.groupBy,
                  },
                },
              },
            },
          ],
        },
      },
    };
  });
  return JSON.stringify({ displayName: title, mosaicLayout: { columns: 12, tiles } });
}

/** What Cloud Monitoring's Managed Kafka metrics cannot watch here, and why. */
export function gcpUnwatched(hasThroughputRate: boolean): Unwatched[] {
  return [
    {
      row: 'health',
      what: 'broker and partition health (offline or under-replicated partitions)',
      why: 'Google operates the brokers and exports no partition-health metric for Managed Kafka; Google Cloud Service Health covers outages.',
    },
    ...(hasThroughputRate
      ? []
      : [
          {
            row: 'throughput' as const,
            what: 'throughput against capacity',
            why: 'Google publishes no fixed capacity per vCPU: set kafka:gcp.monitoring.throughputMessagesPerSecond to the rate the cluster was sized for.',
          },
        ]),
    {
      row: 'lag',
      what: 'consumer lag in time',
      why: 'Google exports offset lag in messages only; the lag alert uses that.',
    },
    {
      row: 'errors',
      what: 'failed requests and throttling',
      why: 'the dashboard charts the request rate, but this backend found no documented error or throttle label on Managed Kafka’s request metrics to alert on; client-side errors show in the services’ own logs and metrics.',
    },
  ];
}
