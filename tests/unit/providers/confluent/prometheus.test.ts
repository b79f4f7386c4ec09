/**
 * The Prometheus configuration the Confluent backend outputs, checked by the real promtool
 * (Debian's prometheus package): the rules and scrape job parse, and the alerts fire exactly when
 * they should on synthetic series (promtool's rule unit tests).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { Plan } from '../../../../plan/plan';
import { assertRuleTests as assertRules, promtool as runPromtool } from '../../../harness/promtool';
import { basicWith, synthesize } from './stacks';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-promtool-'));
after(() => fs.rmSync(DIR, { recursive: true, force: true }));

const promtool = (args: string[]) => runPromtool(args, DIR);

function write(name: string, text: string): string {
  const file = path.join(DIR, name);
  fs.writeFileSync(file, text);
  return file;
}

interface Monitoring {
  prometheusRules: string;
  prometheusScrapeConfig: pulumi.Output<string>;
}

async function monitoringOf(
  config: Record<string, unknown>,
  stack = 'test',
): Promise<{ plan: Plan; live: Monitoring }> {
  const { plan, synthesis } = await synthesize(config, stack);
  const live = (synthesis.platform.backend.outputs as { monitoring: Monitoring }).monitoring;
  return { plan, live };
}

const JOB = 'confluent-cloud-kafka-test';

/** One promtool rule unit test: series sampled every minute, alerts expected at given times. */
interface RuleCase {
  input_series: { series: string; values: string }[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: unknown[] }[];
}

/** Runs promtool's rule unit tests of `cases` against the basic example's rules; asserts they pass. */
function assertRuleTests(name: string, cases: RuleCase[]): void {
  assertRules(DIR, 'basic.rules.yml', name, cases);
}

