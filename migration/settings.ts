import {
  group,
  Group,
  readNamespace,
  secret,
  SectionInput,
  SettingsSection,
  text,
  whole,
} from '../config/declare';
import { Problem } from '../config/problems';
import { configWhere, opt } from '../config/rawConfig';
import {
  bootstrapServers,
  ConfigSasl,
  PasswordMechanism,
  readSasl,
  saslGroup,
  tlsFlag,
} from '../kafka/endpoint';
import { DNS_LABEL, DNS_LABEL_HINT } from '../topics/names';

export type MigrationSaslMechanism = PasswordMechanism;

/** One side of the replication, as MirrorMaker 2 reaches it from inside Kubernetes. */
export interface MigrationEndpoint {
  /** Comma-separated host:port; for the target, unset means the stack's client bootstrap servers. */
  bootstrapServers?: string;
  /** TLS to the brokers (public CAs; the image's Java trust store). */
  tls: boolean;
  /** SASL user MirrorMaker 2 authenticates as; its password is a secret config key. */
  sasl?: ConfigSasl;
}

/**
 * `kafka:migration`: replicate the catalog's topics from the old cluster into this stack's cluster
 * with MirrorMaker 2 during a cutover. Remove the key to remove MirrorMaker 2.
 */
export interface MigrationSettings {
  /** The old cluster (read only: offset syncs are kept on the target). */
  source: MigrationEndpoint & { bootstrapServers: string };
  /** The new cluster, as MirrorMaker 2 reaches it. */
  target: MigrationEndpoint;
  /** Namespace created for MirrorMaker 2 (and deleted with it). */
  namespace: string;
  /** Replication factor of MirrorMaker 2's own topics on the target. */
  replicationFactor: number;
  /** How often consumer offsets are translated and topics/groups refreshed. */
  syncIntervalSeconds: number;
  /** Container image; absent: the pinned official apache/kafka image. */
  image?: string;
}

/**
 * The official Apache Kafka image, pinned to the release whose MirrorMaker 2 the integration
 * test runs (tests/integration/mirrorMaker.test.ts, jars of the same version from Maven Central).
 */
export const MIRROR_MAKER_IMAGE = 'apache/kafka:3.9.1';

const EXAMPLE = 'redpanda-srv.default.svc:9092';
const PASSWORD_KEYS = { source: 'migrationSourcePassword', target: 'migrationTargetPassword' } as const;

function endpointFields(side: 'source' | 'target') {
  return {
    bootstrapServers:
      side === 'source'
        ? bootstrapServers({
            required: true,
            example: EXAMPLE,
            why: 'The old cluster’s brokers, as MirrorMaker 2 reaches them from inside Kubernetes.',
          })
        : bootstrapServers({
            example: EXAMPLE,
            defaultText: 'the stack’s client bootstrap servers',
            why: 'The new cluster’s brokers as MirrorMaker 2 reaches them, e.g. MSK’s SCRAM listener (9096) when services use IAM (9098): MirrorMaker 2 needs a SCRAM or PLAIN user.',
          }),
    tls: tlsFlag('TLS to the brokers (public CAs: the image’s Java trust store).'),
    sasl: saslGroup({
      passwordKey: PASSWORD_KEYS[side],
      why: `The user MirrorMaker 2 authenticates as on the ${side === 'source' ? 'old' : 'new'} cluster.`,
    }),
  };
}
type EndpointFields = ReturnType<typeof endpointFields>;

const MIGRATION_FIELDS = {
  source: group({
    defaultText: 'required',
    why: 'The old cluster, read only: offset syncs are kept on the target.',
    fields: endpointFields('source'),
  }),
  target: group({
    defaultText: 'the stack’s client bootstrap servers, no TLS, no SASL',
    why: 'The new cluster, when MirrorMaker 2 must reach it differently from the services.',
    fields: endpointFields('target'),
  }),
  namespace: text({
    default: 'kafka-migration',
    pattern: DNS_LABEL,
    hint: DNS_LABEL_HINT,
    why: 'The namespace created for MirrorMaker 2 and deleted with it.',
    constraint: 'a DNS-1123 label; not a built-in namespace and not one that holds catalog services',
  }),
  replicationFactor: whole({
    min: 1,
    max: 32767,
    default: 3,
    why: 'Replication factor of MirrorMaker 2’s own topics on the target (1 for single-broker clusters).',
  }),
  syncIntervalSeconds: whole({
    min: 1,
    max: 86400,
    default: 30,
    why: 'How often consumer offsets are translated and the topic and group lists refreshed.',
  }),
  image: text({
    defaultText: `\`${MIRROR_MAKER_IMAGE}\` (the official image, the release the tests run)`,
    why: 'MirrorMaker 2’s container image, e.g. a private mirror of the default.',
  }),
};

