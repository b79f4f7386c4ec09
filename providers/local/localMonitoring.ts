import { MonitoringSummary } from '../../monitoring/coverage';
import { MonitoringDefinition } from '../../monitoring/definition';
import { grafanaDashboard } from '../../monitoring/prometheus/grafana';
import { REDPANDA_JOB, redpandaDialect } from './metricsDialect';
import { ruleNames } from '../../monitoring/prometheus/ruleNames';
import { alertRules } from '../../monitoring/prometheus/rules';

/**
 * The local stack's monitoring: Prometheus rules and the Grafana dashboard in Redpanda's dialect,
 * with this stack's thresholds, as stack outputs; the Compose `monitoring` profile runs the same
 * (generated with the declared defaults) against the Compose Redpanda.
 */
export function localMonitoring(def: MonitoringDefinition): {
  outputs: Record<string, string>;
  summary: MonitoringSummary;
} {
  const dialect = redpandaDialect(REDPANDA_JOB, def.errors);
  const rules = alertRules(def, dialect);
  return {
    outputs: {
      prometheusRules: rules,
      grafanaDashboard: grafanaDashboard(def, dialect, `Kafka ${def.stack} (Redpanda)`),
    },
    summary: {
      dashboard:
        'Grafana of the Compose monitoring profile (docker compose -f docker-compose.kafka.yml --profile monitoring up -d), and stack output local.monitoring.grafanaDashboard',
      alerts: ruleNames(rules),
      unwatched: [
        ...dialect.unwatched,
        {
          row: 'health',
          what: 'a cluster other than Redpanda',
          why: 'the rules and dashboard read Redpanda’s /public_metrics; an Apache Kafka broker needs a JMX exporter instead.',
        },
      ],
    },
  };
}