describe('Prometheus configuration under promtool', () => {
  let rules: string;
  let scrape: string;
  before(async () => {
    const { live } = await monitoringOf(basicWith());
    rules = live.prometheusRules;
    scrape = await new Promise<string>((resolve) => live.prometheusScrapeConfig.apply(resolve));
  });

  it('the rules pass promtool check rules, for both example stacks', async () => {
    const dedicated = (
      await monitoringOf(
        (
          parse(fs.readFileSync('providers/confluent/examples/dedicated.yaml', 'utf8')) as {
            config: Record<string, unknown>;
          }
        ).config,
        'dedicated',
      )
    ).live.prometheusRules;
    for (const [name, text] of [
      ['basic.rules.yml', rules],
      ['dedicated.rules.yml', dedicated],
    ] as const) {
      const run = promtool(['check', 'rules', write(name, text)]);
      assert.equal(run.status, 0, run.output);
      // Throughput of the cluster and of 3 topics (in and out), lag of 2 groups, the scrape.
      assert.match(run.output, /SUCCESS: 11 rules found/);
    }
  });

  it('the scrape job passes promtool check config', () => {
    const run = promtool(['check', 'config', write('prometheus.yml', scrape)]);
    assert.equal(run.status, 0, run.output);
    const job = (parse(scrape) as { scrape_configs: Record<string, unknown>[] }).scrape_configs[0]!;
    assert.equal(job.job_name, JOB);
    assert.equal(job.metrics_path, '/v2/metrics/cloud/export');
    assert.deepEqual(job.static_configs, [{ targets: ['api.telemetry.confluent.cloud'] }]);
  });

  it('fires the lag alert on the worst partition over its threshold, for the slow group among healthy ones', () => {
    // Shaped like the Metrics API export: one series per partition of consumer_lag_offsets
    // (api.telemetry.confluent.cloud/docs/descriptors/datasets/cloud, io.confluent.kafka.server/consumer_lag_offsets).
    const lag = (topic: string, partition: number, group: string, value: number) => ({
      series: `confluent_kafka_server_consumer_lag_offsets{job="${JOB}",kafka_id="lkc-1",topic="${topic}",partition="${partition}",consumer_group_id="${group}"}`,
      values: `${value}x40`,
    });
    const descriptionOf = (group: string) =>
      (
        parse(rules) as {
          groups: { rules: { labels: Record<string, string>; annotations: { description: string } }[] }[];
        }
      ).groups[0]!.rules.find((r) => r.labels.consumer_group === group)!.annotations.description;
    assertRuleTests('lag', [
      {
        input_series: [
          // Healthy: 6 partitions 3000 behind each. Their sum (18000) is over 10000, no partition is.
          ...[0, 1, 2].map((p) => lag('ml.jobs.completed', p, 'backend-api', 3000)),
          ...[0, 1, 2].map((p) => lag('ml.jobs.failed', p, 'backend-api', 3000)),
          // Slow: one partition 12000 behind, the others keep up.
          lag('ml.jobs.requested', 0, 'ml-service', 12000),
          lag('ml.jobs.requested', 1, 'ml-service', 0),
          // Not a catalog group: no rule watches it.
          lag('ml.jobs.requested', 0, 'someone-else', 999999),
          { series: `up{job="${JOB}",instance="api.telemetry.confluent.cloud:443"}`, values: '1x40' },
          { series: `confluent_kafka_server_partition_count{job="${JOB}",kafka_id="lkc-1"}`, values: '9x40' },
        ],
        alert_rule_test: [
          { eval_time: '14m', alertname: 'KafkaConsumerGroupLagHigh', exp_alerts: [] },
          {
            eval_time: '16m',
            alertname: 'KafkaConsumerGroupLagHigh',
            exp_alerts: [
              {
                exp_labels: {
                  consumer_group_id: 'ml-service',
                  consumer_group: 'ml-service',
                  severity: 'warning',
                  stack: 'test',
                  backend: 'confluent',
                  kind: 'consumer-lag',
                },
                exp_annotations: {
                  summary: 'Consumer group ml-service is 12k messages behind',
                  description: descriptionOf('ml-service'),
                  runbook_url: 'docs/monitoring/alerts/consumer-lag.md',
                },
              },
            ],
          },
          { eval_time: '30m', alertname: 'KafkaMetricsMissing', exp_alerts: [] },
        ],
      },
    ]);
  });

  it('fires the lag alert for a crash-looping group: its committed offsets stop while its topic fills', () => {
    // A group that crash-loops commits nothing; the export keeps computing lag from its last
    // committed offsets, so the per-partition lag grows with every message produced.
    const series = `confluent_kafka_server_consumer_lag_offsets{job="${JOB}",kafka_id="lkc-1",topic="ml.jobs.requested",partition="0",consumer_group_id="ml-service"}`;
    assertRuleTests('crash-loop', [
      {
        input_series: [
          { series, values: '0+1000x40' },
          { series: `up{job="${JOB}",instance="x"}`, values: '1x40' },
          { series: `confluent_kafka_server_partition_count{job="${JOB}",kafka_id="lkc-1"}`, values: '9x40' },
        ],
        alert_rule_test: [
          // Over 10000 from minute 11; the alert needs 15 more minutes.
          { eval_time: '20m', alertname: 'KafkaConsumerGroupLagHigh', exp_alerts: [] },
          {
            eval_time: '27m',
            alertname: 'KafkaConsumerGroupLagHigh',
            exp_alerts: [
              {
                exp_labels: {
                  consumer_group_id: 'ml-service',
                  consumer_group: 'ml-service',
                  severity: 'warning',
                  stack: 'test',
                  backend: 'confluent',
                  kind: 'consumer-lag',
                },
                exp_annotations: {
                  summary: 'Consumer group ml-service is 27k messages behind',
                  description:
                    'The group of ml-service has lagged more than 10000 messages on ml.jobs.requested for 15 minutes (stack test).',
                  runbook_url: 'docs/monitoring/alerts/consumer-lag.md',
                },
              },
            ],
          },
        ],
      },
    ]);
  });

  it('fires the throughput alerts above their share of the Basic cluster’s 250 MB/s ingress, not below', () => {
    // Samples are bytes per one-minute interval: 90% of 250 MB/s is 13.5e9 bytes a minute, 50% is 7.5e9.
    const capacity = "the basic cluster's 250 MB/s in, 750 MB/s out";
    const labels = { severity: 'warning', stack: 'test', backend: 'confluent', kind: 'topic-throughput' };
    const runbook_url = 'docs/monitoring/alerts/topic-throughput.md';
    assertRuleTests('throughput', [
      {
        input_series: [
          {
            series: `confluent_kafka_server_received_bytes{job="${JOB}",kafka_id="lkc-1",topic="ml.jobs.requested"}`,
            values: '13500000000x40',
          },
          {
            series: `confluent_kafka_server_sent_bytes{job="${JOB}",kafka_id="lkc-1",topic="ml.jobs.requested"}`,
            values: '7500000000x40',
          },
          { series: `up{job="${JOB}",instance="x"}`, values: '1x40' },
        ],
        alert_rule_test: [
          { eval_time: '14m', alertname: 'KafkaClusterBytesInHigh', exp_alerts: [] },
          {
            eval_time: '20m',
            alertname: 'KafkaClusterBytesInHigh',
            exp_alerts: [
              {
                exp_labels: labels,
                exp_annotations: {
                  summary: `The cluster moves 225MB/s in, over 80% of ${capacity}`,
                  description: `Bytes in of the cluster have stayed above 80% of ${capacity} (200000000 B/s) for 15 minutes; at the limit clients are throttled (stack test).`,
                  runbook_url,
                },
              },
            ],
          },
          {
            eval_time: '20m',
            alertname: 'KafkaTopicBytesInHigh',
            exp_alerts: [
              {
                exp_labels: { ...labels, topic: 'ml.jobs.requested' },
                exp_annotations: {
                  summary: `Topic ml.jobs.requested moves 225MB/s in, over 80% of ${capacity}`,
                  description: `Bytes in of topic ml.jobs.requested have stayed above 80% of ${capacity} (200000000 B/s) for 15 minutes; at the limit clients are throttled (stack test).`,
                  runbook_url,
                },
              },
            ],
          },
          // 125 MB/s out is far below 80% of 750 MB/s.
          { eval_time: '20m', alertname: 'KafkaClusterBytesOutHigh', exp_alerts: [] },
          { eval_time: '20m', alertname: 'KafkaTopicBytesOutHigh', exp_alerts: [] },
        ],
      },
    ]);
  });

  it('fires the metrics-missing alert when the scrape fails, when the job is missing and when the export is empty', () => {
    const annotations = {
      summary: `Prometheus gets no metrics from ${JOB}`,
      description: `The scrape job ${JOB} is down, absent or returns no confluent_kafka_server_partition_count: lag, throughput and error alerts cannot fire (stack test).`,
      runbook_url: 'docs/monitoring/alerts/metrics-missing.md',
    };
    const labels = { severity: 'warning', stack: 'test', backend: 'confluent', kind: 'metrics-missing' };
    assertRuleTests('export', [
      {
        input_series: [{ series: `up{job="${JOB}",instance="x"}`, values: '0x20' }],
        alert_rule_test: [
          {
            eval_time: '11m',
            alertname: 'KafkaMetricsMissing',
            exp_alerts: [
              { exp_labels: { ...labels, job: JOB, instance: 'x' }, exp_annotations: annotations },
            ],
          },
        ],
      },
      {
        input_series: [{ series: 'up{job="some-other-job",instance="x"}', values: '1x20' }],
        alert_rule_test: [
          {
            eval_time: '11m',
            alertname: 'KafkaMetricsMissing',
            exp_alerts: [{ exp_labels: { ...labels, job: JOB }, exp_annotations: annotations }],
          },
        ],
      },
      {
        // The export answers (up 1) but is empty, e.g. the API key lost MetricsViewer: every
        // other rule would stay silent.
        input_series: [{ series: `up{job="${JOB}",instance="x"}`, values: '1x20' }],
        alert_rule_test: [
          {
            eval_time: '11m',
            alertname: 'KafkaMetricsMissing',
            exp_alerts: [{ exp_labels: { ...labels, job: JOB }, exp_annotations: annotations }],
          },
        ],
      },
    ]);
  });
});
