import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { atBackend, defineBackend, BackendMonitoring, BackendParts } from '../backend';
import { Topics } from '../topics';
import { credentialsValue } from './apiKeys';
import { confluentCatalogProblems, OWN_ACCOUNTS } from './catalogRules';
import { ClusterManager } from './clusterManager';
import { ConfluentCluster } from './confluentCluster';
import { confluentTopics } from './confluentTopics';
import { confluentConnection } from './connection';
import { MetricsAccess } from './metricsAccess';
import { confluentOfflineMocks } from './mocks';
import { confluentPlannedAccess } from './plannedAccess';
import { scrapeConfig, scrapeJobName } from './prometheus';
import { confluentDialect } from './metricsDialect';
import { alertRules } from '../../monitoring/prometheus/rules';
import { grafanaDashboard } from '../../monitoring/prometheus/grafana';
import { MonitoringDefinition } from '../../monitoring/definition';
import { ruleNames } from '../../monitoring/prometheus/ruleNames';
import { ConfluentServiceAccess } from './serviceAccess';
import { CONFLUENT_SETTINGS, ConfluentSettings } from './settings';
import { CLOUD_API_KEY, CLOUD_API_SECRET } from './settingsKeys';
import { CI_ACCESS } from './ciAccess';
import { POLICY_FACTS } from './policyFacts';

/** The Confluent Cloud API credentials, from the provider's own secret config keys (validated as set with --secret). */
function cloudCredentials(): { cloudApiKey: pulumi.Output<string>; cloudApiSecret: pulumi.Output<string> } {
  const [namespace, key] = CLOUD_API_KEY.split(':') as [string, string];
  const config = new pulumi.Config(namespace);
  return {
    cloudApiKey: config.requireSecret(key),
    cloudApiSecret: config.requireSecret(CLOUD_API_SECRET.split(':')[1]!),
  };
}

/** The `confluent` backend: a Confluent Cloud cluster, its topics, per-service access and metrics. */
export const confluentBackend = defineBackend<ConfluentSettings>({
  name: 'confluent',
  title: 'Confluent Cloud',
  settings: CONFLUENT_SETTINGS,
  catalogProblems: (settings, catalog, core) => confluentCatalogProblems(settings, catalog, core.catalogPath),
  create({ core, settings: s, catalog, monitoring: definition, parent }): BackendParts {
    // Explicit provider: credentials only from the secret config keys, never from ambient
    // CONFLUENT_CLOUD_API_KEY variables or a default provider.
    const provider = new confluentcloud.Provider('confluent', cloudCredentials());
    const opts = { providers: [provider], ...atBackend({ parent }) };
    const accountName = (suffix: string) => `${s.serviceAccountPrefix}-${suffix}`;

    const cluster = new ConfluentCluster('confluent', { settings: s, protect: core.protect }, opts);
    const manager = new ClusterManager(
      'confluent-manager',
      { cluster, displayName: accountName(OWN_ACCOUNTS.manager) },
      opts,
    );
    const topics = new Topics(
      'confluent',
      {
        topics: catalog.topics,
        ...confluentTopics(manager.admin),
        allowTopicDeletion: core.allowTopicDeletion,
        protect: core.protect,
      },
      { providers: [provider], parent },
    );
    return {
      connection: confluentConnection(cluster.bootstrapEndpoint),
      topics: topics.topics,
      serviceAccess: (service) => {
        const access = new ConfluentServiceAccess(
          service.name,
          {
            service,
            displayName: accountName(service.name),
            cluster,
            admin: manager.admin,
            keyVersions: s.keyVersions[service.name] ?? [1],
          },
          opts,
        );
        return {
          access: access.access,
          resource: access,
          outputs: { serviceAccounts: access.serviceAccountId },
        };
      },
      monitoring: () =>
        s.monitoring.enabled
          ? monitoringOutputs(
              s,
              definition,
              cluster,
              new MetricsAccess(
                'confluent-metrics',
                { cluster, displayName: accountName(OWN_ACCOUNTS.metrics) },
                opts,
              ),
            )
          : undefined,
      outputs: ({ perService, monitoring }) => ({
        environmentId: cluster.environmentId,
        clusterId: cluster.id,
        clusterName: s.clusterName,
        restEndpoint: cluster.restEndpoint,
        managerServiceAccount: manager.serviceAccountId,
        serviceAccounts: perService.serviceAccounts ?? {},
        ...(monitoring ? { monitoring: monitoring.outputs } : {}),
      }),
    };
  },
  offlineMocks: confluentOfflineMocks,
  policy: POLICY_FACTS,
  ciAccess: CI_ACCESS,
  conformance: {
    examples: ['providers/confluent/examples/basic.yaml', 'providers/confluent/examples/dedicated.yaml'],
    access: confluentPlannedAccess,
  },
});

/**
 * The Prometheus side of monitoring: the scrape configuration (secret: it names the API key), the
 * Metrics API key itself (secret), and from the monitoring definition the alerting rules and the
 * Grafana dashboard (plain text: they name topics and groups, no credentials).
 */
function monitoringOutputs(
  s: ConfluentSettings,
  definition: MonitoringDefinition | undefined,
  cluster: ConfluentCluster,
  metrics: MetricsAccess,
): BackendMonitoring {
  const job = scrapeJobName(s.clusterName);
  const dialect = confluentDialect({ job, clusterType: s.clusterType, ...(s.cku ? { cku: s.cku } : {}) });
  const title = `Kafka ${definition?.stack ?? ''} (Confluent ${s.clusterName})`;
  const rules = definition ? alertRules(definition, dialect) : undefined;
  const outputs = {
    serviceAccount: metrics.serviceAccountId,
    ...(rules && definition
      ? { prometheusRules: rules, grafanaDashboard: grafanaDashboard(definition, dialect, title) }
      : {}),
    prometheusScrapeConfig: pulumi.secret(
      pulumi
        .all([cluster.id, metrics.credentials.key])
        .apply(([clusterId, apiKey]) =>
          scrapeConfig({ job, clusterId, apiKey, passwordFile: s.monitoring.passwordFile }),
        ),
    ),
    metricsApiKey: credentialsValue(metrics.credentials),
  };
  return {
    outputs,
    ...(rules
      ? {
          summary: {
            dashboard: `${title}: stack output confluent.monitoring.grafanaDashboard (Grafana JSON)`,
            alerts: ruleNames(rules),
            unwatched: dialect.unwatched,
          },
        }
      : {}),
  };
}
