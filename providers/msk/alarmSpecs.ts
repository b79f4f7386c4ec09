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

const CLUSTER = 'Cluster Name';

/**
 * Every alarm of a stack: broker health (per broker where the metric is per broker) and, from the
 * monitoring definition, throughput per topic, lag per group and throttling.
 */
export function alarmSpecs(ctx: AlarmContext, def: MonitoringDefinition | undefined): AlarmSpec[] {
  return [...healthSpecs(ctx), ...(def ? definitionSpecs(ctx, def) : [])].map((spec) =>
    def ? { ...spec, description: `${spec.description} Runbook: ${runbook(def, spec.kind)}` } : spec,
  );
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
      treatMissingData: 'breaching',
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
  for (const g of def.groups) {
    const metrics = (metricName: string, prefix: string): AlarmMetric[] =>
      g.topics.map((topic, i) => ({
        id: `${prefix}${i}`,
        metricName,
        dimensions: { [CLUSTER]: ctx.clusterName, 'Consumer Group': g.group, Topic: topic },
        stat: 'Maximum',
      }));
    const lag = (
      key: string,
      kind: AlertKind,
      m: AlarmMetric[],
      threshold: number,
      what: string,
    ): AlarmSpec => ({
      key,
      kind,
      description: `Consumer group ${g.group} (${g.services.join(', ')}) is more than ${what} behind on ${g.topics.join(', ')} for ${g.lagMinutes} minutes.`,
      metrics: m,
      ...(m.length > 1 ? { expression: `MAX([${m.map((x) => x.id).join(', ')}])` } : {}),
      comparison: 'GreaterThanThreshold',
      threshold,
      period: 60,
      evaluationPeriods: g.lagMinutes,
      // MSK emits lag only while a group is stable or empty; no data is not an incident.
      treatMissingData: 'notBreaching',
    });
    specs.push(
      lag(
        `consumer-lag-${g.group}`,
        'consumer-lag',
        metrics('MaxOffsetLag', 'lag'),
        g.lagMessages,
        `${g.lagMessages} messages`,
      ),
      lag(
        `consumer-lag-time-${g.group}`,
        'consumer-lag-time',
        metrics('EstimatedMaxTimeLag', 'time'),
        g.lagSeconds,
        `${g.lagSeconds} seconds`,
      ),
    );
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
