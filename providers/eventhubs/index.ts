import { Provider } from '@pulumi/azure-native/provider';
import * as pulumi from '@pulumi/pulumi';
import { atBackend, defineBackend, BackendParts, Connection } from '../backend';
import { Topics } from '../topics';
import * as applicationinsights from '@pulumi/azure-native/applicationinsights';
import { opt } from '../../config/rawConfig';
import { eventHubsAlertProblems } from './alertLimits';
import { alertSpecs } from './alertSpecs';
import { hubsCapacity } from './capacity';
import { eventHubsUnwatched } from './monitoringCoverage';
import { workbookData, workbookId } from './workbook';
import { EventHubsAlerts } from './alerts';
import { eventHubsCatalogProblems } from './catalogRules';
import { EventHubsGuard } from './guard';
import { TIER_LIMITS } from './limits';
import { eventHubsOfflineMocks } from './mocks';
import { EventHubsNamespace } from './namespace';
import { eventHubsPlannedAccess } from './plannedAccess';
import { ENV } from '../../client/contract';
import { EventHubsServiceAccess, SAS_USERNAME } from './serviceAccess';
import { EVENTHUBS_SETTINGS, EventHubsSettings } from './settings';
import { eventHubsTopics } from './topics';
import { CI_ACCESS } from './ciAccess';
import { POLICY_FACTS } from './policyFacts';

