/**
 * Every metric a dashboard panel or an alert queries is one the backend really exports. The lists
 * below are written from each platform's own reference, not from our code, so a typo or an
 * invented metric fails here instead of drawing an empty graph in production:
 *
 * - MSK: AWS MSK Developer Guide, "Amazon MSK metrics for monitoring Standard brokers with
 *   CloudWatch" (metrics-details.html: DEFAULT level ActiveControllerCount, BytesInPerSec,
 *   BytesOutPerSec, CpuSystem, CpuUser, EstimatedMaxTimeLag, IAMTooManyConnections,
 *   KafkaDataLogsDiskUsed, MaxOffsetLag, OfflinePartitionsCount, UnderReplicatedPartitions;
 *   PER_BROKER level FetchThrottleTime, ProduceThrottleTime), metrics-details-express.html and
 *   serverless-monitoring.html (BytesInPerSec, BytesOutPerSec, MaxOffsetLag, MaxEstimatedTimeLag
 *   per topic / consumer group).
 * - Event Hubs: Azure Monitor supported metrics, Microsoft.EventHub/namespaces
 *   (learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-eventhub-namespaces-metrics).
 * - Confluent Cloud: Metrics API export (api.telemetry.confluent.cloud/docs/descriptors/datasets/cloud,
 *   io.confluent.kafka.server/* as confluent_kafka_server_*): received_bytes, sent_bytes, retained_bytes,
 *   consumer_lag_offsets, partition_count, cluster_load_percent, request_count,
 *   successful_authentication_count.
 * - Redpanda: public metrics reference (docs.redpanda.com/current/reference/public-metrics-reference/,
 *   redpanda-data/docs modules/reference/pages/public-metrics-reference.adoc) and, for the lag
 *   gauges enabled by enable_consumer_group_metrics "consumer_lag" (Redpanda 25.1+), the same
 *   reference's consumer group section.
 * - `up` is Prometheus' own per-target series (prometheus.io/docs/concepts/jobs_instances).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { OBSERVABILITY_DIR } from '../../../compose/monitoringProfile';
import { Plan } from '../../../plan/plan';
import {
  planCommittedStack,
  planWith,
  PROJECT_DIR,
  resourcesOfType,
  withDocuments,
} from '../../harness/plan';

const EXPORTED = {
  msk: [
    'ActiveControllerCount',
    'BytesInPerSec',
    'BytesOutPerSec',
    'CpuSystem',
    'CpuUser',
    'EstimatedMaxTimeLag',
    'FetchThrottleTime',
    'IAMTooManyConnections',
    'KafkaDataLogsDiskUsed',
    // MSK Serverless's name for the time-lag estimate (serverless-monitoring.html).
    'MaxEstimatedTimeLag',
    'MaxOffsetLag',
    'OfflinePartitionsCount',
    'ProduceThrottleTime',
    'UnderReplicatedPartitions',
  ],
  eventhubs: [
    'ActiveConnections',
    'IncomingBytes',
    'IncomingMessages',
    'OutgoingBytes',
    'OutgoingMessages',
    'QuotaExceededErrors',
    'ServerErrors',
    'ThrottledRequests',
    'UserErrors',
  ],
  confluent: [
    'up',
    'confluent_kafka_server_received_bytes',
    'confluent_kafka_server_sent_bytes',
    'confluent_kafka_server_retained_bytes',
    'confluent_kafka_server_consumer_lag_offsets',
    'confluent_kafka_server_partition_count',
    'confluent_kafka_server_cluster_load_percent',
    'confluent_kafka_server_request_count',
    'confluent_kafka_server_successful_authentication_count',
  ],
  redpanda: [
    'up',
    'redpanda_kafka_request_bytes_total',
    'redpanda_kafka_consumer_group_lag_max',
    'redpanda_cluster_brokers',
    'redpanda_cluster_unavailable_partitions',
    'redpanda_kafka_under_replicated_replicas',
    'redpanda_rpc_request_errors_total',
    // A histogram: queried as its _sum series.
    'redpanda_kafka_quotas_client_quota_throttle_time',
  ],
};

/** Metric names in PromQL: identifiers directly followed by a label selector. */
function promMetrics(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]!);
}

/** A histogram's series carry `_sum`, `_count` and `_bucket` after the documented name. */
function isExported(metric: string, exported: readonly string[]): boolean {
  return exported.includes(metric) || exported.includes(metric.replace(/_(sum|count|bucket)$/, ''));
}

