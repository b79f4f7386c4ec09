import { Row } from './rows';

/**
 * What one backend watches of the definition, and what it cannot: shown in the plan (stack output
 * `monitoring.unwatched`) and in docs/monitoring/README.md, so nobody assumes an alert that does
 * not exist.
 */
export interface Unwatched {
  /** The dashboard row the missing signal belongs to. */
  row: Row;
  /** What is not watched, e.g. `consumer lag in seconds`. */
  what: string;
  /** Why, and what to use instead. */
  why: string;
}

/** What a backend's monitoring registered, as the stack outputs show it. */
export interface MonitoringSummary {
  /** The dashboard's name (or where it is, for file-based dashboards). */
  dashboard: string;
  /** Alert names, one per alert the backend raises (or rule, for Prometheus). */
  alerts: string[];
  unwatched: Unwatched[];
}
