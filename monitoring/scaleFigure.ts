import { parse } from 'yaml';
import { confluentDialect } from '../providers/confluent/metricsDialect';
import { AZURE_CRITERIA_PER_RULE } from '../providers/eventhubs/alertLimits';
import { alertSpecs } from '../providers/eventhubs/alertSpecs';
import { hubsCapacity } from '../providers/eventhubs/capacity';
import { workbookData } from '../providers/eventhubs/workbook';
import { AlarmContext, alarmSpecs, METRICS_PER_MATH_ALARM } from '../providers/msk/alertSpecs';
import { clusterCapacity } from '../providers/msk/capacity';
import { dashboardBody } from '../providers/msk/dashboardBody';
import { DASHBOARD_WIDGETS_MAX, INSIGHTS_WINDOW_SECONDS } from '../providers/msk/monitoringLimits';
import { Catalog } from '../topics/catalog';
import { monitoringDefinition } from './definition';
import { grafanaDashboard } from './prometheus/grafana';
import { redpandaDialect } from '../providers/local/metricsDialect';
import { alertRules } from './prometheus/rules';
import { AZURE_METRIC_ALERT_RULES, CLOUDWATCH_INSIGHTS_ALARMS, defaultMonitoringSettings } from './settings';

/** The catalog the scale figure is computed for. */
export const SCALE = { topics: 1000, groups: 200, topicsPerGroup: 5 } as const;

/** 1,000 topics; 200 groups, group i reading topics 5i..5i+4 (each topic read by one group). */
export function scaleCatalog(): Catalog {
  const topics = Array.from({ length: SCALE.topics }, (_, i) => ({
    name: `topic-${String(i).padStart(4, '0')}`,
    partitions: 6,
    config: {},
  }));
  return {
    topics,
    services: Array.from({ length: SCALE.groups }, (_, g) => ({
      name: `service-${g}`,
      namespace: 'default',
      produces: [],
      consumes: topics
        .slice(g * SCALE.topicsPerGroup, (g + 1) * SCALE.topicsPerGroup)
        .map((t) => ({ topic: t.name, group: `group-${g}` })),
    })),
  };
}

interface Row {
  backend: string;
  alerts: string;
  dashboard: string;
  verdict: string;
}

const n = (x: number) => x.toLocaleString('en-US');

