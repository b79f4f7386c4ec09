/**
 * The MSK alarms fire on the failure they are named for: their specs (as registered) evaluated
 * by a small CloudWatch alarm evaluator (tests/harness/cloudwatchAlarm.ts) over series shaped like
 * GetMetricData answers. And the evaluator itself follows CloudWatch's documented rules.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { monitoringDefinition } from '../../../monitoring/definition';
import { defaultMonitoringSettings } from '../../../monitoring/settings';
import { AlarmContext, AlarmSpec, alarmSpecs } from '../../../providers/msk/alertSpecs';
import { clusterCapacity } from '../../../providers/msk/capacity';
import { Catalog, Service } from '../../../topics/catalog';
import { EvaluatedAlarm, evaluateAlarm, metricData, MetricDataResult } from '../../harness/cloudwatchAlarm';
import { PROJECT_DIR } from '../../harness/plan';

const FROM = new Date('2026-12-07T09:00:00Z');
const minute = (n: number) => new Date(FROM.getTime() + n * 60_000);

describe('CloudWatch alarm evaluator', () => {
  const alarm = (over: Partial<EvaluatedAlarm> = {}): EvaluatedAlarm => ({
    metrics: [{ id: 'm', metricName: 'X', dimensions: {}, stat: 'Maximum' }],
    comparison: 'GreaterThanThreshold',
    threshold: 10,
    period: 60,
    evaluationPeriods: 3,
    treatMissingData: 'missing',
    ...over,
  });

  it('goes to ALARM when the last N periods breach, and not before', () => {
    const data = [metricData('m', FROM, 60, [1, 1, 20, 20, 20])];
    assert.equal(evaluateAlarm(alarm(), data, minute(4)), 'OK', 'two of three');
    assert.equal(evaluateAlarm(alarm(), data, minute(5)), 'ALARM');
  });

  it('counts M out of N with DatapointsToAlarm', () => {
    const data = [metricData('m', FROM, 60, [20, 1, 20])];
    assert.equal(evaluateAlarm(alarm({ datapointsToAlarm: 2 }), data, minute(3)), 'ALARM');
    assert.equal(evaluateAlarm(alarm(), data, minute(3)), 'OK');
  });

  it('treats empty periods as TreatMissingData says', () => {
    const data = [metricData('m', FROM, 60, [20, null, null])];
    assert.equal(evaluateAlarm(alarm({ treatMissingData: 'breaching' }), data, minute(3)), 'ALARM');
    assert.equal(evaluateAlarm(alarm({ treatMissingData: 'notBreaching' }), data, minute(3)), 'OK');
    assert.equal(evaluateAlarm(alarm({ treatMissingData: 'missing' }), data, minute(3)), 'ALARM');
    const none = [metricData('m', FROM, 60, [null, null, null])];
    assert.equal(evaluateAlarm(alarm(), none, minute(3)), 'INSUFFICIENT_DATA');
    assert.equal(evaluateAlarm(alarm({ treatMissingData: 'ignore' }), none, minute(3), 'ALARM'), 'ALARM');
  });

  it('evaluates MAX over the series that have a value, and a sum only where all do', () => {
    const max = alarm({
      metrics: [
        { id: 'a', metricName: 'X', dimensions: {}, stat: 'Maximum' },
        { id: 'b', metricName: 'X', dimensions: {}, stat: 'Maximum' },
      ],
      expression: 'MAX([a, b])',
    });
    const data = [metricData('a', FROM, 60, [1, 1, 1]), metricData('b', FROM, 60, [20, null, 30])];
    assert.equal(evaluateAlarm(max, data, minute(3)), 'OK', 'minute 1 has only a = 1');
    assert.equal(evaluateAlarm({ ...max, datapointsToAlarm: 2 }, data, minute(3)), 'ALARM');
    const sum = { ...max, expression: 'a + b', treatMissingData: 'breaching' as const };
    assert.equal(evaluateAlarm(sum, data, minute(3)), 'ALARM', 'b missing in minute 1: no sum, breaching');
    assert.throws(() => evaluateAlarm({ ...max, expression: 'RATE(a)' }, data, minute(3)), /not supported/);
  });
});

const service = (over: Partial<Service>): Service => ({
  name: 's',
  namespace: 'default',
  produces: [],
  consumes: [],
  ...over,
});
const topics = Array.from({ length: 12 }, (_, i) => `orders.t${i}`);
const catalog: Catalog = {
  topics: [
    { name: 'orders.created', partitions: 3, config: {} },
    { name: 'orders.cancelled', partitions: 3, config: {} },
    ...topics.map((name) => ({ name, partitions: 3, config: {} })),
  ],
  services: [
    service({
      name: 'billing',
      consumes: [
        { topic: 'orders.created', group: 'billing' },
        { topic: 'orders.cancelled', group: 'billing' },
      ],
    }),
    service({ name: 'search', consumes: topics.map((topic) => ({ topic, group: 'search' })) }),
    service({ name: 'audit', consumes: topics.map((topic) => ({ topic, group: 'audit' })) }),
  ],
};
const ctx: AlarmContext = {
  clusterName: 'prod',
  brokerCount: 3,
  kind: 'standard',
  level: 'DEFAULT',
  thresholds: {
    enabled: true,
    cpuPercent: 60,
    diskUsedPercent: 85,
    underReplicatedPartitions: 0,
    offlinePartitions: 0,
  },
  capacity: clusterCapacity({ clusterType: 'provisioned', instanceType: 'kafka.m7g.large', brokerCount: 3 }),
};
const specs = alarmSpecs(ctx, monitoringDefinition('prod', catalog, defaultMonitoringSettings()));
const spec = (key: string): AlarmSpec => {
  const found = specs.find((s) => s.key === key);
  assert.ok(found, `alarm ${key} exists (have: ${specs.map((s) => s.key).join(', ')})`);
  return found;
};

/** GetMetricData answers for an alarm's lag metrics: `valuesOf(topic)` per topic the alarm reads. */
function lagData(alarm: AlarmSpec, valuesOf: (topic: string) => (number | null)[]): MetricDataResult[] {
  return alarm.metrics.map((m) => metricData(m.id, FROM, 60, valuesOf(m.dimensions.Topic!)));
}

