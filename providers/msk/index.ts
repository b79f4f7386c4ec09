import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ENV } from '../../client/contract';
import { Backend, BackendResult, Connection } from '../backend';
import { alarmSpecs } from './alarmSpecs';
import { mskCatalogProblems, topicReplicationFactor } from './catalogRules';
import { isExpress } from './limits';
import { MskAcls } from './mskAcls';
import { MskAlarms } from './mskAlarms';
import { MskCluster } from './mskCluster';
import { MskServiceAccess } from './mskServiceAccess';
import { MskTopics } from './mskTopics';
import { mskOfflineMocks } from './mocks';
import { mskPlannedAccess } from './plannedAccess';
import { MSK_SETTINGS, MskSettings } from './settings';

/** The `msk` backend: an AWS MSK cluster, its topics, per-service access and alarms. */
export const mskBackend: Backend<MskSettings> = {
  name: 'msk',
  title: 'AWS MSK',
  available: true,
  settings: MSK_SETTINGS,
  catalogProblems: (settings, catalog, _core, locate) => mskCatalogProblems(settings, catalog, locate),
  create({ core, settings: s, catalog }): BackendResult {
    // Explicit provider: the region comes from kafka:msk, never from ambient AWS config, and every
    // resource carries the same tags.
    const provider = new aws.Provider('msk', {
      region: s.region,
      defaultTags: {
        tags: { project: pulumi.getProject(), stack: core.stack, owner: core.owner ?? 'unassigned' },
      },
    });
    const opts = { providers: [provider] };

    const cluster = new MskCluster('msk', { settings: s, protect: core.protect }, opts);
    const topics = new MskTopics(
      'msk',
      {
        topics: catalog.topics.map((topic) => ({
          topic,
          replicationFactor: topicReplicationFactor(s, topic.replicationFactor),
        })),
        clusterType: s.clusterType,
        clusterArn: cluster.arn,
        bootstrapServers: cluster.bootstrapServers,
        region: s.region,
        allowTopicDeletion: core.allowTopicDeletion,
        topicAdoption: core.topicAdoption,
        protect: core.protect,
      },
      { ...opts, dependsOn: [cluster] },
    );

    const services = Object.fromEntries(
      catalog.services.map((service) => [
        service.name,
        new MskServiceAccess(
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
        ),
      ]),
    );

    if (s.manageAcls && cluster.kmsKeyArn) {
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
        { ...opts, dependsOn: Object.values(services) },
      );
    }

    const alarms = s.alarms.enabled
      ? new MskAlarms(
          'msk',
          {
            prefix: s.clusterName,
            specs: alarmSpecs(
              {
                clusterName: s.clusterName,
                brokerCount: s.brokerCount,
                kind:
                  s.clusterType === 'serverless'
                    ? 'serverless'
                    : isExpress(s.instanceType)
                      ? 'express'
                      : 'standard',
                thresholds: s.alarms,
              },
              catalog,
            ),
            ...(s.alarms.email ? { email: s.alarms.email } : {}),
          },
          opts,
        )
      : undefined;

    return {
      connection: mskConnection(s, cluster.bootstrapServers),
      access: Object.fromEntries(Object.entries(services).map(([name, a]) => [name, a.access])),
      topics: topics.topics,
      outputs: {
        clusterArn: cluster.arn,
        clusterName: cluster.clusterName,
        securityGroupId: cluster.securityGroupId,
        ...(cluster.kmsKeyArn ? { kmsKeyArn: cluster.kmsKeyArn } : {}),
        ...(alarms ? { alarmTopicArn: alarms.topicArn } : {}),
        ...(s.authMode === 'iam'
          ? { serviceRoles: Object.fromEntries(Object.entries(services).map(([n, a]) => [n, a.roleArn])) }
          : {
              scramSecrets: Object.fromEntries(Object.entries(services).map(([n, a]) => [n, a.secretArn])),
            }),
      },
    };
  },
  offlineMocks: mskOfflineMocks,
  conformance: {
    examples: [
      'Pulumi.dev.yaml',
      'Pulumi.prod.yaml',
      'providers/msk/examples/scram-acls.yaml',
      'providers/msk/examples/serverless.yaml',
    ],
    access: mskPlannedAccess,
  },
};

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
