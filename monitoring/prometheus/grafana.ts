import { MonitoringDefinition } from '../definition';
import { Row, ROW_TITLES, ROWS } from '../rows';
import { PromDialect, PromPanel } from './dialect';

/** The panels of each row, from the definition in a backend's dialect. */
export function promPanels(def: MonitoringDefinition, d: PromDialect): Record<Row, PromPanel[]> {
  const perTopic = (direction: 'in' | 'out'): PromPanel => ({
    title: `Bytes ${direction} per topic`,
    unit: 'Bps',
    targets: def.topics.map((t) => ({ expr: d.topicBytes(direction, t.topic), legend: t.topic })),
  });
  return {
    health: d.health.panels,
    throughput: [
      perTopic('in'),
      perTopic('out'),
      ...(d.topicSize
        ? [
            {
              title: 'Retained bytes per topic',
              unit: 'bytes',
              targets: def.topics.map((t) => ({ expr: d.topicSize!(t.topic), legend: t.topic })),
            },
          ]
        : []),
    ],
    lag: [
      {
        title: 'Messages behind per group',
        unit: 'short',
        targets: def.groups.map((g) => ({ expr: d.groupLag(g.group), legend: g.group })),
      },
    ],
    errors: d.errors.panels,
  };
}

const WIDTH = 24;
const PANEL = { w: 12, h: 8 };

/**
 * A Grafana dashboard (JSON model, schemaVersion 39) with the four rows in ROWS order, each panel
 * one query per topic or group, so every catalog topic and group is named on it. The datasource
 * is a variable: the same file imports into any Grafana with a Prometheus datasource. Pure.
 */
export function grafanaDashboard(def: MonitoringDefinition, d: PromDialect, title: string): string {
  const rows = promPanels(def, d);
  const panels: Record<string, unknown>[] = [];
  let y = 0;
  let id = 1;
  for (const row of ROWS) {
    panels.push({
      id: id++,
      type: 'row',
      title: ROW_TITLES[row],
      collapsed: false,
      gridPos: { x: 0, y: y++, w: WIDTH, h: 1 },
      panels: [],
    });
    rows[row].forEach((p, i) => {
      const x = (i % 2) * PANEL.w;
      if (i > 0 && x === 0) y += PANEL.h;
      panels.push({
        id: id++,
        type: 'timeseries',
        title: p.title,
        datasource: { type: 'prometheus', uid: '${datasource}' },
        fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
        options: { legend: { displayMode: 'table', placement: 'bottom', showLegend: true } },
        gridPos: { x, y, ...PANEL },
        targets: p.targets.map((t, j) => ({
          refId: String.fromCharCode(65 + (j % 26)) + (j >= 26 ? String(Math.floor(j / 26)) : ''),
          datasource: { type: 'prometheus', uid: '${datasource}' },
          expr: t.expr,
          legendFormat: t.legend,
        })),
      });
    });
    y += PANEL.h;
  }
  const dashboard = {
    title,
    uid: `kp-${d.backend}-${def.stack}`.replace(/[^\w-]/g, '-').slice(0, 40),
    tags: ['kafka-platform', d.backend, def.stack],
    schemaVersion: 39,
    editable: true,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: {
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus' }],
    },
    panels,
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
