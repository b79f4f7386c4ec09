/**
 * The kinds of alert the monitoring definition asks every backend for. Each has one runbook page,
 * docs/monitoring/alerts/<kind>.md, that says what it means and what to do; a test holds the pages
 * and this list together.
 */
export const ALERT_KINDS = {
  'cluster-health':
    'The cluster cannot serve some partitions or brokers (offline, under-replicated, no controller).',
  'topic-throughput':
    'A topic’s bytes in or out use more of the cluster’s capacity than its threshold allows.',
  'consumer-lag': 'A consumer group is more messages behind than its threshold allows.',
  'consumer-lag-time': 'A consumer group’s oldest unread message is older than its threshold allows.',
  'consumer-stalled':
    'Messages arrive on a topic but its consumers read none (where lag itself is not exposed).',
  throttling: 'The cluster throttles clients: they exceed a quota or the cluster’s capacity.',
  'request-errors': 'The cluster fails client requests.',
  'metrics-missing': 'The metrics every other alert reads are not arriving, so those alerts cannot fire.',
} as const;

export type AlertKind = keyof typeof ALERT_KINDS;

/** The runbook link an alert of `kind` carries. */
export function runbookUrl(base: string, kind: AlertKind): string {
  return `${base}/${kind}.md`;
}
