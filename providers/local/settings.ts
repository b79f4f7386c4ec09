import { group, readNamespace, secret, SettingsSection, whole } from '../../config/declare';
import { opt } from '../../config/rawConfig';
import {
  bootstrapServers,
  caFileSetting,
  CONNECT_TIMEOUT_MS,
  ConfigSasl,
  readCaPem,
  readSasl,
  saslGroup,
  tlsFlag,
} from '../../kafka/endpoint';

/** `kafka:local`: an existing Kafka-compatible cluster (Redpanda from Compose, or any broker list). */
export interface LocalSettings {
  /** Brokers the Pulumi runner dials to manage topics, e.g. `localhost:19092`. */
  bootstrapServers: string;
  /** Brokers services dial, e.g. `redpanda:9092` inside the Compose network. */
  clientBootstrapServers: string;
  /** TLS to the brokers. */
  tls: boolean;
  /** PEM file of a private CA to trust (read on the runner, handed to services). */
  caFile?: string;
  /** Contents of caFile, read while validating so a missing file is a settings problem. */
  caPem?: string;
  /** SASL user shared by the runner and services; the password is `kafka:localSaslPassword`. */
  sasl?: ConfigSasl;
  /** Replication factor for catalog topics without one. */
  defaultReplicationFactor: number;
  /** Bound on connecting to the brokers, so an unreachable cluster fails fast. */
  connectTimeoutMs: number;
}

const PASSWORD_KEY = 'localSaslPassword';

const LOCAL_FIELDS = {
  bootstrapServers: bootstrapServers({
    required: true,
    example: 'localhost:19092',
    why: 'Brokers the Pulumi runner dials to manage topics (e.g. Redpanda’s host listener `localhost:19092`).',
  }),
  clientBootstrapServers: bootstrapServers({
    example: 'localhost:19092',
    defaultText: '`bootstrapServers`',
    why: 'Brokers services dial, when they see the cluster differently from the runner (e.g. `redpanda:9092` inside the Compose network).',
  }),
  tls: tlsFlag('TLS to the brokers, for the runner and the services.'),
  caFile: caFileSetting('A private CA to trust; its PEM is also handed to services as `KAFKA_SSL_CA_PEM`.'),
  sasl: saslGroup({
    passwordKey: PASSWORD_KEY,
    why: 'One SASL user shared by the runner and every service (a shared development cluster has no per-service identities).',
  }),
  defaultReplicationFactor: whole({
    min: 1,
    max: 32767,
    default: 1,
    why: 'Replication factor of catalog topics that set none; 1 fits single-broker development clusters.',
  }),
  connectTimeoutMs: whole({
    ...CONNECT_TIMEOUT_MS,
    why: 'Bound on reaching the brokers: unreachable brokers fail within about twice this, with a message naming them.',
  }),
};

const LOCAL_KEYS = {
  local: group({
    defaultText: 'required with `kafka:provider: local`',
    why: 'The existing cluster the `local` backend manages topics on.',
    fields: LOCAL_FIELDS,
  }),
  [PASSWORD_KEY]: secret({
    defaultText: 'required with `kafka:local.sasl`',
    why: 'The password of the `kafka:local.sasl` user.',
  }),
};

/** `kafka:local` and its secret `kafka:localSaslPassword`. */
export const LOCAL_SETTINGS: SettingsSection<LocalSettings> = {
  name: 'local',
  title: '`local` backend settings',
  intro:
    'The `local` backend manages the catalog’s topics on a cluster that already exists: Redpanda from ' +
    '`docker-compose.kafka.yml`, or any broker list. Nothing else is created. ' +
    'How it manages topics: [docs/local.md](../local.md).',
  keys: LOCAL_KEYS,
  declaredIn: __filename,
  parse(input) {
    const { f } = input;
    const ns = readNamespace(input, LOCAL_KEYS);
    if (!ns.has('local')) {
      f.report(
        ['local'],
        'is required for kafka:provider local: set at least { bootstrapServers: "localhost:19092" }',
      );
    }
    const local = ns.read('local');
    // Without the section its one required key is not reported again.
    const bootstrap = (local.given ? local.read('bootstrapServers') : undefined) ?? 'localhost:19092';
    const tls = local.read('tls');
    const caFile = local.read('caFile');
    if (caFile && !tls) f.report(local.at('caFile'), 'only applies with kafka:local.tls: true');
    const caPem = caFile && tls ? readCaPem(f, caFile, local.at('caFile')) : undefined;
    const sasl = readSasl(input, local.has('sasl') ? local.read('sasl') : undefined, {
      endpoint: local.path,
      passwordKey: PASSWORD_KEY,
      tls,
    });
    return {
      bootstrapServers: bootstrap,
      clientBootstrapServers: local.read('clientBootstrapServers') ?? bootstrap,
      tls,
      defaultReplicationFactor: local.read('defaultReplicationFactor'),
      connectTimeoutMs: local.read('connectTimeoutMs'),
      ...opt('caFile', caFile),
      ...opt('caPem', caPem),
      ...opt('sasl', sasl),
    };
  },
};
