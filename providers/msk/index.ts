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
import { MSK_KEYS, MskSettings, parseMskSettings } from './settings';

/** The `msk` backend: an AWS MSK cluster, its topics, per-service access and alarms. */
export const mskBackend: Backend<MskSettings> = {
  name: 'msk',
  available: true,
  keys: MSK_KEYS,
  parse: (f, raw, stack) => parseMskSettings(f, raw, stack),
  catalogProblems: (settings, catalog, locate) => mskCatalogProblems(settings.backend, catalog, locate),
  create({ settings, catalog }): BackendResult {
    const s = settings.backend;
    // Explicit provider: the region comes from kafka:msk, never from ambient AWS config, and every
    // resource carries the same tags.
    const provider = new aws.Provider('msk', {
      region: s.region,
      defaultTags: {
        tags: { project: pulumi.getProject(), stack: settings.stack, owner: settings.owner ?? 'unassigned' },
      },
    });
    const opts = { providers: [provider] };

    const cluster = new MskCluster('msk', { settings: s, protect: settings.protect }, opts);
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
        allowTopicDeletion: settings.allowTopicDeletion,
        protect: settings.protect,
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
            stack: settings.stack,
            protect: settings.protect,
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
          stack: settings.stack,
          protect: settings.protect,
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
        mskClusterArn: cluster.arn,
        mskClusterName: cluster.clusterName,
        mskSecurityGroupId: cluster.securityGroupId,
        ...(cluster.kmsKeyArn ? { mskKmsKeyArn: cluster.kmsKeyArn } : {}),
        ...(alarms ? { mskAlarmTopicArn: alarms.topicArn } : {}),
        ...(s.authMode === 'iam'
          ? { mskServiceRoles: Object.fromEntries(Object.entries(services).map(([n, a]) => [n, a.roleArn])) }
          : {
              mskScramSecrets: Object.fromEntries(Object.entries(services).map(([n, a]) => [n, a.secretArn])),
            }),
      },
    };
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
