import { Unwatched } from '../../monitoring/coverage';
import { AlarmContext, throttleMetricsExported } from './alertSpecs';

/** What MSK's CloudWatch metrics cannot watch for this cluster, and what to use instead. */
export function mskUnwatched(ctx: Pick<AlarmContext, 'kind' | 'level'>, alarmsEnabled: boolean): Unwatched[] {
  return [
    ...(ctx.kind === 'serverless'
      ? [
          {
            row: 'health' as const,
            what: 'broker health',
            why: 'MSK Serverless exports no broker metrics; AWS operates the brokers.',
          },
        ]
      : []),
    ...(!alarmsEnabled
      ? [
          {
            row: 'health' as const,
            what: 'every alarm',
            why: 'kafka:msk.alarms.enabled is false: the dashboard is registered, no alarm is.',
          },
        ]
      : []),
    {
      row: 'throughput',
      what: 'size per topic',
      why: 'CloudWatch has no per-topic size for MSK; disk use per broker (KafkaDataLogsDiskUsed) is on the health row and its alarm.',
    },
    {
      row: 'errors',
      what: 'authentication failures',
      why: 'CloudWatch has no failed-authentication metric for MSK; IAM connection limits show as IAMTooManyConnections on the dashboard, failed logins in the broker logs (CloudWatch Logs).',
    },
    {
      row: 'errors',
      what: 'failed requests',
      why: 'CloudWatch has no request-error metric for MSK; Kafka’s ErrorsPerSec is only on open monitoring (Prometheus JMX exporter, port 11001), which this stack does not run.',
    },
    ...(throttleMetricsExported(ctx)
      ? []
      : [
          {
            row: 'errors' as const,
            what: 'throttling',
            why:
              ctx.kind === 'serverless'
                ? 'MSK Serverless exports no throttle metric; its throughput alarms fire before its quota throttles.'
                : 'ProduceThrottleTime and FetchThrottleTime start at enhanced monitoring PER_BROKER: set kafka:msk.monitoring to PER_BROKER or higher.',
          },
        ]),
  ];
}
