import { stringify } from 'yaml';
import { YAML_OPTIONS } from '../../monitoring/prometheus/rules';
import { METRICS_EXPORT } from './limits';

/**
 * The Prometheus scrape job for a Confluent Cloud cluster's Metrics API export. Confluent has no
 * alert resource in its provider: Prometheus raises the alerts, from the rules the monitoring
 * definition gives in Confluent's dialect (metricsDialect.ts).
 */

/** The scrape job's name for a cluster display name. */
export function scrapeJobName(clusterName: string): string {
  return `confluent-cloud-${clusterName}`;
}

/**
 * The scrape job for the Metrics API export endpoint of one cluster. The API key is the basic-auth
 * user; its secret stays in a file Prometheus reads (a mounted Secret), never in this text.
 */
export function scrapeConfig(o: {
  job: string;
  clusterId: string;
  apiKey: string;
  passwordFile: string;
}): string {
  return stringify(
    {
      scrape_configs: [
        {
          job_name: o.job,
          scheme: 'https',
          metrics_path: METRICS_EXPORT.path,
          params: { [METRICS_EXPORT.clusterParam]: [o.clusterId] },
          // The export serves one-minute samples with their own timestamps.
          scrape_interval: '1m',
          scrape_timeout: '1m',
          honor_timestamps: true,
          basic_auth: { username: o.apiKey, password_file: o.passwordFile },
          static_configs: [{ targets: [METRICS_EXPORT.host] }],
        },
      ],
    },
    YAML_OPTIONS,
  );
}
