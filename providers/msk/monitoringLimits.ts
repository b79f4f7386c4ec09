import { Problem } from '../../config/problems';
import { CoreSettings } from '../../config/stackSettings';
import { monitoringDefinition } from '../../monitoring/definition';
import { MonitoringSettings } from '../../monitoring/settings';
import { Catalog } from '../../topics/catalog';
import { CatalogLocator } from '../../topics/parseCatalog';
import { mskAlarmContext } from './alertContext';
import {
  ALARM_DESCRIPTION_MAX,
  ALARM_NAME_MAX,
  alarmName,
  AlarmSpec,
  alarmSpecs,
  METRICS_PER_MATH_ALARM,
} from './alertSpecs';
import { dashboardBody } from './dashboardBody';
import { MskSettings } from './settings';

/**
 * Metrics Insights alarms: "Only the latest 3 hours of data can be used for evaluating the alarm's
 * conditions" (CloudWatch alarm limits,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html).
 */
export const INSIGHTS_WINDOW_SECONDS = 3 * 3600;

/**
 * Any alarm: "EvaluationPeriods ... multiplied by Period cannot be more than 86,400 seconds" for
 * periods under an hour (PutMetricAlarm,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 */
export const ALARM_WINDOW_SECONDS = 86_400;

/**
 * A dashboard body holds "between 0 and 500 widget objects"; a graph draws at most 500 metrics
 * (Dashboard Body Structure and Syntax,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
export const DASHBOARD_WIDGETS_MAX = 500;
export const METRICS_PER_WIDGET_MAX = 500;

/** Counts of what the stack registers, for messages and for the scale figure. */
export interface MskMonitoringCount {
  alarms: number;
  insightsAlarms: number;
  widgets: number;
}

/** What the specs and the dashboard body of a stack add up to. */
export function countMskMonitoring(specs: AlarmSpec[], body: string | undefined): MskMonitoringCount {
  const widgets = body ? (JSON.parse(body) as { widgets: unknown[] }).widgets.length : 0;
  return {
    alarms: specs.length,
    insightsAlarms: specs.filter((s) => s.query !== undefined).length,
    widgets,
  };
}

/**
 * Every documented CloudWatch limit the stack's alarms and dashboard would break, found before
 * any resource exists, each naming the setting or catalog entry to change. Pure.
 */
export function mskMonitoringProblems(
  s: MskSettings,
  catalog: Catalog,
  core: CoreSettings & { monitoring: MonitoringSettings },
  locate: CatalogLocator,
): Problem[] {
  const m = core.monitoring;
  const ctx = mskAlarmContext(s);
  const def = m.enabled ? monitoringDefinition(core.stack, catalog, m) : undefined;
  const specs = s.alarms.enabled ? alarmSpecs(ctx, def) : [];
  const body = def ? dashboardBody(ctx, def, s.region, s.authMode, () => []) : undefined;
  const count = countMskMonitoring(specs, body);
  const problems: Problem[] = [];
  const perTopic = def ? 2 : 0;

  if (count.alarms > m.maxAlarms) {
    problems.push({
      where: 'kafka:monitoring.maxAlarms',
      message: `this stack would register ${count.alarms} CloudWatch alarms (${perTopic} per topic, 2 per consumer group and 10 topics it reads, plus the brokers' own), more than its share ${m.maxAlarms}: raise it if the account has room, or set kafka:monitoring.enabled false`,
    });
  }
  if (count.insightsAlarms > m.maxInsightsAlarms) {
    problems.push({
      where: 'kafka:monitoring.maxInsightsAlarms',
      message: `this stack would register ${count.insightsAlarms} Metrics Insights alarms (2 per catalog topic, 2 for the cluster, 2 for throttling where exported), more than its share ${m.maxInsightsAlarms} of the account's per-Region quota (default 200, shared by every stack in the Region): raise the quota in Service Quotas and this setting, or watch fewer topics`,
    });
  }

  // Insights alarms see 3 hours: a longer "for N minutes" never completes.
  const insightsMinutes = INSIGHTS_WINDOW_SECONDS / 60;
  if (def && s.alarms.enabled) {
    catalog.topics.forEach((t, i) => {
      const own = t.monitoring?.throughputMinutes;
      if (own !== undefined && own > insightsMinutes) {
        problems.push({
          where: locate(['topics', i, 'monitoring', 'throughputMinutes']),
          message: `${own} minutes is longer than the ${insightsMinutes} minutes of data a CloudWatch Metrics Insights alarm evaluates (MSK throughput alarms): at most ${insightsMinutes}`,
        });
      }
    });
    // The stack's own value: the cluster's alarms and every topic without an override.
    if (m.throughputMinutes > insightsMinutes) {
      problems.push({
        where: 'kafka:monitoring.throughputMinutes',
        message: `${m.throughputMinutes} minutes is longer than the ${insightsMinutes} minutes of data a CloudWatch Metrics Insights alarm evaluates (MSK throughput alarms): at most ${insightsMinutes}`,
      });
    }
    if (specs.some((x) => x.kind === 'throttling') && m.throttlingMinutes > insightsMinutes) {
      problems.push({
        where: 'kafka:monitoring.throttlingMinutes',
        message: `${m.throttlingMinutes} minutes is longer than the ${insightsMinutes} minutes of data a CloudWatch Metrics Insights alarm evaluates (MSK throttling alarms): at most ${insightsMinutes}`,
      });
    }
  }

  // Guards on what alarmSpecs builds: each names the alarm, should the builder ever regress.
  for (const spec of specs) {
    const name = alarmName(s.clusterName, spec.key);
    if (spec.period * spec.evaluationPeriods > ALARM_WINDOW_SECONDS) {
      problems.push({
        where: `alarm ${name}`,
        message: `evaluates ${(spec.period * spec.evaluationPeriods) / 60} minutes, more than CloudWatch's ${ALARM_WINDOW_SECONDS / 60} (one day)`,
      });
    }
    if (spec.metrics.length > METRICS_PER_MATH_ALARM) {
      problems.push({
        where: `alarm ${name}`,
        message: `reads ${spec.metrics.length} metrics; a metric-math alarm may read at most ${METRICS_PER_MATH_ALARM}`,
      });
    }
    if (spec.description.length > ALARM_DESCRIPTION_MAX || name.length > ALARM_NAME_MAX) {
      problems.push({
        where: `alarm ${name}`,
        message: `name or description longer than CloudWatch allows (${ALARM_NAME_MAX}, ${ALARM_DESCRIPTION_MAX} characters)`,
      });
    }
  }
  if (body) {
    const widgets = (JSON.parse(body) as { widgets: { properties: { metrics?: unknown[] } }[] }).widgets;
    if (widgets.length > DASHBOARD_WIDGETS_MAX) {
      problems.push({
        where: 'kafka:monitoring.enabled',
        message: `the dashboard would have ${widgets.length} widgets, more than CloudWatch's ${DASHBOARD_WIDGETS_MAX}`,
      });
    }
    const crowded = widgets.find((w) => (w.properties.metrics?.length ?? 0) > METRICS_PER_WIDGET_MAX);
    if (crowded) {
      problems.push({
        where: 'kafka:msk.brokerCount',
        message: `a dashboard graph would draw ${crowded.properties.metrics!.length} metrics, more than CloudWatch's ${METRICS_PER_WIDGET_MAX}`,
      });
    }
  }
  return problems;
}
