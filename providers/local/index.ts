import * as pulumi from '@pulumi/pulumi';
import { SaslMechanism, securityProtocolFor } from '../../client/contract';
import { NAMESPACE } from '../../config/settings';
import { Backend, BackendResult, ServiceAccess } from '../backend';
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
    // The password stays in stack config, where the provider reads it when it runs: it never
    // enters the state, and rotating it updates no topic. The user name is kept secret like the
    // services' (it names a credential).
    const connection = {
      brokers: local.bootstrapServers.split(','),
      tls: local.tls,
      connectTimeoutMs: local.connectTimeoutMs,
      ...(caPem ? { caPem } : {}),
    };
    const sasl = local.sasl
      ? pulumi.secret({
          mechanism: local.sasl.mechanism,
          username: local.sasl.username,
          passwordKey: `${NAMESPACE}:${local.sasl.password.key}`,
        })
      : undefined;
    const cluster = new LocalKafka('local', {
      topics: catalog.topics,
      defaultReplicationFactor: local.defaultReplicationFactor,
      connection,
      ...(sasl ? { sasl } : {}),
      allowTopicDeletion: settings.allowTopicDeletion,
      topicAdoption: settings.topicAdoption,
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
