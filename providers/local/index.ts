import * as pulumi from '@pulumi/pulumi';
import { SaslMechanism, securityProtocolFor } from '../../client/contract';
import { NAMESPACE } from '../../config/rawConfig';
import { defineBackend, BackendParts, ServiceAccess } from '../backend';
import { localTopics } from './localKafka';
import { Topics } from '../topics';
import { LOCAL_SETTINGS, LocalSettings } from './settings';
import { localMonitoring } from './localMonitoring';
import { CI_ACCESS } from './ciAccess';
import { POLICY_FACTS } from './policyFacts';

/** The `local` backend: an existing cluster reached directly, topics over the admin API. */
export const localBackend = defineBackend<LocalSettings>({
  name: 'local',
  title: 'existing Kafka or Redpanda',
  settings: LOCAL_SETTINGS,
  create({ core, settings: local, catalog, secret, monitoring: definition, parent }): BackendParts {
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
    const cluster = new Topics(
      'local',
      {
        topics: catalog.topics,
        ...localTopics({
          defaultReplicationFactor: local.defaultReplicationFactor,
          connection,
          ...(sasl ? { sasl } : {}),
          allowTopicDeletion: core.allowTopicDeletion,
          topicAdoption: core.topicAdoption,
          protect: core.protect,
          topicResources: core.topicResources,
        }),
        allowTopicDeletion: core.allowTopicDeletion,
        protect: core.protect,
      },
      { parent },
    );
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
      topics: cluster.topics,
      serviceAccess: () => ({ access }),
      // Nothing to register: the rules and dashboard are stack outputs for the user's Prometheus.
      monitoring: () => (definition ? localMonitoring(definition) : undefined),
      outputs: ({ monitoring }) => ({
        bootstrapServers: local.clientBootstrapServers,
        ...(monitoring ? { monitoring: monitoring.outputs } : {}),
      }),
    };
  },
  // Compose containers dial the cluster by its service name; processes on the host by localhost.
  hostBootstrapServers: (local) => local.bootstrapServers,
  // Topics go through the admin-API dynamic provider, which computes nothing the plan needs.
  offlineMocks: () => ({ computed: {} }),
  policy: POLICY_FACTS,
  ciAccess: CI_ACCESS,
  conformance: {
    examples: ['Pulumi.local.yaml', 'providers/local/examples/sasl.yaml'],
    access: () => ({
      enforced: false,
      why: 'a development cluster: every service uses the one configured user (or none), not an identity of its own',
    }),
  },
});