/** Metric names in CloudWatch: [namespace, metric, ...] lines and Metrics Insights `SELECT FN(metric)`. */
function cloudWatchMetrics(line: unknown): string[] {
  if (Array.isArray(line) && typeof line[0] === 'string') return [String(line[1])];
  const expression = Array.isArray(line) ? (line[0] as { expression?: string }).expression : undefined;
  return [...(expression ?? '').matchAll(/SELECT \w+\((\w+)\)/g)].map((m) => m[1]!);
}

function assertExported(used: string[], backend: keyof typeof EXPORTED): void {
  assert.ok(used.length > 0, 'queries found');
  for (const metric of new Set(used)) {
    assert.ok(isExported(metric, EXPORTED[backend]), `${metric} is not a metric ${backend} exports`);
  }
}

function grafanaMetrics(json: string): string[] {
  const dashboard = JSON.parse(json) as { panels: { targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => promMetrics(t.expr)));
}

function ruleMetrics(yamlText: string): string[] {
  const doc = parse(yamlText) as { groups: { rules: { expr: string }[] }[] };
  return doc.groups.flatMap((g) => g.rules.flatMap((r) => promMetrics(r.expr)));
}

describe('dashboards and alerts query only metrics the backend exports', () => {
  it('MSK: the CloudWatch dashboard and alarms of the prod stack (PER_BROKER) and a serverless one', async () => {
    const plans: Plan[] = [
      await planCommittedStack('prod'),
      await planWith(
        (
          parse(fs.readFileSync('providers/msk/examples/serverless.yaml', 'utf8')) as {
            config: Record<string, unknown>;
          }
        ).config,
        'serverless',
      ),
    ];
    for (const plan of plans) {
      const body = JSON.parse(
        String(resourcesOfType(plan, 'aws:cloudwatch/dashboard:Dashboard')[0]!.inputs.dashboardBody),
      ) as { widgets: { properties: { metrics?: unknown[] } }[] };
      assertExported(
        body.widgets.flatMap((w) => (w.properties.metrics ?? []).flatMap(cloudWatchMetrics)),
        'msk',
      );
      const alarms = resourcesOfType(plan, 'aws:cloudwatch/metricAlarm:MetricAlarm').map((a) => a.inputs);
      assertExported(
        alarms.flatMap((a) => [
          ...(a.metricName ? [String(a.metricName)] : []),
          ...(
            (a.metricQueries as { expression?: string; metric?: { metricName: string } }[] | undefined) ?? []
          ).flatMap((q) =>
            q.metric ? [q.metric.metricName] : cloudWatchMetrics([{ expression: q.expression }]),
          ),
        ]),
        'msk',
      );
    }
  });

  it('Event Hubs: the workbook and the metric alerts', async () => {
    const plan = await planWith(
      (
        parse(fs.readFileSync('providers/eventhubs/examples/premium-entra.yaml', 'utf8')) as {
          config: Record<string, unknown>;
        }
      ).config,
      'premium',
    );
    const data = JSON.parse(
      String(resourcesOfType(plan, 'azure-native:applicationinsights:Workbook')[0]!.inputs.serializedData),
    ) as { items: { content: { metrics?: { metric: string }[] } }[] };
    assertExported(
      data.items.flatMap((i) => (i.content.metrics ?? []).map((m) => m.metric.split('--')[1]!)),
      'eventhubs',
    );
    assertExported(
      resourcesOfType(plan, 'azure-native:monitor:MetricAlert').flatMap((a) =>
        (a.inputs.criteria as { allOf: { metricName: string }[] }).allOf.map((c) => c.metricName),
      ),
      'eventhubs',
    );
  });

  it('Confluent: the Grafana dashboard and the Prometheus rules, Basic and Dedicated', async () => {
    for (const example of ['basic', 'dedicated']) {
      const file = `providers/confluent/examples/${example}.yaml`;
      const plan = await planWith(
        (parse(fs.readFileSync(file, 'utf8')) as { config: Record<string, unknown> }).config,
        example,
      );
      const monitoring = (withDocuments(plan).confluent as { monitoring: Record<string, string> }).monitoring;
      assertExported(grafanaMetrics(monitoring.grafanaDashboard!), 'confluent');
      assertExported(ruleMetrics(monitoring.prometheusRules!), 'confluent');
    }
  });

  it('local: the Grafana dashboard and the rules the Compose profile mounts', () => {
    const read = (rel: string) => fs.readFileSync(path.join(PROJECT_DIR, OBSERVABILITY_DIR, rel), 'utf8');
    assertExported(grafanaMetrics(read('grafana/dashboards/kafka-platform.json')), 'redpanda');
    assertExported(ruleMetrics(read('prometheus/rules.yml')), 'redpanda');
  });
});
