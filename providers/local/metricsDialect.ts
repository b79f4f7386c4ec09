import { ErrorThresholds } from '../../monitoring/settings';
import { PromDialect, quoted } from '../../monitoring/prometheus/dialect';

/**
 * Redpanda's /public_metrics (admin port 9644), as the public metrics reference names them
 * (https://docs.redpanda.com/current/reference/public-metrics-reference/). Consumer-group lag
 * needs `consumer_lag` in the cluster property `enable_consumer_group_metrics` (Redpanda 25.1+),
 * which the Compose file's init sets.
 */
export const REDPANDA_METRICS = {
  requestBytes: 'redpanda_kafka_request_bytes_total',
  groupLagMax: 'redpanda_kafka_consumer_group_lag_max',
  brokers: 'redpanda_cluster_brokers',
  unavailablePartitions: 'redpanda_cluster_unavailable_partitions',
  underReplicated: 'redpanda_kafka_under_replicated_replicas',
  rpcErrors: 'redpanda_rpc_request_errors_total',
  throttleTime: 'redpanda_kafka_quotas_client_quota_throttle_time',
} as const;

/** The Prometheus job Redpanda's public metrics are scraped as (Compose profile, local stack). */
export const REDPANDA_JOB = 'redpanda';

/** The enable_consumer_group_metrics value that turns on the lag gauges. */
export const CONSUMER_GROUP_METRICS = '["group", "partition", "consumer_lag"]';

/**
 * The dialect of a Redpanda cluster scraped as `job`. A development broker has no capacity to
 * compare throughput with: the throughput rows are graphs, not alerts.
 */
export function redpandaDialect(job: string, t: ErrorThresholds): PromDialect {
  const m = REDPANDA_METRICS;
  const sel = `job=${quoted(job)}`;
  const request = (direction: 'in' | 'out') => quoted(direction === 'in' ? 'produce' : 'consume');
  return {
    backend: 'redpanda',
    job,
    topicBytes: (direction, topic) =>
      `sum(rate(${m.requestBytes}{${sel}, redpanda_request=${request(direction)}, redpanda_topic=${quoted(topic)}}[5m]))`,
    clusterBytes: (direction) =>
      `sum(rate(${m.requestBytes}{${sel}, redpanda_request=${request(direction)}}[5m]))`,
    groupLag: (group) =>
      `max by (redpanda_group) (${m.groupLagMax}{${sel}, redpanda_group=${quoted(group)}})`,
    groupLabel: 'redpanda_group',
    heartbeat: m.brokers,
    health: {
      panels: [
        {
          title: 'Brokers, unavailable partitions',
          unit: 'short',
          targets: [
            { expr: `max(${m.brokers}{${sel}})`, legend: 'brokers' },
            { expr: `max(${m.unavailablePartitions}{${sel}})`, legend: 'unavailable partitions' },
          ],
        },
        {
          title: 'Under-replicated replicas',
          unit: 'short',
          targets: [{ expr: `sum(${m.underReplicated}{${sel}})`, legend: 'under-replicated' }],
        },
      ],
      alerts: [
        {
          alert: 'KafkaPartitionsUnavailable',
          kind: 'cluster-health',
          expr: `max(${m.unavailablePartitions}{${sel}}) > 0`,
          minutes: 1,
          summary: '{{ $value }} partitions have no leader',
          description: 'Partitions lack a quorum and a leader: their producers and consumers are stopped',
        },
        {
          alert: 'KafkaUnderReplicated',
          kind: 'cluster-health',
          expr: `sum(${m.underReplicated}{${sel}}) > 0`,
          minutes: 15,
          summary: '{{ $value }} replicas are behind their leader',
          description: 'Replicas have stayed behind their leaders for 15 minutes',
        },
      ],
    },
    errors: {
      panels: [
        {
          title: 'Failed Kafka requests',
          unit: 'reqps',
          targets: [
            { expr: `sum(rate(${m.rpcErrors}{${sel}, redpanda_server="kafka"}[5m]))`, legend: 'errors' },
          ],
        },
        {
          title: 'Quota throttling (seconds of delay per second)',
          unit: 's',
          targets: [
            {
              expr: `sum by (quota_type) (rate(${m.throttleTime}_sum{${sel}}[5m]))`,
              legend: '{{quota_type}}',
            },
          ],
        },
      ],
      alerts: [
        {
          alert: 'KafkaRequestErrors',
          kind: 'request-errors',
          expr: `sum(increase(${m.rpcErrors}{${sel}, redpanda_server="kafka"}[5m])) > ${t.requestErrors}`,
          minutes: 1,
          summary: '{{ $value | humanize }} Kafka requests failed in 5 minutes',
          description: `More than ${t.requestErrors} Kafka requests failed in 5 minutes`,
        },
        {
          alert: 'KafkaClientsThrottled',
          kind: 'throttling',
          expr: `sum(rate(${m.throttleTime}_sum{${sel}}[5m])) > 0`,
          minutes: t.throttlingMinutes,
          summary: 'Clients are throttled by quotas',
          description: `Clients have been throttled for ${t.throttlingMinutes} minutes`,
        },
      ],
    },
    unwatched: [
      {
        row: 'throughput',
        what: 'throughput against capacity',
        why: 'a development broker has no capacity figure to compare with; the throughput rows are graphs only.',
      },
      {
        row: 'throughput',
        what: 'size per topic',
        why: 'Redpanda’s public metrics report a topic’s size only for Tiered Storage (cloud_log_size); disk use is broker-wide.',
      },
      {
        row: 'lag',
        what: 'consumer lag in seconds',
        why: 'Redpanda exports lag in messages only (consumer_group_lag_max).',
      },
      {
        row: 'errors',
        what: 'authentication failures',
        why: 'Redpanda’s public metrics count no failed authentications; they show in the broker log.',
      },
    ],
  };
}
