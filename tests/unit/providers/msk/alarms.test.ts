import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitoringDefinition } from '../../../../monitoring/definition';
import { defaultMonitoringSettings } from '../../../../monitoring/settings';
import { AlarmContext, alarmSpecs } from '../../../../providers/msk/alarmSpecs';
import { clusterCapacity } from '../../../../providers/msk/capacity';
import { mskUnwatched } from '../../../../providers/msk/monitoringCoverage';
import { dashboardBody, LINES_PER_GRAPH } from '../../../../providers/msk/dashboardBody';
import { Catalog, Service } from '../../../../topics/catalog';

const service = (over: Partial<Service>): Service => ({
  name: 's',
  namespace: 'default',
  produces: [],
  consumes: [],
  ...over,
});

const catalog: Catalog = {
  topics: [
    { name: 't1', partitions: 1, config: {} },
    { name: 't2', partitions: 1, config: {}, monitoring: { throughputPercent: 50 } },
  ],
  services: [
    service({ name: 'a', consumes: [{ topic: 't1', group: 'ga' }] }),
    service({
      name: 'b',
      consumes: [
        { topic: 't1', group: 'gb' },
        { topic: 't2', group: 'gb' },
      ],
    }),
  ],
  groups: [{ name: 'gb', lagMessages: 500000, lagMinutes: 60 }],
};
const def = monitoringDefinition('dev', catalog, defaultMonitoringSettings());

function ctx(over: Partial<AlarmContext> = {}): AlarmContext {
  const base = { clusterName: 'k', brokerCount: 2, kind: 'standard' as const, level: 'DEFAULT' as const };
  const merged = { ...base, ...over };
  return {
    thresholds: {
      enabled: true,
      cpuPercent: 60,
      diskUsedPercent: 85,
      underReplicatedPartitions: 0,
      offlinePartitions: 0,
    },
    capacity: clusterCapacity({
      clusterType: merged.kind === 'serverless' ? 'serverless' : 'provisioned',
      instanceType: merged.kind === 'express' ? 'express.m7g.large' : 'kafka.m7g.large',
      brokerCount: merged.brokerCount,
    }),
    ...merged,
  };
}

