import * as pulumi from '@pulumi/pulumi';
import { SaslMechanism, securityProtocolFor } from '../../client/contract';
import { Backend, BackendResult, ServiceAccess } from '../backend';
import { AdminConnection } from '../kafka-admin/connection';
import { LocalKafka } from './localKafka';
import { LOCAL_KEYS, LocalSettings, parseLocalSettings } from './settings';

/** The `local` backend: an existing cluster reached directly, topics over the admin API. */
export const localBackend: Backend<LocalSettings> = {
  name: 'local',
  available: true,
  keys: LOCAL_KEYS,
  parse: (f, raw) => parseLocalSettings(f, raw),
  create({ settings, catalog, secret }): BackendResult {
    const local = settings.backend;
    const password = local.sasl ? secret(local.sasl.password) : undefined;
    const caPem = local.caPem;
    const base: AdminConnection = {
      brokers: local.bootstrapServers.split(','),
      tls: local.tls,
      connectTimeoutMs: local.connectTimeoutMs,
      ...(caPem ? { caPem } : {}),
    };
    // Only the credentials are secret: the broker list, TLS and mechanism stay readable in plans
    // and diffs. The SDK resolves Outputs nested in resource inputs (the type cannot say so).
    const sasl = local.sasl;
    const connection: AdminConnection =
      sasl && password
        ? {
            ...base,
            sasl: {
              mechanism: sasl.mechanism,
              username: pulumi.secret(sasl.username) as unknown as string,
              password: password as unknown as string,
            },
          }
        : base;
    const cluster = new LocalKafka('local', {
      topics: catalog.topics,
      defaultReplicationFactor: local.defaultReplicationFactor,
      connection,
      allowTopicDeletion: settings.allowTopicDeletion,
      protect: settings.protect,
    });
    // A shared dev cluster: every service uses the configured user (least privilege per service
    // comes with the cloud backends, which create one identity per service).
    const access: ServiceAccess = local.sasl
      ? { username: pulumi.secret(local.sasl.username), ...(password ? { password } : {}) }
      : {};
    return {
      connection: {
        bootstrapServers: local.clientBootstrapServers,
        securityProtocol: securityProtocolFor(local.tls, !!local.sasl),
        ...(local.sasl ? { saslMechanism: local.sasl.mechanism.toUpperCase() as SaslMechanism } : {}),
        ...(caPem ? { caPem } : {}),
      },
      access: Object.fromEntries(catalog.services.map((s) => [s.name, access])),
      topics: cluster.topics,
      outputs: { bootstrapServers: local.clientBootstrapServers },
    };
  },
};
