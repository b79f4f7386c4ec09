import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitoringDefinition } from '../../../../monitoring/definition';
import { defaultMonitoringSettings } from '../../../../monitoring/settings';
import { AlarmContext, alarmName, alarmSpecs } from '../../../../providers/msk/alertSpecs';
import { clusterCapacity } from '../../../../providers/msk/capacity';
import { mskUnwatched } from '../../../../providers/msk/monitoringCoverage';
import { dashboardBody, dashboardName } from '../../../../providers/msk/dashboardBody';
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
    assert.equal(gb.treatMissingData, 'breaching', 'a silent group (crash loop, rebalancing) is a stall');
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

type Widget = {
  type: string;
  properties: { title?: string; markdown?: string; period?: number; metrics?: unknown[][] };
};
const widgetsOf = (body: string) => JSON.parse(body) as { periodOverride?: string; widgets: Widget[] };
const isInsights = (line: unknown[]) =>
  line.length === 1 && /^\s*SELECT/i.test(String((line[0] as { expression?: string }).expression ?? ''));

describe('MSK dashboard body', () => {
  const topics = Array.from({ length: 250 }, (_, i) => ({ name: `t${i}`, partitions: 1, config: {} }));
  const big = monitoringDefinition('dev', { topics, services: [] }, defaultMonitoringSettings());

  it('has the four rows in order and names every catalog topic', () => {
    const body = widgetsOf(dashboardBody(ctx(), big, 'eu-west-1', 'iam', () => []));
    const headings = body.widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown!);
    assert.deepEqual(
      headings.map((h) => h.split('\n')[0]),
      ['## Cluster health', '## Throughput per topic', '## Consumer lag per group', '## Client errors'],
    );
    for (const t of topics)
      assert.ok(headings[1]!.includes(`${t.name},`) || headings[1]!.includes(`${t.name}.`));
  });

  it('runs at most one Metrics Insights query per widget, alone, grouped by topic (defect 1)', () => {
    for (const c of [ctx(), ctx({ level: 'PER_BROKER' }), ctx({ kind: 'serverless' })]) {
      const body = widgetsOf(dashboardBody(c, big, 'eu-west-1', 'iam', () => []));
      for (const w of body.widgets.filter((x) => x.type === 'metric')) {
        const lines = w.properties.metrics!;
        const queries = lines.filter(isInsights);
        assert.ok(queries.length <= 1, `${w.properties.title}: ${queries.length} Insights queries`);
        if (queries.length)
          assert.equal(lines.length, 1, `${w.properties.title}: a query widget holds only it`);
      }
      const bytesIn = body.widgets.find((w) => w.properties.title?.startsWith('Bytes in per topic'))!;
      assert.match(
        String((bytesIn.properties.metrics![0]![0] as { expression: string }).expression),
        /GROUP BY "Topic"/,
      );
    }
  });

  it('keeps each graph at its own period so Insights SUMs are not inflated on long ranges (defect 8)', () => {
    const body = widgetsOf(dashboardBody(ctx(), big, 'eu-west-1', 'iam', () => []));
    assert.equal(body.periodOverride, 'inherit');
  });

  it('draws CPU as user + system, what the alarm compares, and leaves throttle series named by broker', () => {
    const body = widgetsOf(dashboardBody(ctx({ level: 'PER_BROKER' }), def, 'eu-west-1', 'iam', () => []));
    const cpu = body.widgets.find((w) => w.properties.title?.startsWith('CPU'))!;
    const text = JSON.stringify(cpu.properties.metrics);
    assert.ok(text.includes('CpuSystem') && text.includes('CpuUser'), 'both CPU metrics');
    assert.ok(text.includes('u1 + s1'), 'summed per broker');
    const throttles = body.widgets.filter((w) => /throttle/i.test(w.properties.title ?? ''));
    assert.equal(throttles.length, 2);
    for (const w of throttles) {
      const q = w.properties.metrics![0]![0] as { label?: string; expression: string };
      assert.equal(q.label, undefined, 'no single label over every broker’s series');
      assert.match(q.expression, /GROUP BY "Broker ID"/);
    }
  });
});