describe('MSK alarm specs from the monitoring definition', () => {
  it('watches every broker and the cluster, the throughput of every topic, and the lag of every group', () => {
    assert.deepEqual(
      alarmSpecs(ctx(), def).map((s) => s.key),
      [
        'cpu-broker-1',
        'cpu-broker-2',
        'disk-broker-1',
        'under-replicated-broker-1',
        'disk-broker-2',
        'under-replicated-broker-2',
        'offline-partitions',
        'active-controller',
        'cluster-bytes-in',
        'cluster-bytes-out',
        'topic-bytes-in-t1',
        'topic-bytes-out-t1',
        'topic-bytes-in-t2',
        'topic-bytes-out-t2',
        'consumer-lag-ga',
        'consumer-lag-time-ga',
        'consumer-lag-gb',
        'consumer-lag-time-gb',
      ],
    );
  });

  it('registers only health alarms when kafka:monitoring is off', () => {
    assert.ok(alarmSpecs(ctx(), undefined).every((s) => s.kind === 'cluster-health'));
  });

  it('takes the worst lag over a group’s topics, with the catalog’s thresholds over the defaults', () => {
    const specs = alarmSpecs(ctx(), def);
    const gb = specs.find((s) => s.key === 'consumer-lag-gb')!;
    assert.equal(gb.expression, 'MAX([lag0, lag1])');
    assert.deepEqual(
      gb.metrics.map((m) => [m.metricName, m.dimensions]),
      [
        ['MaxOffsetLag', { 'Cluster Name': 'k', 'Consumer Group': 'gb', Topic: 't1' }],
        ['MaxOffsetLag', { 'Cluster Name': 'k', 'Consumer Group': 'gb', Topic: 't2' }],
      ],
    );
    assert.equal(gb.threshold, 500000, 'catalog override');
    assert.equal(gb.evaluationPeriods, 60, 'catalog override');
    const ga = specs.find((s) => s.key === 'consumer-lag-ga')!;
    assert.equal(ga.threshold, 10000, 'default');
    assert.equal(ga.evaluationPeriods, 15, 'default');
    const time = specs.find((s) => s.key === 'consumer-lag-time-ga')!;
    assert.equal(time.metrics[0]?.metricName, 'EstimatedMaxTimeLag');
    assert.equal(time.threshold, 900);
    assert.equal(gb.treatMissingData, 'notBreaching');
  });

  it('compares each topic’s bytes, summed over every broker, with its share of the cluster’s capacity', () => {
    const specs = alarmSpecs(ctx(), def);
    const capacity = ctx().capacity;
    const t1 = specs.find((s) => s.key === 'topic-bytes-in-t1')!;
    assert.equal(
      t1.query,
      `SELECT SUM(BytesInPerSec) FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name", "Topic") WHERE "Cluster Name" = 'k' AND "Topic" = 't1'`,
    );
    assert.equal(t1.threshold, Math.round(capacity.inBytesPerSecond * 0.8));
    const t2 = specs.find((s) => s.key === 'topic-bytes-out-t2')!;
    assert.equal(t2.threshold, Math.round(capacity.outBytesPerSecond * 0.5), 'topic override: 50%');
    assert.equal(capacity.inBytesPerSecond, 2 * 83 * 1024 * 1024, 'standard brokers: 250 MiB/s ÷ 3 each');
    const serverless = alarmSpecs(ctx({ kind: 'serverless' }), def).find(
      (s) => s.key === 'topic-bytes-in-t1',
    )!;
    assert.match(serverless.query ?? '', /SCHEMA\("AWS\/Kafka", "Cluster Name", "Topic"\)/);
  });

  it('links every alarm to its runbook page', () => {
    for (const spec of alarmSpecs(ctx(), def)) {
      assert.ok(spec.description.endsWith(`Runbook: docs/monitoring/alerts/${spec.kind}.md`), spec.key);
    }
  });

  it('alarms on throttling where the brokers export it, and says so where they do not', () => {
    const throttling = (c: AlarmContext) => alarmSpecs(c, def).filter((s) => s.kind === 'throttling');
    assert.equal(throttling(ctx()).length, 0);
    assert.match(mskUnwatched(ctx(), true).find((u) => u.what === 'throttling')?.why ?? '', /PER_BROKER/);
    assert.deepEqual(
      throttling(ctx({ level: 'PER_BROKER' })).map((s) => s.query),
      [
        `SELECT MAX(ProduceThrottleTime) FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name") WHERE "Cluster Name" = 'k'`,
        `SELECT MAX(FetchThrottleTime) FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name") WHERE "Cluster Name" = 'k'`,
      ],
    );
    assert.equal(throttling(ctx({ kind: 'express' })).length, 2, 'Express exports them at DEFAULT');
    assert.equal(throttling(ctx({ kind: 'serverless', level: 'PER_BROKER' })).length, 0);
  });

  it('skips health metrics Express and Serverless do not publish', () => {
    const express = alarmSpecs(ctx({ kind: 'express' }), def);
    assert.ok(!express.some((s) => /disk|under-replicated|offline/.test(s.key)));
    const serverless = alarmSpecs(ctx({ kind: 'serverless' }), def);
    assert.ok(!serverless.some((s) => s.kind === 'cluster-health'));
  });
});

describe('MSK dashboard body', () => {
  it('has the four rows in order and splits a graph of many topics into parts CloudWatch can draw', () => {
    const topics = Array.from({ length: 250 }, (_, i) => ({ name: `t${i}`, partitions: 1, config: {} }));
    const big = monitoringDefinition('dev', { topics, services: [] }, defaultMonitoringSettings());
    const body = JSON.parse(dashboardBody(ctx(), big, 'eu-west-1', 'iam', () => [])) as {
      widgets: { type: string; properties: { title?: string; markdown?: string; metrics?: unknown[] } }[];
    };
    const headings = body.widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown);
    assert.deepEqual(headings, [
      '## Cluster health',
      '## Throughput per topic',
      '## Consumer lag per group',
      '## Client errors',
    ]);
    const bytesIn = body.widgets.filter((w) => w.properties.title?.startsWith('Bytes in per topic'));
    assert.deepEqual(
      bytesIn.map((w) => [w.properties.title, w.properties.metrics!.length]),
      [
        ['Bytes in per topic (1/3)', LINES_PER_GRAPH],
        ['Bytes in per topic (2/3)', LINES_PER_GRAPH],
        ['Bytes in per topic (3/3)', 50],
      ],
    );
  });
});
