import { createHash } from 'node:crypto';
import { AlertKind } from '../../monitoring/alertKinds';
import { MonitoringDefinition, runbook } from '../../monitoring/definition';
import { ClusterCapacity } from './capacity';
import { MonitoringLevel } from './limits';
import { MskAlarmSettings } from './settings';

/** One CloudWatch metric in namespace AWS/Kafka. */
export interface AlarmMetric {
  id: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
}

/**
 * A CloudWatch alarm as plain data: either one metric or metric math over several (`expression`
 * over the metrics' ids). Turned into `aws.cloudwatch.MetricAlarm` by MskAlarms.
 */
export interface AlarmSpec {
  /** Stable logical name, also the suffix of the alarm name. */
  key: string;
  /** Which runbook page explains it (docs/monitoring/alerts/<kind>.md). */
  kind: AlertKind;
  description: string;
  metrics: AlarmMetric[];
  /** Metric math over the metric ids; absent for single-metric alarms. */
  expression?: string;
  /**
   * A CloudWatch Metrics Insights query instead of metrics: sums a topic's bytes over every broker
   * without naming brokers (metric math takes at most 10 metrics per alarm).
   */
  query?: string;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  threshold: number;
  /** Seconds per datapoint. */
  period: number;
  evaluationPeriods: number;
  treatMissingData: 'missing' | 'notBreaching' | 'breaching';
}

export interface AlarmContext {
  clusterName: string;
  /** Broker ids 1..N (MSK numbers brokers from 1). */
  brokerCount: number;
  /** Serverless exposes no broker metrics; Express no disk/URP/offline metrics. */
  kind: 'standard' | 'express' | 'serverless';
  thresholds: MskAlarmSettings;
  /** Enhanced monitoring level: throttle metrics of standard brokers start at PER_BROKER. */
  level: MonitoringLevel;
  capacity: ClusterCapacity;
}

/** The cluster dimension of every AWS/Kafka metric. */
export const CLUSTER = 'Cluster Name';

/**
 * Metrics one metric-math alarm may read: "Alarms based on metric math expressions can reference a
 * maximum of 10 metrics", a hard limit (CloudWatch alarm limits,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html).
 */
export const METRICS_PER_MATH_ALARM = 10;

/** PutMetricAlarm: AlarmName 1-255 characters, AlarmDescription 0-1024 (API_PutMetricAlarm.html). */
export const ALARM_NAME_MAX = 255;
export const ALARM_DESCRIPTION_MAX = 1024;

/**
 * The consumer-lag metric names of a cluster kind. Provisioned clusters publish
 * `EstimatedMaxTimeLag` (metrics-details.html, metrics-details-express.html); the MSK Serverless
 * monitoring page names it `MaxEstimatedTimeLag` (Cluster Name, Consumer Group, Topic;
 * https://docs.aws.amazon.com/msk/latest/developerguide/serverless-monitoring.html, source
 * awsdocs/amazon-msk-developer-guide doc_source/serverless-monitoring.md). Both are AWS's estimate
 * of the time to drain MaxOffsetLag at the current consumption rate, not the oldest message's age.
 */
export function lagMetricNames(kind: AlarmContext['kind']): { messages: string; time: string } {
  return {
    messages: 'MaxOffsetLag',
    time: kind === 'serverless' ? 'MaxEstimatedTimeLag' : 'EstimatedMaxTimeLag',
  };
}

