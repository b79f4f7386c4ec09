import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { alarmName, AlarmSpec } from './alertSpecs';

export interface MskAlarmsArgs {
  /** Alarm name prefix, usually the cluster name. */
  prefix: string;
  /** What to watch (pure data from alertSpecs.ts). */
  specs: AlarmSpec[];
  /** Optional email subscribed to the alarm topic; AWS sends a confirmation mail first. */
  email?: string;
}

/** CloudWatch alarms for the cluster and every consumer group, notifying one SNS topic. */
export class MskAlarms extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: MskAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:msk:Alarms', name, {}, opts);
    const topic = new aws.sns.Topic(
      `${name}-notify`,
      { displayName: `Kafka alarms ${args.prefix}` },
      { parent: this },
    );
    if (args.email) {
      new aws.sns.TopicSubscription(
        `${name}-email`,
        { topic: topic.arn, protocol: 'email', endpoint: args.email },
        { parent: this },
      );
    }
    for (const spec of args.specs) {
      const single =
        spec.query === undefined && spec.expression === undefined && spec.metrics.length === 1
          ? spec.metrics[0]
          : undefined;
      const queries = spec.query
        ? [{ id: 'q', expression: spec.query, period: spec.period, returnData: true }]
        : [
            ...spec.metrics.map((m) => ({
              id: m.id,
              returnData: false,
              metric: {
                namespace: 'AWS/Kafka',
                metricName: m.metricName,
                dimensions: m.dimensions,
                stat: m.stat,
                period: spec.period,
              },
            })),
            { id: 'alarm', expression: spec.expression ?? spec.metrics[0]!.id, returnData: true },
          ];
      new aws.cloudwatch.MetricAlarm(
        `${name}-${spec.key}`,
        {
          name: alarmName(args.prefix, spec.key),
          alarmDescription: spec.description,
          comparisonOperator: spec.comparison,
          threshold: spec.threshold,
          evaluationPeriods: spec.evaluationPeriods,
          treatMissingData: spec.treatMissingData,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          ...(single
            ? {
                namespace: 'AWS/Kafka',
                metricName: single.metricName,
                dimensions: single.dimensions,
                statistic: single.stat,
                period: spec.period,
              }
            : { metricQueries: queries }),
        },
        { parent: this },
      );
    }
    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: topic.arn });
  }
}
