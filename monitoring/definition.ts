import { Catalog, consumerGroups } from '../topics/catalog';
import { AlertKind, runbookUrl } from './alertKinds';
import { LagThresholds, ThroughputThresholds } from './thresholds';
import { ErrorThresholds, MonitoringSettings } from './settings';

/** One topic to watch, with its thresholds after the catalog's overrides. */
export interface TopicWatch extends ThroughputThresholds {
  topic: string;
}

/** One consumer group to watch, with the topics it reads and its thresholds after overrides. */
export interface GroupWatch extends LagThresholds {
  group: string;
  topics: string[];
  /** The services consuming with this group, named in alert texts. */
  services: string[];
}

/**
 * What a stack watches, as plain data: every topic's throughput, every consumer group's lag,
 * cluster health and client errors, each threshold resolved (catalog override, else stack
 * setting, else default). Every backend maps this one definition to what its platform offers.
 */
export interface MonitoringDefinition {
  stack: string;
  topics: TopicWatch[];
  groups: GroupWatch[];
  /** The stack's own throughput thresholds, for the cluster's total bytes in and out. */
  cluster: ThroughputThresholds;
  errors: ErrorThresholds;
  /** Base of the runbook links; see runbook(). */
  runbookBaseUrl: string;
}

/** Builds the definition. Pure; the inputs were validated already. */
export function monitoringDefinition(
  stack: string,
  catalog: Catalog,
  settings: MonitoringSettings,
): MonitoringDefinition {
  const overrides = new Map((catalog.groups ?? []).map((g) => [g.name, g]));
  return {
    stack,
    topics: catalog.topics.map((t) => ({
      topic: t.name,
      throughputPercent: t.monitoring?.throughputPercent ?? settings.throughputPercent,
      throughputMinutes: t.monitoring?.throughputMinutes ?? settings.throughputMinutes,
    })),
    groups: consumerGroups(catalog).map((g) => {
      const o = overrides.get(g.group);
      return {
        ...g,
        lagMessages: o?.lagMessages ?? settings.lagMessages,
        lagSeconds: o?.lagSeconds ?? settings.lagSeconds,
        lagMinutes: o?.lagMinutes ?? settings.lagMinutes,
      };
    }),
    cluster: {
      throughputPercent: settings.throughputPercent,
      throughputMinutes: settings.throughputMinutes,
    },
    errors: {
      requestErrors: settings.requestErrors,
      throttlingMinutes: settings.throttlingMinutes,
    },
    runbookBaseUrl: settings.runbookBaseUrl,
  };
}

/** The runbook link of an alert kind in this stack. */
export function runbook(def: MonitoringDefinition, kind: AlertKind): string {
  return runbookUrl(def.runbookBaseUrl, kind);
}