const MIGRATION_KEYS = {
  migration: group({
    defaultText: 'unset: no MirrorMaker 2',
    why: 'Replicates the catalog’s topics and consumer offsets from the old cluster during a cutover; remove it to remove MirrorMaker 2.',
    fields: MIGRATION_FIELDS,
  }),
  [PASSWORD_KEYS.source]: secret({
    defaultText: 'required with `kafka:migration.source.sasl`',
    why: 'The password of the `kafka:migration.source.sasl` user.',
  }),
  [PASSWORD_KEYS.target]: secret({
    defaultText: 'required with `kafka:migration.target.sasl`',
    why: 'The password of the `kafka:migration.target.sasl` user.',
  }),
};

/** `kafka:migration` and its two password keys; undefined when migration is off. */
export const MIGRATION_SETTINGS: SettingsSection<MigrationSettings | undefined> = {
  name: 'migration',
  title: 'Migration settings',
  intro:
    'MirrorMaker 2 in Kubernetes during a cutover: it copies exactly the catalog’s topics from the old ' +
    'cluster under their own names and translates the catalog’s consumer groups’ offsets. ' +
    'The cutover, step by step: [docs/migration.md](../migration.md).',
  keys: MIGRATION_KEYS,
  declaredIn: __filename,
  notes: [
    '## Rules across sections',
    '',
    '- MirrorMaker 2 runs in Kubernetes: `kafka:kubernetes.enabled` must be `true`.',
    '- Not with `kafka:kubernetes.mode: render`: its Secret holds both clusters’ credentials, which a render provider would write in plain text.',
    '- `kafka:migration.target.bootstrapServers` must not be the source cluster.',
  ].join('\n'),
  parse(input) {
    const { f, raw } = input;
    const ns = readNamespace(input, MIGRATION_KEYS);
    if (!ns.has('migration')) {
      for (const key of Object.values(PASSWORD_KEYS)) {
        if (raw.values[key] !== undefined)
          f.report([key], 'is set but kafka:migration is not: remove it, or configure kafka:migration');
      }
      return undefined;
    }
    const migration = ns.read('migration');
    if (!migration.has('source')) {
      f.report(
        migration.at('source'),
        'is required: the old cluster, at least { bootstrapServers: "host:9092" }',
      );
    }
    const source = endpoint(input, migration.read('source'), 'source');
    const target = endpoint(input, migration.read('target'), 'target');
    if (source.bootstrapServers && source.bootstrapServers === target.bootstrapServers) {
      f.report(
        migration.at('target', 'bootstrapServers'),
        'is the same cluster as kafka:migration.source: nothing to migrate',
      );
    }
    return {
      source: { ...source, bootstrapServers: source.bootstrapServers ?? '' },
      target,
      namespace: migration.read('namespace'),
      replicationFactor: migration.read('replicationFactor'),
      syncIntervalSeconds: migration.read('syncIntervalSeconds'),
      ...opt('image', migration.read('image')),
    };
  },
};

function endpoint(
  input: SectionInput,
  g: Group<EndpointFields>,
  side: 'source' | 'target',
): MigrationEndpoint {
  // The source's required key is reported only when the source is given (its absence is reported once).
  const servers = side === 'target' || g.given ? g.read('bootstrapServers') : undefined;
  const tls = g.read('tls');
  const sasl = readSasl(input, g.has('sasl') ? g.read('sasl') : undefined, {
    endpoint: g.path,
    passwordKey: PASSWORD_KEYS[side],
    tls,
  });
  return { tls, ...opt('bootstrapServers', servers), ...opt('sasl', sasl) };
}

/** MirrorMaker 2 runs in Kubernetes: migration needs the Kubernetes delivery on. */
export function migrationSettingsProblems(
  migration: MigrationSettings | undefined,
  kubernetesEnabled: boolean,
): Problem[] {
  if (!migration || kubernetesEnabled) return [];
  return [
    {
      where: configWhere(['migration']),
      message: 'MirrorMaker 2 runs in Kubernetes: it needs kafka:kubernetes.enabled true',
    },
  ];
}
