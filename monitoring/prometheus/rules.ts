import { stringify } from 'yaml';
import { runbook, MonitoringDefinition } from '../definition';
import { PromAlert, PromDialect, quoted } from './dialect';

/** Long expressions on one line, no anchors: the text is read by people and by promtool. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** One alerting rule as Prometheus reads it. */
export interface PromRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * Prometheus alerting rules from the one definition in a backend's dialect: every consumer group's
 * lag, every topic's throughput against the cluster's capacity, the dialect's health and error
 * alerts, and the scrape itself (without it every other rule stays silent). Pure.
 */
export function alertRules(def: MonitoringDefinition, d: PromDialect): string {
  const labels = (kind: string, extra: Record<string, string> = {}) => ({
    severity: 'warning',
    stack: def.stack,
    backend: d.backend,
    kind,
    ...extra,
  });
  const links = (kind: Parameters<typeof runbook>[1]) => ({ runbook_url: runbook(def, kind) });

  const lag: PromRule[] = def.groups.map((g) => ({
    alert: 'KafkaConsumerGroupLagHigh',
    expr: `${d.groupLag(g.group)} > ${g.lagMessages}`,
    for: `${g.lagMinutes}m`,
    labels: labels('consumer-lag', { consumer_group: g.group }),
    annotations: {
      summary: `Consumer group ${g.group} is {{ $value | humanize }} messages behind`,
      description:
        `The group of ${g.services.join(', ')} has lagged more than ${g.lagMessages} messages on ` +
        `${g.topics.join(', ')} for ${g.lagMinutes} minutes (stack ${def.stack}).`,
      ...links('consumer-lag'),
    },
  }));

  const capacity = d.capacity;
  const watched = [{ topic: undefined, ...def.cluster }, ...def.topics];
  const throughput: PromRule[] = capacity
    ? watched.flatMap((t) =>
        (['in', 'out'] as const).map((direction): PromRule => {
          const limit = direction === 'in' ? capacity.inBytesPerSecond : capacity.outBytesPerSecond;
          const bytes = Math.round((limit * t.throughputPercent) / 100);
          const noun = t.topic === undefined ? 'the cluster' : `topic ${t.topic}`;
          const Dir = direction === 'in' ? 'In' : 'Out';
          return {
            alert: t.topic === undefined ? `KafkaClusterBytes${Dir}High` : `KafkaTopicBytes${Dir}High`,
            expr: `${t.topic === undefined ? d.clusterBytes(direction) : d.topicBytes(direction, t.topic)} > ${bytes}`,
            for: `${t.throughputMinutes}m`,
            labels: labels('topic-throughput', t.topic === undefined ? {} : { topic: t.topic }),
            annotations: {
              summary: `${noun[0]!.toUpperCase()}${noun.slice(1)} moves {{ $value | humanize }}B/s ${direction}, over ${t.throughputPercent}% of ${capacity.what}`,
              description:
                `Bytes ${direction} of ${noun} have stayed above ${t.throughputPercent}% of ${capacity.what} ` +
                `(${bytes} B/s) for ${t.throughputMinutes} minutes; at the limit clients are throttled (stack ${def.stack}).`,
              ...links('topic-throughput'),
            },
          };
        }),
      )
    : [];

  const own = (a: PromAlert): PromRule => ({
    alert: a.alert,
    expr: a.expr,
    for: `${a.minutes}m`,
    labels: labels(a.kind),
    annotations: {
      summary: a.summary,
      description: `${a.description} (stack ${def.stack}).`,
      ...links(a.kind),
    },
  });
  const job = `job=${quoted(d.job)}`;
  const scrape = own({
    alert: 'KafkaMetricsMissing',
    kind: 'metrics-missing',
    // `up` alone misses an export that answers but is empty: every other rule is then silent.
    expr: `up{${job}} == 0 or absent(up{${job}}) or (absent(${d.heartbeat}{${job}}) unless on () up{${job}} == 0)`,
    minutes: 10,
    summary: `Prometheus gets no metrics from ${d.job}`,
    description: `The scrape job ${d.job} is down, absent or returns no ${d.heartbeat}: lag, throughput and error alerts cannot fire`,
  });
  const rules = [...d.health.alerts.map(own), ...throughput, ...lag, ...d.errors.alerts.map(own), scrape];
  return stringify({ groups: [{ name: `kafka-platform-${d.backend}-${def.stack}`, rules }] }, YAML_OPTIONS);
}
