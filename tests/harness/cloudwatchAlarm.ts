/**
 * A small CloudWatch alarm evaluator, so the alarms the MSK backend registers can be shown to fire
 * (or not) on metric series without an AWS account. It follows CloudWatch's documented rules:
 *
 * - "Evaluating an alarm" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html):
 *   the alarm looks at the last `EvaluationPeriods` periods and goes to ALARM when at least
 *   `DatapointsToAlarm` (default: all of them) breach; `TreatMissingData` says what an empty
 *   period is: `breaching` (counts as breaching), `notBreaching` (counts as good), `ignore` (the
 *   state is kept), `missing` (only the periods with data count; none at all is
 *   INSUFFICIENT_DATA). Simplification: with `missing` CloudWatch may look further back than the
 *   evaluation range for enough datapoints; this evaluator does not.
 * - Metric math (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html):
 *   `MAX([a, b, ...])` per timestamp over the series that have a value there; arithmetic between
 *   series (`a + b`) only where every operand has a value. Only the forms the backends register
 *   are supported; anything else throws.
 *
 * The series are what GetMetricData answers (`MetricDataResults[]` with `Id`, `Timestamps`,
 * `Values`; https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html):
 * one value per period of the metric's statistic, newest first by default.
 */
import { AlarmSpec } from '../../providers/msk/alertSpecs';

/** One entry of GetMetricData's `MetricDataResults`. */
export interface MetricDataResult {
  Id: string;
  Label?: string;
  Timestamps: string[];
  Values: number[];
  StatusCode?: 'Complete' | 'PartialData' | 'InternalError' | 'Forbidden';
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The parts of a PutMetricAlarm call the evaluation needs (an AlarmSpec has them all). */
export type EvaluatedAlarm = Pick<
  AlarmSpec,
  'metrics' | 'expression' | 'query' | 'comparison' | 'threshold' | 'period' | 'evaluationPeriods'
> & {
  treatMissingData: AlarmSpec['treatMissingData'] | 'ignore';
  /** M of "M out of N"; CloudWatch's default is EvaluationPeriods. */
  datapointsToAlarm?: number;
};

type Series = Map<number, number>;

function seriesOf(result: MetricDataResult): Series {
  if (result.Timestamps.length !== result.Values.length) {
    throw new Error(
      `${result.Id}: ${result.Timestamps.length} timestamps for ${result.Values.length} values`,
    );
  }
  return new Map(result.Timestamps.map((t, i) => [Date.parse(t), result.Values[i]!]));
}

/** The alarm's own series: its single metric, its Insights query's answer, or its math over the metrics. */
function alarmSeries(alarm: EvaluatedAlarm, data: MetricDataResult[]): Series {
  const byId = new Map(data.map((d) => [d.Id, seriesOf(d)]));
  const get = (id: string): Series => byId.get(id) ?? new Map();
  if (alarm.query !== undefined) return get('q');
  const expression = alarm.expression ?? alarm.metrics[0]!.id;
  const max = /^MAX\(\[([\w\s,]+)\]\)$/.exec(expression);
  if (max) {
    const ids = max[1]!.split(',').map((s) => s.trim());
    const out: Series = new Map();
    for (const id of ids) {
      for (const [t, v] of get(id)) out.set(t, Math.max(out.get(t) ?? -Infinity, v));
    }
    return out;
  }
  const sum = expression.split('+').map((s) => s.trim());
  if (sum.every((id) => /^\w+$/.test(id))) {
    const [first, ...rest] = sum.map(get);
    const out: Series = new Map();
    for (const [t, v] of first!) {
      if (rest.every((s) => s.has(t)))
        out.set(
          t,
          rest.reduce((acc, s) => acc + s.get(t)!, v),
        );
    }
    return out;
  }
  throw new Error(`metric math not supported by this evaluator: ${expression}`);
}

function breaches(alarm: EvaluatedAlarm, value: number): boolean {
  switch (alarm.comparison) {
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
  }
}

/**
 * The alarm's state at `at` (the end of the newest period evaluated), given the series GetMetricData
 * returned and the state it was in before (what `ignore` keeps).
 */
export function evaluateAlarm(
  alarm: EvaluatedAlarm,
  data: MetricDataResult[],
  at: Date,
  previous: AlarmState = 'INSUFFICIENT_DATA',
): AlarmState {
  const series = alarmSeries(alarm, data);
  const periodMs = alarm.period * 1000;
  const end = Math.floor(at.getTime() / periodMs) * periodMs;
  const m = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  let breaching = 0;
  let counted = 0;
  for (let i = 1; i <= alarm.evaluationPeriods; i++) {
    const start = end - i * periodMs;
    const value = series.get(start);
    if (value === undefined) {
      if (alarm.treatMissingData === 'breaching') {
        breaching++;
        counted++;
      } else if (alarm.treatMissingData === 'notBreaching') {
        counted++;
      }
      continue;
    }
    counted++;
    if (breaches(alarm, value)) breaching++;
  }
  if (counted === 0) {
    return alarm.treatMissingData === 'ignore' ? previous : 'INSUFFICIENT_DATA';
  }
  return breaching >= Math.min(m, counted) && breaching > 0 ? 'ALARM' : 'OK';
}

/**
 * A GetMetricData answer for one metric: `values[i]` is the datapoint of the period starting
 * `i` periods after `from`; `null` means no datapoint (the metric was not emitted). Newest first,
 * as GetMetricData returns by default (ScanBy TimestampDescending).
 */
export function metricData(
  id: string,
  from: Date,
  periodSeconds: number,
  values: (number | null)[],
): MetricDataResult {
  const points = values
    .map((v, i) => ({ t: new Date(from.getTime() + i * periodSeconds * 1000).toISOString(), v }))
    .filter((p): p is { t: string; v: number } => p.v !== null)
    .reverse();
  return {
    Id: id,
    Timestamps: points.map((p) => p.t),
    Values: points.map((p) => p.v),
    StatusCode: 'Complete',
  };
}
