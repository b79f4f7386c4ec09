import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ENV } from '../../client/contract';
import { atBackend, defineBackend, BackendParts, Connection } from '../backend';
import { Topics } from '../topics';
import { mskAlarmContext } from './alertContext';
import { alarmName, alarmSpecs } from './alertSpecs';
import { dashboardBody, dashboardName } from './dashboardBody';
import { mskUnwatched } from './monitoringCoverage';
import { mskCatalogProblems, topicReplicationFactor } from './catalogRules';
import { mskMonitoringProblems } from './monitoringLimits';
import { MskAcls } from './mskAcls';
import { MskAlarms } from './alerts';
import { MskCluster } from './mskCluster';
import { MskServiceAccess } from './mskServiceAccess';
import { mskTopics } from './mskTopics';
import { mskOfflineMocks } from './mocks';
import { mskPlannedAccess } from './plannedAccess';
import { MSK_SETTINGS, MskSettings } from './settings';
import { CI_ACCESS } from './ciAccess';
import { POLICY_FACTS } from './policyFacts';

/** The `msk` backend: an AWS MSK cluster, its topics, per-service access and alarms. */
export const mskBackend = defineBackend<MskSettings>({
  name: 'msk',
  title: 'AWS MSK',
  settings: MSK_SETTINGS,
  catalogProblems: (settings, catalog, core, locate) => [
    ...mskCatalogProblems(settings, catalog, locate),
    ...mskMonitoringProblems(settings, catalog, core, locate),
  ],
  create({ core, settings: s, catalog, monitoring: definition, parent }): BackendParts {
    // Explicit provider: the region comes from kafka:msk, never from ambient AWS config, and every
    // resource carries the same tags.
    const provider = new aws.Provider('msk', {
      region: s.region,
      defaultTags: {
        tags: { project: pulumi.getProject(), stack: core.stack, owner: core.owner },
      },
    });
    const opts = { providers: [provider], ...atBackend({ parent }) };

    const cluster = new MskCluster('msk', { settings: s, protect: core.protect }, opts);
    const topics = new Topics(
      'msk',
      {
        topics: catalog.topics,
        ...mskTopics({
          replicationFactor: (requested) => topicReplicationFactor(s, requested),
          clusterType: s.clusterType,
          clusterArn: cluster.arn,
          bootstrapServers: cluster.bootstrapServers,
          region: s.region,
          allowTopicDeletion: core.allowTopicDeletion,
          topicAdoption: core.topicAdoption,
        }),
        allowTopicDeletion: core.allowTopicDeletion,
        protect: core.protect,
      },
      { providers: [provider], parent, dependsOn: [cluster] },
    );

    const alarmContext = mskAlarmContext(s);
    return {
      connection: mskConnection(s, cluster.bootstrapServers),
      topics: topics.topics,
      serviceAccess: (service) => {
        const access = new MskServiceAccess(
          service.name,
          {
            service,
            authMode: s.authMode,
            clusterArn: cluster.arn,
            stack: core.stack,
            protect: core.protect,
            ...(s.identity ? { identity: s.identity } : {}),
            ...(cluster.kmsKeyArn ? { kmsKeyArn: cluster.kmsKeyArn } : {}),
          },
          opts,
        );
        return {
          access: access.access,
          resource: access,
          outputs:
            s.authMode === 'iam' ? { serviceRoles: access.roleArn } : { scramSecrets: access.secretArn },
        };
      },
      afterAccess: (grants) => {
        if (!s.manageAcls || !cluster.kmsKeyArn) return;
        new MskAcls(
          'msk',
          {
            services: catalog.services,
            bootstrapServers: cluster.bootstrapServers,
            clusterArn: cluster.arn,
            kmsKeyArn: cluster.kmsKeyArn,
            stack: core.stack,
            protect: core.protect,
          },
          { ...opts, dependsOn: Object.values(grants).flatMap((g) => (g.resource ? [g.resource] : [])) },
        );
      },
      monitoring: () => {
        const specs = alarmSpecs(alarmContext, definition);
        const alarms = s.alarms.enabled
          ? new MskAlarms(
              'msk',
              { prefix: s.clusterName, specs, ...(s.alarms.email ? { email: s.alarms.email } : {}) },
              opts,
            )
          : undefined;
        const unwatched = mskUnwatched(alarmContext, s.alarms.enabled);
        const dashboardId = dashboardName(core.stack, s.clusterName, s.region);
        const dashboard = definition
          ? new aws.cloudwatch.Dashboard(
              'msk-dashboard',
              {
                dashboardName: dashboardId,
                dashboardBody: dashboardBody(alarmContext, definition, s.region, s.authMode, (row) =>
                  unwatched.filter((u) => u.row === row).map((u) => u.what),
                ),
              },
              { provider, ...atBackend({ parent }) },
            )
          : undefined;
        return {
          outputs: {
            ...(alarms ? { alarmTopicArn: alarms.topicArn } : {}),
            ...(dashboard ? { dashboardName: dashboard.dashboardName } : {}),
          },
          ...(definition
            ? {
                summary: {
                  dashboard: `CloudWatch dashboard ${dashboardId} (${s.region})`,
                  alerts: s.alarms.enabled ? specs.map((spec) => alarmName(s.clusterName, spec.key)) : [],
                  unwatched,
                },
              }
            : {}),
        };
      },
      outputs: ({ perService, monitoring }) => ({
        clusterArn: cluster.arn,
        clusterName: cluster.clusterName,
        securityGroupId: cluster.securityGroupId,
        ...(cluster.kmsKeyArn ? { kmsKeyArn: cluster.kmsKeyArn } : {}),
        ...monitoring?.outputs,
        ...(s.authMode === 'iam'
          ? { serviceRoles: perService.serviceRoles ?? {} }
          : { scramSecrets: perService.scramSecrets ?? {} }),
      }),
    };
  },
  offlineMocks: mskOfflineMocks,
  policy: POLICY_FACTS,
  ciAccess: CI_ACCESS,
  conformance: {
    examples: [
      'Pulumi.dev.yaml',
      'Pulumi.prod.yaml',
      'providers/msk/examples/scram-acls.yaml',
      'providers/msk/examples/serverless.yaml',
    ],
    access: mskPlannedAccess,
  },
});

/** What services dial: the auth mode's bootstrap servers over TLS, with the matching SASL mechanism. */
export function mskConnection(s: MskSettings, bootstrapServers: pulumi.Input<string>): Connection {
  return s.authMode === 'iam'
    ? {
        bootstrapServers,
        securityProtocol: 'SASL_SSL',
        saslMechanism: 'OAUTHBEARER',
        oauthProvider: 'aws-msk-iam',
        extraEnv: { [ENV.awsRegion]: s.region },
      }
    : { bootstrapServers, securityProtocol: 'SASL_SSL', saslMechanism: 'SCRAM-SHA-512' };
}