/** Counts each backend's alerts, rules and dashboard at SCALE, with the stack-wide defaults. */
export function scaleRows(): Row[] {
  const settings = defaultMonitoringSettings();
  const def = monitoringDefinition('scale', scaleCatalog(), settings);
  const rows: Row[] = [];

  const msk: AlarmContext = {
    clusterName: 'scale',
    brokerCount: 3,
    kind: 'standard',
    level: 'PER_BROKER',
    thresholds: {
      enabled: true,
      cpuPercent: 60,
      diskUsedPercent: 85,
      underReplicatedPartitions: 0,
      offlinePartitions: 0,
    },
    capacity: clusterCapacity({
      clusterType: 'provisioned',
      instanceType: 'kafka.m7g.large',
      brokerCount: 3,
    }),
  };
  const specs = alarmSpecs(msk, def);
  const insights = specs.filter((s) => s.query !== undefined).length;
  const body = dashboardBody(msk, def, 'eu-west-1', 'iam', () => []);
  const widgets = (JSON.parse(body) as { widgets: unknown[] }).widgets.length;
  const maxMetrics = Math.max(...specs.map((s) => s.metrics.length));
  const msgs: string[] = [];
  if (specs.length > settings.maxAlarms)
    msgs.push(`${n(specs.length)} alarms > maxAlarms ${n(settings.maxAlarms)}`);
  if (insights > CLOUDWATCH_INSIGHTS_ALARMS)
    msgs.push(
      `${n(insights)} Insights alarms > the account's default ${CLOUDWATCH_INSIGHTS_ALARMS} per Region (quota increase and maxInsightsAlarms needed)`,
    );
  rows.push({
    backend: 'MSK (3 standard brokers, PER_BROKER)',
    alerts: `${n(specs.length)} CloudWatch alarms, of which ${n(insights)} Metrics Insights; at most ${maxMetrics} metrics per math alarm (limit ${METRICS_PER_MATH_ALARM}); Insights windows ≤ ${INSIGHTS_WINDOW_SECONDS / 60} min`,
    dashboard: `1 dashboard, ${widgets} widgets (limit ${DASHBOARD_WIDGETS_MAX}), ${n(body.length)} bytes`,
    verdict: msgs.length ? `**refused before up**: ${msgs.join('; ')}` : 'within limits',
  });

  const eh = alertSpecs(
    {
      enabled: true,
      serverErrors: 0,
      throttledRequests: 0,
      quotaExceededErrors: 0,
      emails: [],
      actionGroupIds: [],
    },
    def,
    hubsCapacity({ tier: 'Premium', capacity: 4, ingressMBps: 40 }),
  );
  const items = (JSON.parse(workbookData(def, '/subscriptions/x')) as { items: unknown[] }).items.length;
  const ehMsgs: string[] = [];
  if (eh.length > settings.maxAlarms)
    ehMsgs.push(`${n(eh.length)} rules > maxAlarms ${n(settings.maxAlarms)}`);
  if (eh.length > AZURE_METRIC_ALERT_RULES) ehMsgs.push(`> ${n(AZURE_METRIC_ALERT_RULES)} per subscription`);
  rows.push({
    backend: 'Event Hubs (Premium, ingressMBps 40)',
    alerts: `${n(eh.length)} metric alert rules (subscription limit ${n(AZURE_METRIC_ALERT_RULES)}); at most ${Math.max(...eh.map((s) => s.conditions.length))} conditions per rule (limit ${AZURE_CRITERIA_PER_RULE})`,
    dashboard: `1 workbook, ${items} items`,
    verdict: ehMsgs.length ? `**refused before up**: ${ehMsgs.join('; ')}` : 'within limits',
  });

  for (const [name, dialect] of [
    ['Confluent (Standard)', confluentDialect({ job: 'confluent-cloud-scale', clusterType: 'standard' })],
    ['local (Redpanda)', redpandaDialect('redpanda', def.errors)],
  ] as const) {
    const rules = (parse(alertRules(def, dialect)) as { groups: { rules: unknown[] }[] }).groups[0]!.rules
      .length;
    const panels = (JSON.parse(grafanaDashboard(def, dialect, 'scale')) as { panels: unknown[] }).panels
      .length;
    rows.push({
      backend: name,
      alerts: `${n(rules)} Prometheus rules in one group`,
      dashboard: `1 Grafana dashboard, ${panels} panels`,
      verdict:
        'within limits (Prometheus documents no rule-count limit; evaluation cost grows with the rules)',
    });
  }
  return rows;
}

/** docs/monitoring/scale.md (before Prettier). */
export function scaleDoc(): string {
  const rows = scaleRows();
  return [
    '# Monitoring at scale',
    '',
    '<!-- Generated by `npm run monitoring:scale` from the alert and dashboard builders; a test fails when it is stale. -->',
    '',
    `What one stack registers for a catalog of ${n(SCALE.topics)} topics and ${SCALE.groups} consumer groups`,
    `(each group reading ${SCALE.topicsPerGroup} topics), with every \`kafka:monitoring\` key at its default, and whether`,
    'the validation before `up` accepts it. Each limit is cited where it is checked',
    '(`providers/msk/monitoringLimits.ts`, `providers/eventhubs/alertLimits.ts`, `monitoring/settings.ts`).',
    '',
    '| Backend | Alerts | Dashboard | Before `up` |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.backend} | ${r.alerts} | ${r.dashboard} | ${r.verdict} |`),
    '',
    'What to do at this size: on MSK raise the Metrics Insights alarm quota of the account and Region',
    '(Service Quotas) and `kafka:monitoring.maxInsightsAlarms`, and `kafka:monitoring.maxAlarms`, or turn',
    'per-topic throughput alarms into graphs by setting `kafka:monitoring.enabled` to false for small',
    'stacks that share the Region; on Event Hubs raise `kafka:monitoring.maxAlarms` within the',
    "subscription's 5,000 rules (the namespace's own event-hub limit per tier is checked separately).",
    '',
  ].join('\n');
}
