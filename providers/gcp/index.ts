import { Provider } from '@pulumi/gcp/provider';
import * as pulumi from '@pulumi/pulumi';
import { accessIntent } from '../../kafka/access';
import { BackendParts, Connection, defineBackend } from '../backend';
import { Topics } from '../topics';
import { CI_ACCESS } from './ciAccess';
import { POLICY_FACTS } from './policyFacts';
import { GcpAcls } from './aclResources';
import { gcpAclResources } from './acls';
import { GcpAlerts } from './alerts';
import { gcpCatalogProblems } from './catalogRules';
import { GcpKafkaCluster } from './cluster';
import { GcpMirror } from './mirror';
import { gcpOfflineMocks } from './mocks';
import { gcpAlertSpecs, gcpDashboardJson, gcpUnwatched } from './monitoring';
import { gcpPlannedAccess } from './plannedAccess';
import {
  kafkaPrincipal,
  serviceAccountEmail,
  serviceAccountId,
  workloadIdentityPrincipal,
} from './principal';
import { GcpServiceAccess } from './serviceAccess';
import { GCP_SETTINGS, GcpSettings } from './settings';
import { gcpTopics } from './topics';
import { serviceAccountName } from '../../k8s/serviceIdentity';

/** A Google label value: lower-case letters, digits, `_` and `-`, at most 63 characters. */
const label = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 63);

/** The `gcp` backend: a Managed Service for Apache Kafka cluster, its topics, per-service access and alerts. */
export const gcpBackend = defineBackend<GcpSettings>({
  name: 'gcp',
  title: 'Google Cloud Managed Kafka',
  settings: GCP_SETTINGS,
  catalogProblems: (settings, catalog, core) => gcpCatalogProblems(settings, catalog, core.catalogPath),
  create({ core, settings: s, catalog, monitoring: definition, parent }): BackendParts {
    // Explicit provider: project and region from kafka:gcp, never from gcloud's ambient config.
    const provider = new Provider('gcp', { project: s.project, region: s.region }, { parent });
    const opts = { parent, providers: [provider] };
    const labels = {
      project: label(pulumi.getProject()),
      stack: label(core.stack),
      owner: label(core.owner),
    };

    const cluster = new GcpKafkaCluster('gcp', { settings: s, labels, protect: core.protect }, opts);
    const topics = new Topics(
      'gcp',
      {
        topics: catalog.topics,
        ...gcpTopics({ project: s.project, region: s.region, clusterId: cluster.clusterId }),
        allowTopicDeletion: core.allowTopicDeletion,
        protect: core.protect,
      },
      { ...opts, dependsOn: [cluster] },
    );
    const emailOf = (service: string) =>
      serviceAccountEmail(serviceAccountId(s.serviceAccountPrefix, service), s.project);
    new GcpAcls(
      'gcp',
      {
        acls: gcpAclResources(
          Object.fromEntries(catalog.services.map((x) => [x.name, accessIntent(x)])),
          (service) => kafkaPrincipal(emailOf(service)),
        ),
        project: s.project,
        region: s.region,
        clusterId: cluster.clusterId,
        after: Object.values(topics.topics),
      },
      opts,
    );

    if (s.mirror) {
      new GcpMirror(
        'gcp',
        {
          settings: s.mirror,
          topics: catalog.topics,
          project: s.project,
          region: s.region,
          clusterId: s.cluster.id,
          clusterName: cluster.name,
          bootstrapServers: cluster.bootstrapServers,
          labels,
          after: Object.values(topics.topics),
        },
        opts,
      );
    }

    const clusterId = s.cluster.id;
    const dashboardTitle = `Kafka ${core.stack} (Managed Kafka ${clusterId})`;

    return {
      connection: gcpConnection(s, cluster.bootstrapServers),
      topics: topics.topics,
      serviceAccess: (service) => {
        const access = new GcpServiceAccess(
          service.name,
          {
            service,
            project: s.project,
            workloadPoolProject: s.workloadPoolProject,
            prefix: s.serviceAccountPrefix,
            auth: s.auth,
            clusterName: cluster.name,
          },
          opts,
        );
        return {
          access: access.access,
          resource: access,
          outputs: { serviceAccounts: emailOf(service.name) },
        };
      },
      monitoring: () => {
        const specs =
          definition && s.monitoring.enabled
            ? gcpAlertSpecs(definition, clusterId, s.monitoring.throughputMessagesPerSecond)
            : undefined;
        if (!specs) return undefined;
        const alerts = new GcpAlerts(
          'gcp',
          {
            specs,
            dashboardJson: gcpDashboardJson(clusterId, dashboardTitle),
            project: s.project,
            notificationChannels: s.monitoring.notificationChannels,
            labels,
            after: [cluster],
          },
          opts,
        );
        return {
          summary: {
            dashboard: `Cloud Monitoring dashboard "${dashboardTitle}" (project ${s.project})`,
            alerts: specs.map((x) => x.displayName),
            unwatched: gcpUnwatched(s.monitoring.throughputMessagesPerSecond !== undefined),
          },
          outputs: { dashboardId: alerts.dashboard.id },
        };
      },
      outputs: ({ perService, monitoring }) => ({
        project: s.project,
        region: s.region,
        clusterName: cluster.name,
        adopted: s.cluster.kind === 'existing',
        auth: s.auth,
        serviceAccounts: perService.serviceAccounts ?? {},
        ...(s.auth === 'workload-identity' && s.projectNumber
          ? {
              workloadIdentityPrincipals: Object.fromEntries(
                catalog.services.map((x) => [
                  x.name,
                  workloadIdentityPrincipal({
                    project: s.workloadPoolProject,
                    projectNumber: s.projectNumber!,
                    namespace: x.namespace,
                    name: serviceAccountName(x),
                  }),
                ]),
              ),
            }
          : {}),
        ...(monitoring?.outputs ?? {}),
      }),
    };
  },
  offlineMocks: gcpOfflineMocks,
  policy: POLICY_FACTS,
  ciAccess: CI_ACCESS,
  conformance: {
    examples: ['providers/gcp/examples/workload-identity.yaml', 'providers/gcp/examples/adopted-key.yaml'],
    access: gcpPlannedAccess,
  },
});

/**
 * What services dial: the cluster's bootstrap address over TLS, with OAUTHBEARER tokens the client
 * library mints from the pod's workload identity (`gcp`), or the service account key (PLAIN).
 */
export function gcpConnection(s: GcpSettings, bootstrapServers: pulumi.Input<string>): Connection {
  return s.auth === 'workload-identity'
    ? { bootstrapServers, securityProtocol: 'SASL_SSL', saslMechanism: 'OAUTHBEARER', oauthProvider: 'gcp' }
    : { bootstrapServers, securityProtocol: 'SASL_SSL', saslMechanism: 'PLAIN' };
}
