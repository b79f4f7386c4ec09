/**
 * The Event Hubs consumer-stalled alert on series shaped like Azure Monitor's Metrics - List
 * answer (`value[].timeseries[]` with `metadatavalues` EntityName and `data[].total`;
 * https://learn.microsoft.com/rest/api/monitor/metrics/list), evaluated the way a static
 * multi-condition metric alert is: every condition's aggregation over the window must hold, and a
 * condition with no time series for its dimension value is not met (Azure Monitor metric alerts,
 * https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-types#metric-alerts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitoringDefinition } from '../../../../monitoring/definition';
import { defaultMonitoringSettings } from '../../../../monitoring/settings';
import { AlertSpec, alertSpecs } from '../../../../providers/eventhubs/alertSpecs';
import { eventHubsUnwatched } from '../../../../providers/eventhubs/monitoringCoverage';

interface MetricsAnswer {
  value: {
    name: { value: string };
    timeseries: {
      metadatavalues: { name: { value: string }; value: string }[];
      data: { timeStamp: string; total?: number }[];
    }[];
  }[];
}

/** Whether every condition of `spec` holds on `answer` (totals over the answer's window). */
function fires(spec: AlertSpec, answer: MetricsAnswer): boolean {
  return spec.conditions.every((c) => {
    const metric = answer.value.find((v) => v.name.value === c.metric);
    const series = metric?.timeseries.find((t) =>
      t.metadatavalues.some((m) => m.name.value === 'EntityName' && m.value === c.eventHub),
    );
    if (!series) return false;
    const total = series.data.reduce((sum, d) => sum + (d.total ?? 0), 0);
    return c.operator === 'GreaterThan' ? total > c.threshold : total <= c.threshold;
  });
}

const minutes = (n: number, total: number) =>
  Array.from({ length: n }, (_, i) => ({
    timeStamp: new Date(Date.UTC(2026, 11, 7, 9, i)).toISOString(),
    total,
  }));
const answer = (incoming: number, outgoing: number | undefined): MetricsAnswer => ({
  value: [
    {
      name: { value: 'IncomingMessages' },
      timeseries: [
        { metadatavalues: [{ name: { value: 'EntityName' }, value: 'orders' }], data: minutes(15, incoming) },
      ],
    },
    {
      name: { value: 'OutgoingMessages' },
      timeseries:
        outgoing === undefined
          ? []
          : [
              {
                metadatavalues: [{ name: { value: 'EntityName' }, value: 'orders' }],
                data: minutes(15, outgoing),
              },
            ],
    },
  ],
});

const def = monitoringDefinition(
  'dev',
  {
    topics: [{ name: 'orders', partitions: 3, config: {} }],
    services: [
      {
        name: 'billing',
        namespace: 'default',
        produces: [],
        consumes: [{ topic: 'orders', group: 'billing' }],
      },
      {
        name: 'search',
        namespace: 'default',
        produces: [],
        consumes: [{ topic: 'orders', group: 'search' }],
      },
    ],
  },
  defaultMonitoringSettings(),
);
const stalled = alertSpecs(
  {
    enabled: true,
    serverErrors: 0,
    throttledRequests: 0,
    quotaExceededErrors: 0,
    emails: [],
    actionGroupIds: [],
  },
  def,
  undefined,
).find((s) => s.name === 'stalled-orders')!;

describe('Event Hubs consumer-stalled alert on Azure Monitor answers', () => {
  it('fires when messages arrive and no group reads any', () => {
    assert.equal(fires(stalled, answer(100, 0)), true);
  });

  it('stays quiet while the groups read', () => {
    assert.equal(fires(stalled, answer(100, 200)), false);
  });

  it('does not see one stalled group among readers, and the plan says so', () => {
    // billing reads 100 a minute, search none: OutgoingMessages (no consumer-group dimension) is 100.
    assert.equal(fires(stalled, answer(100, 100)), false);
    assert.ok(
      eventHubsUnwatched(true, true).some(
        (u) => u.what === 'one stalled or slow group among several readers of an event hub',
      ),
    );
    assert.match(stalled.description, /no consumer read any/);
  });

  it('does not fire when the hub emits no OutgoingMessages series at all (an idle entity)', () => {
    // A limit of static metric alerts: a condition without data is not met.
    assert.equal(fires(stalled, answer(100, undefined)), false);
  });
});
