import { Catalog, consumerGroups } from '../../topics/catalog';
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
  description: string;
  metrics: AlarmMetric[];
  /** Metric math over the metric ids; absent for single-metric alarms. */
  expression?: string;
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
}

const CLUSTER = 'Cluster Name';

/** Every alarm of a stack: broker health (per broker where the metric is per broker) and consumer lag per group. */
export function alarmSpecs(ctx: AlarmContext, catalog: Catalog): AlarmSpec[] {
  const t = ctx.thresholds;
  const specs: AlarmSpec[] = [];
  const brokers = Array.from({ length: ctx.kind === 'serverless' ? 0 : ctx.brokerCount }, (_, i) =>
    String(i + 1),
  );
  const perBroker = (b: string) => ({ [CLUSTER]: ctx.clusterName, 'Broker ID': b });

  for (const b of brokers) {
    specs.push({
      key: `cpu-broker-${b}`,
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
  for (const g of consumerGroups(catalog)) {
    const metrics: AlarmMetric[] = g.topics.map((topic, i) => ({
      id: `lag${i}`,
      metricName: 'MaxOffsetLag',
      dimensions: { [CLUSTER]: ctx.clusterName, 'Consumer Group': g.group, Topic: topic },
      stat: 'Maximum',
    }));
    specs.push({
      key: `consumer-lag-${g.group}`,
      description:
        `Consumer group ${g.group} (${g.services.join(', ')}) is more than ${t.consumerLagMessages} messages ` +
        `behind on ${g.topics.join(', ')} for ${t.consumerLagMinutes} minutes.`,
      metrics,
      ...(metrics.length > 1 ? { expression: `MAX([${metrics.map((m) => m.id).join(', ')}])` } : {}),
      comparison: 'GreaterThanThreshold',
      threshold: t.consumerLagMessages,
      period: 60,
      evaluationPeriods: t.consumerLagMinutes,
      // MSK emits lag only while a group is stable or empty; no data is not an incident.
      treatMissingData: 'notBreaching',
    });
  }
  return specs;
}
