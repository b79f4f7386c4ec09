import { PromDialect, quoted } from '../../monitoring/prometheus/dialect';
import { ClusterType, throughputLimit } from './limits';

/**
 * Confluent Cloud's metrics as the Metrics API export serves them to Prometheus
 * (https://api.telemetry.confluent.cloud/docs/descriptors/datasets/cloud, export format: the
 * descriptor name with `.`/`/` as `_`, e.g. `io.confluent.kafka.server/received_bytes` becomes
 * `confluent_kafka_server_received_bytes`). Byte and request counts are deltas over the sample's
 * one-minute interval, hence `/ 60` for per-second rates.
 */
export const CONFLUENT_METRICS = {
  receivedBytes: 'confluent_kafka_server_received_bytes',
  sentBytes: 'confluent_kafka_server_sent_bytes',
  retainedBytes: 'confluent_kafka_server_retained_bytes',
  consumerLag: 'confluent_kafka_server_consumer_lag_offsets',
  partitionCount: 'confluent_kafka_server_partition_count',
  clusterLoad: 'confluent_kafka_server_cluster_load_percent',
  requestCount: 'confluent_kafka_server_request_count',
  successfulAuthentications: 'confluent_kafka_server_successful_authentication_count',
} as const;

/** MB/s as Confluent states capacity (10^6 bytes). */
const BYTES_PER_MB = 1_000_000;

/** The dialect of one Confluent cluster, scraped as `job`. */
export function confluentDialect(o: { job: string; clusterType: ClusterType; cku?: number }): PromDialect {
  const m = CONFLUENT_METRICS;
  const job = `job=${quoted(o.job)}`;
  const limit = throughputLimit(o.clusterType, o.cku);
  const bytes = (direction: 'in' | 'out') => (direction === 'in' ? m.receivedBytes : m.sentBytes);
  return {
    backend: 'confluent',
    job: o.job,
    topicBytes: (direction, topic) => `sum(${bytes(direction)}{${job}, topic=${quoted(topic)}}) / 60`,
    clusterBytes: (direction) => `sum(${bytes(direction)}{${job}}) / 60`,
    topicSize: (topic) => `sum(${m.retainedBytes}{${job}, topic=${quoted(topic)}})`,
    // consumer_lag_offsets is one series per partition (labels topic, consumer_group_id,
    // partition): the worst partition, like MSK's MaxOffsetLag and Redpanda's lag_max, so one
    // threshold means the same on every backend (a sum would fire partition-count times earlier).
    groupLag: (group) =>
      `max by (consumer_group_id) (${m.consumerLag}{${job}, consumer_group_id=${quoted(group)}})`,
    heartbeat: m.partitionCount,
    groupLabel: 'consumer_group_id',
    capacity: {
      inBytesPerSecond: limit.ingressMBps * BYTES_PER_MB,
      outBytesPerSecond: limit.egressMBps * BYTES_PER_MB,
      what: `the ${o.clusterType} cluster's ${limit.ingressMBps} MB/s in, ${limit.egressMBps} MB/s out`,
    },
    health: {
      panels: [
        { title: 'Metrics export scraped', unit: 'short', targets: [{ expr: `up{${job}}`, legend: 'up' }] },
        {
          title: 'Partitions',
          unit: 'short',
          targets: [{ expr: `sum(${m.partitionCount}{${job}})`, legend: 'partitions' }],
        },
        ...(o.clusterType === 'dedicated'
          ? [
              {
                title: 'Cluster load',
                unit: 'percentunit',
                targets: [{ expr: `max(${m.clusterLoad}{${job}})`, legend: 'load' }],
              },
            ]
          : []),
      ],
      alerts: [],
    },
    errors: {
      panels: [
        {
          title: 'Requests per type (failures are not exported)',
          unit: 'reqps',
          targets: [{ expr: `sum by (type) (${m.requestCount}{${job}}) / 60`, legend: '{{type}}' }],
        },
        {
          title: 'Successful authentications',
          unit: 'short',
          targets: [{ expr: `sum(${m.successfulAuthentications}{${job}}) / 60`, legend: 'per second' }],
        },
      ],
      alerts: [],
    },
    unwatched: [
      {
        row: 'health',
        what: 'broker health (offline or under-replicated partitions, controller)',
        why: 'Confluent operates the brokers and exports no broker-health metric; its status page and SLA cover them. The export being scraped is watched (metrics-missing).',
      },
      {
        row: 'lag',
        what: 'consumer lag in seconds',
        why: 'the Metrics API exports lag in offsets only (consumer_lag_offsets).',
      },
      {
        row: 'errors',
        what: 'authentication failures',
        why: 'the Metrics API exports successful authentications only; failed ones show in the audit log.',
      },
      {
        row: 'errors',
        what: 'failed requests and throttling',
        why: 'the Metrics API export has no error or throttle metric; the throughput alerts fire before the cluster throttles, and Dedicated clusters show cluster_load_percent.',
      },
    ],
  };
}
