import { AlertKind } from '../alertKinds';
import { Unwatched } from '../coverage';

/** One query of a dashboard panel: a PromQL expression and its legend. */
export interface PromTarget {
  expr: string;
  legend: string;
}

/** A dashboard panel: a title, the unit Grafana formats values in, and its queries. */
export interface PromPanel {
  title: string;
  /** Grafana unit id: `Bps`, `short`, `s`, `percent`. */
  unit: string;
  targets: PromTarget[];
}

/** An alert the dialect raises on its own (health, errors), before labels and links are added. */
export interface PromAlert {
  alert: string;
  kind: AlertKind;
  expr: string;
  /** Minutes the expression must hold. */
  minutes: number;
  summary: string;
  description: string;
}

/**
 * How one Prometheus-scraped backend names its metrics (Confluent's Metrics API export, Redpanda's
 * /public_metrics): the shared rule and dashboard builders ask it for each signal, so both get the
 * same rows, panels and alerts from the one definition.
 */
export interface PromDialect {
  /** `backend` label of every rule. */
  backend: string;
  /** Prometheus job the cluster's series are scraped under. */
  job: string;
  /** Bytes per second one topic receives (`in`) or serves (`out`). */
  topicBytes(direction: 'in' | 'out', topic: string): string;
  /** Bytes a topic retains, where the platform exports it. */
  topicSize?(topic: string): string;
  /** Bytes per second the whole cluster receives or serves. */
  clusterBytes(direction: 'in' | 'out'): string;
  /** Messages one group is behind; one series per group. */
  groupLag(group: string): string;
  /**
   * A metric the platform exports whenever it exports anything (e.g. a partition count): its
   * absence while the scrape succeeds is an empty export, which silences every other rule.
   */
  heartbeat: string;
  /** Label that names the group in the lag series (kept on the alert). */
  groupLabel: string;
  /** What the cluster is sized for, in bytes per second; absent where nothing limits it. */
  capacity?: { inBytesPerSecond: number; outBytesPerSecond: number; what: string };
  health: { panels: PromPanel[]; alerts: PromAlert[] };
  errors: { panels: PromPanel[]; alerts: PromAlert[] };
  /** What this backend cannot watch, for the plan and the docs. */
  unwatched: Unwatched[];
}

/** A PromQL string literal. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}