describe('MSK names within CloudWatch’s rules (issue 28 item 9)', () => {
  it('names the dashboard with the Region and only the characters PutDashboard allows', () => {
    const name = dashboardName('acme/team.eu', 'kafka.dev', 'eu-west-1');
    assert.equal(name, 'kafka-acme-team-eu-kafka-dev-eu-west-1');
    assert.notEqual(dashboardName('dev', 'k', 'eu-west-1'), dashboardName('dev', 'k', 'us-east-1'));
    const long = dashboardName('s'.repeat(300), 'k', 'eu-west-1');
    assert.ok(long.length <= 255 && /^[A-Za-z0-9_-]+$/.test(long));
  });

  it('keeps alarm names within 255 characters and distinct', () => {
    const a = alarmName('c'.repeat(200), `consumer-lag-${'g'.repeat(100)}a`);
    const b = alarmName('c'.repeat(200), `consumer-lag-${'g'.repeat(100)}b`);
    assert.ok(a.length <= 255 && b.length <= 255);
    assert.notEqual(a, b);
  });
});

describe('MSK lag alarms at scale', () => {
  const many = Array.from({ length: 23 }, (_, i) => ({
    name: `topic-with-a-long-name-${i}`,
    partitions: 1,
    config: {},
  }));
  const wide: Catalog = {
    topics: many,
    services: [
      service({
        name: 'reader',
        consumes: many.map((t) => ({ topic: t.name, group: 'wide' })),
      }),
    ],
  };
  const wideDef = monitoringDefinition('dev', wide, defaultMonitoringSettings());

  it('never puts more than 10 metrics in one metric-math alarm (defect 4)', () => {
    const specs = alarmSpecs(ctx(), wideDef);
    for (const s of specs) assert.ok(s.metrics.length <= 10, `${s.key}: ${s.metrics.length} metrics`);
    const lag = specs.filter((s) => s.kind === 'consumer-lag');
    assert.deepEqual(
      lag.map((s) => s.metrics.length),
      [10, 10, 3],
    );
    assert.deepEqual(
      lag.flatMap((s) => s.metrics.map((m) => m.dimensions.Topic)).sort(),
      many.map((t) => t.name).sort(),
      'every topic watched once',
    );
  });

  it('keeps every description within 1,024 characters, with its runbook link (defect 11)', () => {
    const huge: Catalog = {
      ...wide,
      services: [service({ name: 'x'.repeat(900), consumes: [{ topic: many[0]!.name, group: 'wide' }] })],
    };
    for (const s of alarmSpecs(ctx(), monitoringDefinition('dev', huge, defaultMonitoringSettings()))) {
      assert.ok(s.description.length <= 1024, `${s.key}: ${s.description.length}`);
      assert.ok(s.description.endsWith(`Runbook: docs/monitoring/alerts/${s.kind}.md`));
    }
  });

  it('reads the serverless time-lag metric under the name AWS publishes it (defect 9)', () => {
    const time = alarmSpecs(ctx({ kind: 'serverless' }), def).find((s) => s.key === 'consumer-lag-time-ga')!;
    assert.equal(time.metrics[0]?.metricName, 'MaxEstimatedTimeLag');
    const provisioned = alarmSpecs(ctx(), def).find((s) => s.key === 'consumer-lag-time-ga')!;
    assert.equal(provisioned.metrics[0]?.metricName, 'EstimatedMaxTimeLag');
  });

  it('does not page forever when the controller count is absent (KRaft, defect 10)', () => {
    const controller = alarmSpecs(ctx(), def).find((s) => s.key === 'active-controller')!;
    assert.equal(controller.treatMissingData, 'missing');
  });
});