/** The alarm's name: `<prefix>-<key>`, shortened with a hash when over CloudWatch's 255 characters. */
export function alarmName(prefix: string, key: string): string {
  const name = `${prefix}-${key}`;
  if (name.length <= ALARM_NAME_MAX) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, ALARM_NAME_MAX - hash.length - 1)}-${hash}`;
}

/** `text` then `suffix`, the text cut (with …) so the whole fits in `max` characters. */
export function fitText(text: string, suffix: string, max: number): string {
  if (text.length + suffix.length <= max) return text + suffix;
  return `${text.slice(0, Math.max(0, max - suffix.length - 1))}…${suffix}`;
}

/**
 * Every alarm of a stack: broker health (per broker where the metric is per broker) and, from the
 * monitoring definition, throughput per topic, lag per group and throttling.
 */
export function alarmSpecs(ctx: AlarmContext, def: MonitoringDefinition | undefined): AlarmSpec[] {
  // A description past 1,024 characters fails PutMetricAlarm: long topic lists are cut, the
  // runbook link is kept.
  return [...healthSpecs(ctx), ...(def ? definitionSpecs(ctx, def) : [])].map((spec) => ({
    ...spec,
    description: fitText(
      spec.description,
      def ? ` Runbook: ${runbook(def, spec.kind)}` : '',
      ALARM_DESCRIPTION_MAX,
    ),
  }));
}

function healthSpecs(ctx: AlarmContext): AlarmSpec[] {
  const t = ctx.thresholds;
  const specs: AlarmSpec[] = [];
  const brokers = Array.from({ length: ctx.kind === 'serverless' ? 0 : ctx.brokerCount }, (_, i) =>
    String(i + 1),
  );
  const perBroker = (b: string) => ({ [CLUSTER]: ctx.clusterName, 'Broker ID': b });

  for (const b of brokers) {
    specs.push({
      key: `cpu-broker-${b}`,
      kind: 'cluster-health',
      description: `Broker ${b} CPU (user + system) above ${t.cpuPercent}% for 15 minutes: scale the broker size up.`,
      metrics: [
        { id: 'user', metricName: 'CpuUser', dimensions: perBroker(b), stat: 'Average' },
        { id: 'system', metricName: 'CpuSystem', dimensions: perBroker(b), stat: 'Average' },
      ],
      expression: 'user + system',
      comparison: 'GreaterThanThreshold',
      threshold: t.cpuPercent,
      period: 300,
      evaluationPeriods: 3,
      treatMissingData: 'missing',
    });
  }
  if (ctx.kind === 'standard') {
    for (const b of brokers) {
      specs.push({
        key: `disk-broker-${b}`,
        kind: 'cluster-health',
        description: `Broker ${b} data disk ${t.diskUsedPercent}% full or more: grow storage or shorten retention.`,
        metrics: [
          { id: 'disk', metricName: 'KafkaDataLogsDiskUsed', dimensions: perBroker(b), stat: 'Maximum' },
        ],
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: t.diskUsedPercent,
        period: 300,
        evaluationPeriods: 1,
        treatMissingData: 'missing',
      });
      specs.push({
        key: `under-replicated-broker-${b}`,
        kind: 'cluster-health',
        description: `Broker ${b} has under-replicated partitions for 15 minutes (expected briefly during maintenance).`,
        metrics: [
          { id: 'urp', metricName: 'UnderReplicatedPartitions', dimensions: perBroker(b), stat: 'Maximum' },
        ],
        comparison: 'GreaterThanThreshold',
        threshold: t.underReplicatedPartitions,
        period: 300,
        evaluationPeriods: 3,
        treatMissingData: 'notBreaching',
      });
    }
    specs.push({
      key: 'offline-partitions',
      kind: 'cluster-health',
      description: 'Partitions without a leader: producers and consumers of them are stopped.',
      metrics: [
        {
          id: 'offline',
          metricName: 'OfflinePartitionsCount',
          dimensions: { [CLUSTER]: ctx.clusterName },
          stat: 'Maximum',
        },
      ],
      comparison: 'GreaterThanThreshold',
      threshold: t.offlinePartitions,
      period: 60,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
    });
  }
  if (ctx.kind !== 'serverless') {
    specs.push({
      key: 'active-controller',
      kind: 'cluster-health',
      description: 'No active controller for 5 minutes: the cluster cannot change leadership or metadata.',
      metrics: [
        {
          id: 'controller',
          metricName: 'ActiveControllerCount',
          dimensions: { [CLUSTER]: ctx.clusterName },
          stat: 'Maximum',
        },
      ],
      comparison: 'LessThanThreshold',
      threshold: 1,
      period: 60,
      evaluationPeriods: 5,
      // On KRaft only controller nodes report ActiveControllerCount (KIP-1001,
      // https://cwiki.apache.org/confluence/display/KAFKA/KIP-1001:+Add+CurrentControllerId+Metric)
      // and MSK hides its controllers. MSK lists the metric at DEFAULT level with the Cluster Name
      // dimension for Standard and Express brokers (metrics-details.html,
      // metrics-details-express.html), without saying it is published for KRaft Standard
      // clusters: a reported 0 fires, an absent series leaves the alarm in INSUFFICIENT_DATA
      // instead of a permanent false alarm (`breaching` would page forever).
      treatMissingData: 'missing',
    });
  }
  return specs;
}

/** A Metrics Insights string literal. */
const sql = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Sum of a topic's (or the cluster's) bytes per second over every broker, as a Metrics Insights
 * query. Serverless has no broker dimension: its topic metrics carry Cluster Name and Topic only.
 */
export function bytesQuery(ctx: AlarmContext, direction: 'in' | 'out', topic?: string): string {
  const metric = direction === 'in' ? 'BytesInPerSec' : 'BytesOutPerSec';
  const dims = ctx.kind === 'serverless' ? `"${CLUSTER}", "Topic"` : `"Broker ID", "${CLUSTER}", "Topic"`;
  const where = [`"${CLUSTER}" = ${sql(ctx.clusterName)}`, ...(topic ? [`"Topic" = ${sql(topic)}`] : [])];
  return `SELECT SUM(${metric}) FROM SCHEMA("AWS/Kafka", ${dims}) WHERE ${where.join(' AND ')}`;
}

/** Lag per group (messages and time), throughput per topic and for the cluster, throttling. */
function definitionSpecs(ctx: AlarmContext, def: MonitoringDefinition): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  const cap = ctx.capacity;
  const watched = [{ topic: undefined, ...def.cluster }, ...def.topics];
  for (const t of watched) {
    for (const direction of ['in', 'out'] as const) {
      const limit = direction === 'in' ? cap.inBytesPerSecond : cap.outBytesPerSecond;
      const bytes = Math.round((limit * t.throughputPercent) / 100);
      const subject = t.topic === undefined ? 'The cluster' : `Topic ${t.topic}`;
      specs.push({
        key: t.topic === undefined ? `cluster-bytes-${direction}` : `topic-bytes-${direction}-${t.topic}`,
        kind: 'topic-throughput',
        description: `${subject} has moved more than ${t.throughputPercent}% of ${cap.what} ${direction} (${bytes} B/s) for ${t.throughputMinutes} minutes: clients are throttled at the limit.`,
        metrics: [],
        query: bytesQuery(ctx, direction, t.topic),
        comparison: 'GreaterThanThreshold',
        threshold: bytes,
        period: 60,
        evaluationPeriods: t.throughputMinutes,
        treatMissingData: 'notBreaching',
      });
    }
  }
  const names = lagMetricNames(ctx.kind);
  for (const g of def.groups) {
    // At most 10 metrics per metric-math alarm: a group reading more topics gets one alarm per
    // slice of 10 (all of a group's topics go silent together, so each slice sees a stall).
    const slices = Array.from({ length: Math.ceil(g.topics.length / METRICS_PER_MATH_ALARM) }, (_, i) =>
      g.topics.slice(i * METRICS_PER_MATH_ALARM, (i + 1) * METRICS_PER_MATH_ALARM),
    );
    const metrics = (topics: string[], metricName: string, prefix: string): AlarmMetric[] =>
      topics.map((topic, i) => ({
        id: `${prefix}${i}`,
        metricName,
        dimensions: { [CLUSTER]: ctx.clusterName, 'Consumer Group': g.group, Topic: topic },
        stat: 'Maximum',
      }));
    slices.forEach((topics, i) => {
      const part = slices.length > 1 ? `-${i + 1}` : '';
      const on = `${topics.join(', ')}${slices.length > 1 ? ` (topics part ${i + 1} of ${slices.length})` : ''}`;
      const who = `Consumer group ${g.group} (${g.services.join(', ')})`;
      const math = (m: AlarmMetric[]) =>
        m.length > 1 ? { expression: `MAX([${m.map((x) => x.id).join(', ')}])` } : {};
      const lagMetrics = metrics(topics, names.messages, 'lag');
      const timeMetrics = metrics(topics, names.time, 'time');
      specs.push(
        {
          key: `consumer-lag-${g.group}${part}`,
          kind: 'consumer-lag',
          description: `${who} is more than ${g.lagMessages} messages behind on ${on} for ${g.lagMinutes} minutes, or reports no lag at all that long: MSK emits lag only while a group is STABLE or EMPTY, so a group crash-looping or stuck rebalancing goes silent.`,
          metrics: lagMetrics,
          ...math(lagMetrics),
          comparison: 'GreaterThanThreshold',
          threshold: g.lagMessages,
          period: 60,
          evaluationPeriods: g.lagMinutes,
          // Consumer lag metrics are emitted only while a group is STABLE or EMPTY (Monitor
          // consumer lags, https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html):
          // no datapoints is the usual stall (crash loop, endless rebalance), so it breaches.
          treatMissingData: 'breaching',
        },
        {
          key: `consumer-lag-time-${g.group}${part}`,
          kind: 'consumer-lag-time',
          description: `${who} would need more than ${g.lagSeconds} seconds to drain its lag on ${on} at its current pace (${names.time}, AWS's estimate from ${names.messages}) for ${g.lagMinutes} minutes.`,
          metrics: timeMetrics,
          ...math(timeMetrics),
          comparison: 'GreaterThanThreshold',
          threshold: g.lagSeconds,
          period: 60,
          evaluationPeriods: g.lagMinutes,
          // Silence is already the messages alarm's breach; one page per stall is enough.
          treatMissingData: 'notBreaching',
        },
      );
    });
  }
  if (throttleMetricsExported(ctx)) {
    for (const metric of ['ProduceThrottleTime', 'FetchThrottleTime']) {
      specs.push({
        key: `throttling-${metric === 'ProduceThrottleTime' ? 'produce' : 'fetch'}`,
        kind: 'throttling',
        description: `Brokers have throttled clients (${metric} above 0 ms) for ${def.errors.throttlingMinutes} minutes: a quota or the brokers' capacity is exhausted.`,
        metrics: [],
        query: `SELECT MAX(${metric}) FROM SCHEMA("AWS/Kafka", "Broker ID", "${CLUSTER}") WHERE "${CLUSTER}" = ${sql(ctx.clusterName)}`,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        period: 60,
        evaluationPeriods: def.errors.throttlingMinutes,
        treatMissingData: 'notBreaching',
      });
    }
  }
  return specs;
}

/**
 * ProduceThrottleTime and FetchThrottleTime: DEFAULT level on Express brokers
 * (metrics-details-express), PER_BROKER and up on standard brokers (metrics-details); Serverless
 * exports neither.
 */
export function throttleMetricsExported(ctx: Pick<AlarmContext, 'kind' | 'level'>): boolean {
  if (ctx.kind === 'serverless') return false;
  return ctx.kind === 'express' || ctx.level !== 'DEFAULT';
}
