import { stringify } from 'yaml';
import { Catalog, consumerGroups } from '../../topics/catalog';
import { ClusterType, METRICS_EXPORT, throughputLimit } from './limits';
import { ConfluentMonitoringSettings } from './settings';

/**
 * Prometheus configuration for a Confluent Cloud cluster, as plain functions: the scrape job for
 * the Metrics API export endpoint and the alerting rules. Confluent has no alert resource in its
 * provider; Prometheus (or anything that reads its rule format) raises the alerts instead.
 *
 * Metrics (Metrics API reference, export format): `confluent_kafka_server_consumer_lag_offsets`
 * (labels kafka_id, topic, consumer_group_id), `confluent_kafka_server_received_bytes` and
 * `confluent_kafka_server_sent_bytes` (bytes in the one-minute interval of the sample).
 */

/** What the rules are written for. */
export interface MonitoringSpec {
  /** Prometheus job of the scrape configuration; the rules select the cluster's series by it. */
  job: string;
  stack: string;
  clusterType: ClusterType;
  cku?: number;
  thresholds: ConfluentMonitoringSettings;
}

/** The scrape job's name for a cluster display name. */
export function scrapeJobName(clusterName: string): string {
  return `confluent-cloud-${clusterName}`;
}

/** A PromQL string literal. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/** Long expressions on one line, no anchors: the text is read by people and by promtool. */
const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** MB/s as Confluent states capacity (10^6 bytes), in bytes per second. */
const BYTES_PER_MB = 1_000_000;

interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * Alerting rules: the lag of every consumer group of the catalog, ingress and egress near the
 * cluster's capacity, and the export scrape failing (without it every other rule stays silent).
 */
export function alertRules(spec: MonitoringSpec, catalog: Catalog): string {
  const t = spec.thresholds;
  const job = `job=${quoted(spec.job)}`;
  const labels = () => ({ severity: 'warning', stack: spec.stack, backend: 'confluent' });
  const lag: Rule[] = consumerGroups(catalog).map((g) => ({
    alert: 'KafkaConsumerGroupLagHigh',
    expr:
      `sum by (consumer_group_id) (confluent_kafka_server_consumer_lag_offsets{${job}, ` +
      `consumer_group_id=${quoted(g.group)}}) > ${t.consumerLagMessages}`,
    for: `${t.consumerLagMinutes}m`,
    labels: { ...labels(), consumer_group: g.group },
    annotations: {
      summary: `Consumer group ${g.group} is {{ $value | humanize }} messages behind`,
      description:
        `The group of ${g.services.join(', ')} has lagged more than ${t.consumerLagMessages} messages on ` +
        `${g.topics.join(', ')} for ${t.consumerLagMinutes} minutes (stack ${spec.stack}).`,
    },
  }));
  const limit = throughputLimit(spec.clusterType, spec.cku);
  const throughput = (direction: 'Ingress' | 'Egress', metric: string, mbps: number): Rule => {
    const bytesPerSecond = Math.round((mbps * BYTES_PER_MB * t.throughputPercent) / 100);
    return {
      alert: `ConfluentCluster${direction}NearLimit`,
      expr: `sum(${metric}{${job}}) / 60 > ${bytesPerSecond}`,
      for: `${t.throughputMinutes}m`,
      labels: labels(),
      annotations: {
        summary: `${direction} is at {{ $value | humanize }}B/s, over ${t.throughputPercent}% of the cluster's ${mbps} MB/s`,
        description:
          `${direction} has stayed above ${t.throughputPercent}% of what this ${spec.clusterType} cluster is sized for ` +
          `(${mbps} MB/s) for ${t.throughputMinutes} minutes; clients are throttled at the limit (stack ${spec.stack}).`,
      },
    };
  };
  const scrape: Rule = {
    alert: 'ConfluentMetricsExportDown',
    expr: `up{${job}} == 0 or absent(up{${job}})`,
    for: '10m',
    labels: labels(),
    annotations: {
      summary: 'The Confluent Cloud Metrics API export is not scraped',
      description: `Prometheus cannot scrape ${METRICS_EXPORT.host}${METRICS_EXPORT.path} as job ${spec.job}; lag and throughput alerts of stack ${spec.stack} cannot fire.`,
    },
  };
  const rules = [
    ...lag,
    throughput('Ingress', 'confluent_kafka_server_received_bytes', limit.ingressMBps),
    throughput('Egress', 'confluent_kafka_server_sent_bytes', limit.egressMBps),
    scrape,
  ];
  return stringify({ groups: [{ name: `kafka-platform-confluent-${spec.stack}`, rules }] }, YAML_OPTIONS);
}

/**
 * The scrape job for the Metrics API export endpoint of one cluster. The API key is the basic-auth
 * user; its secret stays in a file Prometheus reads (a mounted Secret), never in this text.
 */
export function scrapeConfig(o: {
  job: string;
  clusterId: string;
  apiKey: string;
  passwordFile: string;
}): string {
  return stringify(
    {
      scrape_configs: [
        {
          job_name: o.job,
          scheme: 'https',
          metrics_path: METRICS_EXPORT.path,
          params: { [METRICS_EXPORT.clusterParam]: [o.clusterId] },
          // The export serves one-minute samples with their own timestamps.
          scrape_interval: '1m',
          scrape_timeout: '1m',
          honor_timestamps: true,
          basic_auth: { username: o.apiKey, password_file: o.passwordFile },
          static_configs: [{ targets: [METRICS_EXPORT.host] }],
        },
      ],
    },
    YAML_OPTIONS,
  );
}
