/**
 * Every backend maps the one monitoring definition to its platform, under the mock runtime (the
 * real program, `npm run plan`'s path): an alert for every consumer group's lag and every topic's
 * throughput (where the platform has a capacity to compare with), the catalog's thresholds over the
 * defaults, and a dashboard with the four rows in order that names every topic and group.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PromRule as Rule } from '../../../monitoring/prometheus/rules';
import { ROW_TITLES, ROWS } from '../../../monitoring/rows';
import { Plan } from '../../../plan/plan';
import { planWith, resourcesOfType, withDocuments, writeCatalog } from '../../harness/plan';
import { GROUPS, MONITORED_CATALOG, TOPICS } from './catalogs';

const CATALOG = writeCatalog(MONITORED_CATALOG);

function exampleConfig(file: string): Record<string, unknown> {
  const { config } = parse(fs.readFileSync(file, 'utf8')) as { config: Record<string, unknown> };
  return { ...config, 'kafka:catalog': CATALOG, 'kafka:kubernetes': { enabled: false } };
}

/** The four row titles appear in `text`, in ROWS order. */
function assertRowsInOrder(text: string): void {
  const at = ROWS.map((row) => text.indexOf(ROW_TITLES[row]));
  assert.ok(
    at.every((i) => i >= 0),
    `every row title is on the dashboard: ${ROWS.map((r) => ROW_TITLES[r]).join(', ')}`,
  );
  assert.deepEqual(
    at,
    [...at].sort((a, b) => a - b),
    'rows in the order health, throughput, lag, errors',
  );
}

function assertNamesAll(text: string, names: readonly string[]): void {
  for (const name of names) assert.ok(text.includes(name), `the dashboard names ${name}`);
}

const README = fs.readFileSync('docs/monitoring/README.md', 'utf8');

/** What the plan says a backend cannot watch is in the docs' table too. */
function assertUnwatchedDocumented(plan: Plan): void {
  const { unwatched } = summary(plan);
  assert.ok(unwatched.length > 0);
  for (const u of unwatched)
    assert.ok(
      new RegExp(`\\|\\s*${u.what.replace(/[()]/g, '\\$&')}\\s*\\|`).test(README),
      `docs/monitoring/README.md lists "${u.what}"`,
    );
}

function summary(plan: Plan): { dashboard: string; alerts: string[]; unwatched: { what: string }[] } {
  return plan.outputs.monitoring as never;
}

describe('MSK maps the definition to CloudWatch', () => {
  it('alarms per group and per topic, with the catalog’s thresholds, and a dashboard naming them all', async () => {
    const plan = await planWith(exampleConfig('Pulumi.dev.yaml'), 'dev');
    const alarms = Object.fromEntries(
      resourcesOfType(plan, 'aws:cloudwatch/metricAlarm:MetricAlarm').map((a) => [
        String(a.inputs.name),
        a.inputs,
      ]),
    );
    for (const g of GROUPS) assert.ok(alarms[`kafka-dev-consumer-lag-${g}`], `lag alarm for ${g}`);
    for (const t of TOPICS) {
      for (const d of ['in', 'out'])
        assert.ok(alarms[`kafka-dev-topic-bytes-${d}-${t}`], `bytes ${d} alarm for ${t}`);
    }
    // Pulumi.dev.yaml sets kafka:monitoring.consumerLagMessages 50000; the catalog gives nightly its own.
    assert.equal(alarms['kafka-dev-consumer-lag-api']!.threshold, 50000);
    assert.equal(alarms['kafka-dev-consumer-lag-api']!.evaluationPeriods, 15);
    assert.equal(alarms['kafka-dev-consumer-lag-nightly']!.threshold, 1000000);
    assert.equal(alarms['kafka-dev-consumer-lag-nightly']!.evaluationPeriods, 60);
    const ratio =
      Number(alarms['kafka-dev-topic-bytes-in-reports']!.threshold) /
      Number(alarms['kafka-dev-topic-bytes-in-jobs']!.threshold);
    assert.ok(Math.abs(ratio - 95 / 80) < 1e-6, `reports may use 95%, jobs the default 80% (ratio ${ratio})`);
    for (const a of Object.values(alarms)) {
      assert.match(String(a.alarmDescription), /Runbook: docs\/monitoring\/alerts\/[a-z-]+\.md$/);
    }

    const [dashboard] = resourcesOfType(plan, 'aws:cloudwatch/dashboard:Dashboard');
    const body = String(dashboard!.inputs.dashboardBody);
    assertRowsInOrder(body);
    assertNamesAll(body, [...TOPICS, ...GROUPS]);
    assert.equal(summary(plan).dashboard, 'CloudWatch dashboard kafka-dev-kafka-dev-eu-west-1 (eu-west-1)');
    assert.ok(summary(plan).unwatched.some((u) => u.what === 'authentication failures'));
    assertUnwatchedDocumented(plan);
  });
});

describe('kafka:monitoring.enabled: false', () => {
  it('registers no dashboard and only the backend’s health alarms', async () => {
    const plan = await planWith(
      { ...exampleConfig('Pulumi.dev.yaml'), 'kafka:monitoring': { enabled: false } },
      'dev',
    );
    assert.equal(resourcesOfType(plan, 'aws:cloudwatch/dashboard:Dashboard').length, 0);
    const names = resourcesOfType(plan, 'aws:cloudwatch/metricAlarm:MetricAlarm').map((a) =>
      String(a.inputs.name),
    );
    assert.ok(names.length > 0);
    assert.ok(
      names.every((n) =>
        /-(cpu|disk|under-replicated)-broker-\d+$|-(offline-partitions|active-controller)$/.test(n),
      ),
      names.join(', '),
    );
    assert.deepEqual(plan.outputs.monitoring, { dashboard: '', alerts: [], unwatched: [] });
  });
});

