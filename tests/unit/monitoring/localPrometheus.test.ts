/**
 * The local stack's Prometheus configuration, as the Compose monitoring profile mounts it, under
 * the real promtool (Debian's prometheus package): it parses, and the rules fire exactly when they
 * should on sample series in Redpanda's metric names (promtool's rule unit tests).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { OBSERVABILITY_DIR } from '../../../compose/monitoringProfile';
import { PROJECT_DIR } from '../../harness/plan';
import { assertRuleTests as assertRules, promtool } from '../../harness/promtool';

const PROM_DIR = path.join(PROJECT_DIR, OBSERVABILITY_DIR, 'prometheus');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-local-promtool-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const assertRuleTests = (name: string, tests: object[]) =>
  assertRules(TMP, path.join(PROM_DIR, 'rules.yml'), name, tests);

const up = { series: 'up{job="redpanda",instance="redpanda:9644"}', values: '1x40' };
/** Always in Redpanda's public metrics while it exports anything. */
const brokers = {
  series: 'redpanda_cluster_brokers{job="redpanda",instance="redpanda:9644"}',
  values: '1x40',
};
const lag = (group: string, value: number) => ({
  series: `redpanda_kafka_consumer_group_lag_max{job="redpanda",instance="redpanda:9644",redpanda_group="${group}"}`,
  values: `${value}x40`,
});
const base = { severity: 'warning', stack: 'local', backend: 'redpanda' };

describe('local Prometheus configuration under promtool', () => {
  it('prometheus.yml and its rules pass promtool check config', () => {
    const run = promtool(['check', 'config', 'prometheus.yml'], PROM_DIR);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /SUCCESS: 1 rule files found/);
  });

  it('fires the lag alert for the lagging group after its minutes, not for the healthy one', () => {
    assertRuleTests('lag', [
      {
        input_series: [
          lag('backend-api', 20000),
          lag('ml-service', 9999),
          lag('not-in-catalog', 10 ** 9),
          up,
          brokers,
        ],
        alert_rule_test: [
          { eval_time: '14m', alertname: 'KafkaConsumerGroupLagHigh', exp_alerts: [] },
          {
            eval_time: '16m',
            alertname: 'KafkaConsumerGroupLagHigh',
            exp_alerts: [
              {
                exp_labels: {
                  ...base,
                  kind: 'consumer-lag',
                  consumer_group: 'backend-api',
                  redpanda_group: 'backend-api',
                },
                exp_annotations: {
                  summary: 'Consumer group backend-api is 20k messages behind',
                  description:
                    'The group of backend-api has lagged more than 10000 messages on ml.jobs.completed, ml.jobs.failed for 15 minutes (stack local).',
                  runbook_url: 'docs/monitoring/alerts/consumer-lag.md',
                },
              },
            ],
          },
        ],
      },
    ]);
  });

  it('fires the request-error alert over its count in 5 minutes, and the throttling alert after its minutes', () => {
    assertRuleTests('errors', [
      {
        input_series: [
          // 5 errors a minute: 25 in 5 minutes, over the default 10.
          {
            series: 'redpanda_rpc_request_errors_total{job="redpanda",redpanda_server="kafka"}',
            values: '0+5x40',
          },
          // Internal RPC errors are not client errors.
          {
            series: 'redpanda_rpc_request_errors_total{job="redpanda",redpanda_server="internal"}',
            values: '0+500x40',
          },
          {
            series:
              'redpanda_kafka_quotas_client_quota_throttle_time_sum{job="redpanda",quota_type="produce_quota"}',
            values: '0+2x40',
          },
          up,
          brokers,
        ],
        alert_rule_test: [
          {
            eval_time: '10m',
            alertname: 'KafkaRequestErrors',
            exp_alerts: [
              {
                exp_labels: { ...base, kind: 'request-errors' },
                exp_annotations: {
                  summary: '25 Kafka requests failed in 5 minutes',
                  description: 'More than 10 Kafka requests failed in 5 minutes (stack local).',
                  runbook_url: 'docs/monitoring/alerts/request-errors.md',
                },
              },
            ],
          },
          { eval_time: '3m', alertname: 'KafkaClientsThrottled', exp_alerts: [] },
          {
            eval_time: '12m',
            alertname: 'KafkaClientsThrottled',
            exp_alerts: [
              {
                exp_labels: { ...base, kind: 'throttling' },
                exp_annotations: {
                  summary: 'Clients are throttled by quotas',
                  description: 'Clients have been throttled for 5 minutes (stack local).',
                  runbook_url: 'docs/monitoring/alerts/throttling.md',
                },
              },
            ],
          },
        ],
      },
      {
        // A healthy broker: no errors, no throttling, no lag.
        input_series: [
          {
            series: 'redpanda_rpc_request_errors_total{job="redpanda",redpanda_server="kafka"}',
            values: '0x40',
          },
          lag('backend-api', 0),
          up,
          brokers,
        ],
        alert_rule_test: [
          { eval_time: '30m', alertname: 'KafkaRequestErrors', exp_alerts: [] },
          { eval_time: '30m', alertname: 'KafkaClientsThrottled', exp_alerts: [] },
          { eval_time: '30m', alertname: 'KafkaConsumerGroupLagHigh', exp_alerts: [] },
          { eval_time: '30m', alertname: 'KafkaMetricsMissing', exp_alerts: [] },
        ],
      },
    ]);
  });

  it('fires the health alerts on unavailable and under-replicated partitions', () => {
    assertRuleTests('health', [
      {
        input_series: [
          { series: 'redpanda_cluster_unavailable_partitions{job="redpanda"}', values: '0 0 3x20' },
          {
            series:
              'redpanda_kafka_under_replicated_replicas{job="redpanda",redpanda_topic="ml.jobs.requested"}',
            values: '1x20',
          },
          up,
          brokers,
        ],
        alert_rule_test: [
          {
            eval_time: '5m',
            alertname: 'KafkaPartitionsUnavailable',
            exp_alerts: [
              {
                exp_labels: { ...base, kind: 'cluster-health' },
                exp_annotations: {
                  summary: '3 partitions have no leader',
                  description:
                    'Partitions lack a quorum and a leader: their producers and consumers are stopped (stack local).',
                  runbook_url: 'docs/monitoring/alerts/cluster-health.md',
                },
              },
            ],
          },
          { eval_time: '10m', alertname: 'KafkaUnderReplicated', exp_alerts: [] },
          {
            eval_time: '16m',
            alertname: 'KafkaUnderReplicated',
            exp_alerts: [
              {
                exp_labels: { ...base, kind: 'cluster-health' },
                exp_annotations: {
                  summary: '1 replicas are behind their leader',
                  description: 'Replicas have stayed behind their leaders for 15 minutes (stack local).',
                  runbook_url: 'docs/monitoring/alerts/cluster-health.md',
                },
              },
            ],
          },
        ],
      },
    ]);
  });
});