/** The `eventhubs` backend: a Kafka-enabled Event Hubs namespace, its event hubs, per-service access and alerts. */
export const eventHubsBackend = defineBackend<EventHubsSettings>({
  name: 'eventhubs',
  title: 'Azure Event Hubs',
  settings: EVENTHUBS_SETTINGS,
  catalogProblems: (settings, catalog, core) => [
    ...eventHubsCatalogProblems(settings, catalog, core.catalogPath),
    ...eventHubsAlertProblems(settings, catalog, core),
  ],
  create({ core, settings: s, catalog, monitoring: definition, parent }): BackendParts {
    // Explicit provider: the subscription comes from kafka:eventhubs, never from `az account`.
    const provider = new Provider('eventhubs', { subscriptionId: s.subscriptionId, location: s.location });
    const opts = { providers: [provider], ...atBackend({ parent }) };
    const tags = { project: pulumi.getProject(), stack: core.stack, owner: core.owner };

    // Registered first; the namespace (and so everything in it) waits for it: changes Azure cannot
    // make are refused in preview, before any resource is touched.
    const guard = new EventHubsGuard(
      'eventhubs',
      {
        namespace: `${s.resourceGroup.name}/${s.namespaceName}`,
        tier: s.tier,
        partitionsGrow: TIER_LIMITS[s.tier].partitionsGrow,
        partitions: Object.fromEntries(catalog.topics.map((t) => [t.name, t.partitions])),
        allowTopicDeletion: core.allowTopicDeletion,
      },
      atBackend({ parent }),
    );
    const namespace = new EventHubsNamespace(
      'eventhubs',
      { settings: s, tags, protect: core.protect, after: [guard] },
      opts,
    );
    const topics = new Topics(
      'eventhubs',
      {
        topics: catalog.topics,
        ...eventHubsTopics({
          namespaceName: namespace.name,
          resourceGroupName: namespace.resourceGroupName,
        }),
        allowTopicDeletion: core.allowTopicDeletion,
        protect: core.protect,
      },
      { providers: [provider], parent },
    );
    const capacity = hubsCapacity({
      tier: s.tier,
      capacity: s.capacity,
      ...opt('maxThroughputUnits', s.maxThroughputUnits),
      ...opt('ingressMBps', s.alerts.ingressMBps),
    });
    return {
      connection: eventHubsConnection(s, namespace.bootstrapServers),
      topics: topics.topics,
      serviceAccess: (service) => {
        const access = new EventHubsServiceAccess(
          service.name,
          {
            service,
            authMode: s.authMode,
            namespaceName: namespace.name,
            configuredNamespace: s.namespaceName,
            resourceGroupName: namespace.resourceGroupName,
            location: s.location,
            hubs: topics.topics,
            tags,
            ...(s.oidcIssuer ? { oidcIssuer: s.oidcIssuer } : {}),
          },
          opts,
        );
        return {
          access: access.access,
          resource: access,
          outputs:
            s.authMode === 'entra'
              ? { identityClientIds: access.summary['clientId']! }
              : { sasRules: access.summary['sasRule']! },
        };
      },
      monitoring: () => {
        const alerts = s.alerts.enabled
          ? new EventHubsAlerts(
              'eventhubs',
              {
                specs: alertSpecs(s.alerts, definition, capacity),
                namespaceId: namespace.id,
                prefix: s.namespaceName,
                resourceGroupName: namespace.resourceGroupName,
                emails: s.alerts.emails,
                actionGroupIds: s.alerts.actionGroupIds,
                tags,
              },
              opts,
            )
          : undefined;

        const workbookName = `Kafka ${core.stack} (${s.namespaceName})`;
        const workbook = definition
          ? new applicationinsights.Workbook(
              'eventhubs-workbook',
              {
                resourceName: workbookId(core.stack, s.namespaceName),
                resourceGroupName: namespace.resourceGroupName,
                location: s.location,
                kind: 'shared',
                category: 'workbook',
                displayName: workbookName,
                sourceId: namespace.id.apply((id) => id.toLowerCase()), // lower-case, as Azure stores it: no drift on refresh
                serializedData: namespace.id.apply((id) => workbookData(definition, id)),
                tags,
              },
              { provider, ...atBackend({ parent }) },
            )
          : undefined;
        const unwatched = eventHubsUnwatched(capacity !== undefined, s.alerts.enabled);
        return {
          outputs: {
            ...(alerts?.actionGroupId ? { actionGroupId: alerts.actionGroupId } : {}),
            ...(workbook ? { workbookId: workbook.id } : {}),
          },
          ...(definition
            ? {
                summary: {
                  dashboard: `Azure Monitor workbook "${workbookName}" (resource group ${s.resourceGroup.name})`,
                  alerts: s.alerts.enabled
                    ? alertSpecs(s.alerts, definition, capacity).map((a) => `${s.namespaceName}-${a.name}`)
                    : [],
                  unwatched,
                },
              }
            : {}),
        };
      },
      outputs: ({ perService, monitoring }) => ({
        namespaceId: namespace.id,
        namespaceName: namespace.name,
        resourceGroup: namespace.resourceGroupName,
        tier: s.tier,
        authMode: s.authMode,
        ...(s.authMode === 'entra'
          ? { identityClientIds: perService.identityClientIds ?? {} }
          : { sasRules: perService.sasRules ?? {} }),
        ...monitoring?.outputs,
      }),
    };
  },
  offlineMocks: eventHubsOfflineMocks,
  policy: POLICY_FACTS,
  ciAccess: CI_ACCESS,
  conformance: {
    examples: [
      'providers/eventhubs/examples/premium-entra.yaml',
      'providers/eventhubs/examples/dedicated-sas.yaml',
    ],
    access: eventHubsPlannedAccess,
  },
});

/**
 * What services dial: the namespace's Kafka endpoint over TLS, with Entra ID tokens (OAUTHBEARER,
 * minted by the client library for the namespace's scope) or the service's SAS connection string (PLAIN).
 */
export function eventHubsConnection(
  s: EventHubsSettings,
  bootstrapServers: pulumi.Input<string>,
): Connection {
  return s.authMode === 'entra'
    ? {
        bootstrapServers,
        securityProtocol: 'SASL_SSL',
        saslMechanism: 'OAUTHBEARER',
        oauthProvider: 'azure-entra',
      }
    : {
        bootstrapServers,
        securityProtocol: 'SASL_SSL',
        saslMechanism: 'PLAIN',
        // Not a credential: Event Hubs takes the literal `$ConnectionString` as the user name and the
        // service's connection string (a secret, in its Kubernetes Secret) as the password.
        extraEnv: { [ENV.saslUsername]: SAS_USERNAME },
      };
}