describe('Event Hubs maps the definition to Azure Monitor', () => {
  it('alerts per consumed event hub and per topic, with the catalog’s thresholds, and a workbook naming them all', async () => {
    const plan = await planWith(exampleConfig('providers/eventhubs/examples/premium-entra.yaml'), 'premium');
    const alerts = Object.fromEntries(
      resourcesOfType(plan, 'azure-native:monitor:MetricAlert').map((a) => [
        String(a.inputs.ruleName),
        a.inputs,
      ]),
    );
    const ns = 'contoso-kafka-prod-weu';
    // No lag metric: a stalled-consumption alert per topic a group reads.
    for (const t of TOPICS) assert.ok(alerts[`${ns}-stalled-${t}`], `stalled alert for ${t}`);
    for (const t of TOPICS)
      for (const d of ['in', 'out']) assert.ok(alerts[`${ns}-bytes-${d}-${t}`], `${d} ${t}`);
    assert.equal(alerts[`${ns}-stalled-jobs`]!.windowSize, 'PT1H', 'nightly may lag 60 minutes');
    assert.equal(alerts[`${ns}-stalled-reports`]!.windowSize, 'PT15M', 'api: the default 15 minutes');
    const threshold = (name: string) =>
      (alerts[name]!.criteria as { allOf: { threshold: number }[] }).allOf[0]!.threshold;
    assert.equal(
      threshold(`${ns}-bytes-in-jobs`),
      20 * 1e6 * 0.8 * 60 * 15,
      '80% of 20 MB/s over 15 minutes',
    );
    assert.equal(threshold(`${ns}-bytes-in-reports`), 20 * 1e6 * 0.95 * 60 * 15, 'the catalog’s 95%');

    const [workbook] = resourcesOfType(plan, 'azure-native:applicationinsights:Workbook');
    const data = String(workbook!.inputs.serializedData);
    assertRowsInOrder(data);
    assertNamesAll(data, [...TOPICS, ...GROUPS]);
    assert.ok(summary(plan).unwatched.some((u) => u.what === 'consumer lag in messages and in time'));
    assertUnwatchedDocumented(plan);
  });
});

describe('Confluent maps the definition to Prometheus rules and a Grafana dashboard', () => {
  it('a rule per group and per topic, with the catalog’s thresholds, and a dashboard naming them all', async () => {
    const plan = await planWith(exampleConfig('providers/confluent/examples/basic.yaml'), 'basic');
    const monitoring = (withDocuments(plan).confluent as { monitoring: Record<string, string> }).monitoring;
    const rules = (parse(monitoring.prometheusRules!) as { groups: { rules: Rule[] }[] }).groups[0]!.rules;
    assertPromRules(rules, { throughput: true });
    const dashboard = monitoring.grafanaDashboard!;
    assertRowsInOrder(dashboard);
    assertNamesAll(dashboard, [...TOPICS, ...GROUPS]);
    assert.ok(summary(plan).alerts.includes('KafkaConsumerGroupLagHigh nightly'));
    assertUnwatchedDocumented(plan);
  });
});

describe('local maps the definition to Prometheus rules and a Grafana dashboard on Redpanda', () => {
  it('a rule per group with the catalog’s thresholds, throughput graphed (no capacity), a dashboard naming all', async () => {
    const plan = await planWith(exampleConfig('Pulumi.local.yaml'), 'local');
    const monitoring = (withDocuments(plan).local as { monitoring: Record<string, string> }).monitoring;
    const rules = (parse(monitoring.prometheusRules!) as { groups: { rules: Rule[] }[] }).groups[0]!.rules;
    assertPromRules(rules, { throughput: false });
    assert.ok(summary(plan).unwatched.some((u) => u.what === 'throughput against capacity'));
    assertUnwatchedDocumented(plan);
    const dashboard = monitoring.grafanaDashboard!;
    assertRowsInOrder(dashboard);
    assertNamesAll(dashboard, [...TOPICS, ...GROUPS]);
  });
});

function assertPromRules(rules: Rule[], o: { throughput: boolean }): void {
  const lag = (g: string) =>
    rules.find((r) => r.alert === 'KafkaConsumerGroupLagHigh' && r.labels.consumer_group === g);
  for (const g of GROUPS) assert.ok(lag(g), `lag rule for ${g}`);
  assert.match(lag('api')!.expr, / > 10000$/);
  assert.equal(lag('api')!.for, '15m');
  assert.match(lag('nightly')!.expr, / > 1000000$/);
  assert.equal(lag('nightly')!.for, '60m');
  const bytes = (t: string) =>
    rules.filter((r) => r.alert.startsWith('KafkaTopicBytes') && r.labels.topic === t);
  for (const t of TOPICS) assert.equal(bytes(t).length, o.throughput ? 2 : 0, `throughput rules for ${t}`);
  if (o.throughput) {
    const threshold = (t: string) => Number(/ > (\d+)$/.exec(bytes(t)[0]!.expr)![1]);
    assert.ok(Math.abs(threshold('reports') / threshold('jobs') - 95 / 80) < 1e-6);
  }
  for (const r of rules)
    assert.match(r.annotations.runbook_url ?? '', /^docs\/monitoring\/alerts\/[a-z-]+\.md$/);
}