describe('MSK alarms fire on the failure they are named for', () => {
  it('consumer-lag fires for a crash-looping group: no lag datapoints for its minutes (defect 5)', () => {
    const answer = JSON.parse(
      fs.readFileSync(path.join(PROJECT_DIR, 'tests/fixtures/cloudwatch/crash-looping-group.json'), 'utf8'),
    ) as { MetricDataResults: MetricDataResult[] };
    const lag = spec('consumer-lag-billing');
    assert.deepEqual(
      lag.metrics.map((m) => m.id),
      answer.MetricDataResults.map((r) => r.Id),
    );
    assert.equal(evaluateAlarm(lag, answer.MetricDataResults, minute(10)), 'OK', 'while it reports lag');
    assert.equal(evaluateAlarm(lag, answer.MetricDataResults, minute(24)), 'OK', 'silent 14 of 15 minutes');
    assert.equal(evaluateAlarm(lag, answer.MetricDataResults, minute(25)), 'ALARM', 'silent 15 minutes');
    // The time-lag alarm does not page a second time for the same silence.
    const time = spec('consumer-lag-time-billing');
    assert.equal(
      evaluateAlarm(
        time,
        lagData(time, () => [...Array(10).fill(5), ...Array(30).fill(null)]),
        minute(25),
      ),
      'OK',
    );
  });

  it('consumer-lag fires for the slow group among healthy ones, on any of its topics past the 10-metric limit', () => {
    const minutes = 20;
    // search: topic orders.t11 (one of its two alarms) is 50000 behind; audit keeps up on every topic.
    const slow = (topic: string) => Array(minutes).fill(topic === 'orders.t11' ? 50_000 : 10);
    const healthy = () => Array(minutes).fill(10);
    const states = (group: string, values: (t: string) => number[]) =>
      specs
        .filter((s) => s.kind === 'consumer-lag' && s.metrics[0]!.dimensions['Consumer Group'] === group)
        .map((s) => evaluateAlarm(s, lagData(s, values), minute(minutes)));
    assert.deepEqual(
      states('search', slow).sort(),
      ['ALARM', 'OK'],
      'the alarm of the slice with orders.t11',
    );
    assert.deepEqual(states('audit', healthy), ['OK', 'OK']);
    assert.equal(
      evaluateAlarm(spec('consumer-lag-billing'), lagData(spec('consumer-lag-billing'), healthy), minute(20)),
      'OK',
    );
  });

  it('active-controller fires on a reported 0 and stays quiet when the metric is absent (defect 10)', () => {
    const controller = spec('active-controller');
    assert.equal(
      evaluateAlarm(controller, [metricData('controller', FROM, 60, [1, 1, 0, 0, 0, 0, 0])], minute(7)),
      'ALARM',
    );
    assert.equal(
      evaluateAlarm(controller, [metricData('controller', FROM, 60, [1, 1, 1, 1, 1, 1, 1])], minute(7)),
      'OK',
    );
    assert.notEqual(
      evaluateAlarm(controller, [metricData('controller', FROM, 60, Array(7).fill(null))], minute(7)),
      'ALARM',
    );
  });

  it('cpu fires on user + system over the threshold, though neither alone is', () => {
    const cpu = spec('cpu-broker-1');
    const data = [metricData('user', FROM, 300, [35, 35, 35]), metricData('system', FROM, 300, [30, 30, 30])];
    assert.equal(evaluateAlarm(cpu, data, new Date(FROM.getTime() + 15 * 60_000)), 'ALARM');
  });

  it('topic throughput fires on its Insights query’s answer above its share of capacity', () => {
    const bytes = spec('topic-bytes-in-orders.created');
    const over = bytes.threshold + 1;
    const data = [metricData('q', FROM, 60, Array(15).fill(over))];
    assert.equal(evaluateAlarm(bytes, data, minute(15)), 'ALARM');
    assert.equal(evaluateAlarm(bytes, [metricData('q', FROM, 60, Array(15).fill(1))], minute(15)), 'OK');
  });
});
