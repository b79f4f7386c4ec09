import { BOUNDS } from '../topics/thresholdOverrides';

/**
 * Alert thresholds of one consumer group and one topic, with their defaults. Their bounds are
 * declared once in topics/thresholdOverrides.ts: the stack settings (`kafka:monitoring`) and the
 * catalog's overrides read them through the same bounds, so both give the same messages.
 */
export interface LagThresholds {
  /** Messages a group may be behind (its worst topic) before its lag alert may fire. */
  lagMessages: number;
  /** Seconds the group's oldest unread message may be old, where the backend measures time lag. */
  lagSeconds: number;
  /** Minutes the lag must stay above a threshold before the alert fires. */
  lagMinutes: number;
}

export interface ThroughputThresholds {
  /** Share of the cluster's capacity (bytes per second) a topic's ingress or egress may use. */
  throughputPercent: number;
  /** Minutes the throughput must stay above that share before the alert fires. */
  throughputMinutes: number;
}

export const DEFAULT_LAG: LagThresholds = { lagMessages: 10000, lagSeconds: 900, lagMinutes: 15 };
export const DEFAULT_THROUGHPUT: ThroughputThresholds = { throughputPercent: 80, throughputMinutes: 15 };

/** What each threshold means, for the settings docs and the catalog docs. */
export const THRESHOLD_WHY: Record<keyof typeof BOUNDS, string> = {
  lagMessages:
    'Messages a consumer group may be behind on its worst topic before its lag alert fires (`MaxOffsetLag`, `consumer_lag_offsets`, `consumer_group_lag_max`).',
  lagSeconds:
    'Age in seconds of the oldest unread message of a group before its time-lag alert fires, on backends that measure time lag (MSK `EstimatedMaxTimeLag`).',
  lagMinutes: 'How long a group’s lag must stay above a threshold before its alert fires.',
  throughputPercent:
    'Share of the cluster’s ingress or egress capacity one topic may use before its throughput alert fires.',
  throughputMinutes: 'How long a topic’s throughput must stay above that share before its alert fires.',
};
