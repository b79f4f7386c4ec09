import { Fields } from '../config/fields';
import { configWhere, opt, RawConfig, SecretRef, secretRef } from '../config/settings';
import { DNS_LABEL, DNS_LABEL_HINT } from '../topics/names';

export const MIGRATION_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type MigrationSaslMechanism = (typeof MIGRATION_SASL_MECHANISMS)[number];

/** One side of the replication, as MirrorMaker 2 reaches it from inside Kubernetes. */
export interface MigrationEndpoint {
  /** Comma-separated host:port; for the target, unset means the stack's client bootstrap servers. */
  bootstrapServers?: string;
  /** TLS to the brokers (public CAs; the image's Java trust store). Default false. */
  tls: boolean;
  /** SASL user MirrorMaker 2 authenticates as; its password is a secret config key. */
  sasl?: { mechanism: MigrationSaslMechanism; username: string; password: SecretRef };
}

/**
 * `kafka:migration`: replicate the catalog's topics from the old cluster into this stack's cluster
 * with MirrorMaker 2 during a cutover. Remove the key to remove MirrorMaker 2.
 */
export interface MigrationSettings {
  /** The old cluster (read only: offset syncs are kept on the target). Required. */
  source: MigrationEndpoint & { bootstrapServers: string };
  /** The new cluster, as MirrorMaker 2 reaches it. Default: the stack's client bootstrap, no TLS, no SASL. */
  target: MigrationEndpoint;
  /** Namespace created for MirrorMaker 2. Default `kafka-migration`. */
  namespace: string;
  /** Replication factor of MirrorMaker 2's own topics on the target. Default 3 (1 for single-broker clusters). */
  replicationFactor: number;
  /** How often consumer offsets are translated and topics/groups refreshed. Default 30 s. */
  syncIntervalSeconds: number;
  /** Container image; default the pinned official apache/kafka image (override for a private mirror). */
  image?: string;
}

export const MIGRATION_KEYS = ['migration', 'migrationSourcePassword', 'migrationTargetPassword'] as const;
const MIGRATION_FIELDS = [
  'source',
  'target',
  'namespace',
  'replicationFactor',
  'syncIntervalSeconds',
  'image',
];
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/;
const HOST_PORT_HINT = 'must be a comma-separated list of host:port, e.g. redpanda-srv.default.svc:9092';

/**
 * Parses `kafka:migration` and its two password keys; undefined when migration is off.
 * `kubernetesEnabled`: MirrorMaker 2 runs in Kubernetes, so it needs the Kubernetes target.
 */
export function parseMigrationSettings(
  f: Fields,
  raw: RawConfig,
  kubernetesEnabled: boolean,
): MigrationSettings | undefined {
  const v = raw.values;
  if (v.migration === undefined) {
    for (const key of ['migrationSourcePassword', 'migrationTargetPassword']) {
      if (v[key] !== undefined)
        f.report([key], 'is set but kafka:migration is not: remove it, or configure kafka:migration');
    }
    return undefined;
  }
  const path = ['migration'];
  const obj = f.object(v.migration, path);
  f.onlyKeys(obj, path, MIGRATION_FIELDS);
  if (!kubernetesEnabled) {
    f.report(path, 'MirrorMaker 2 runs in Kubernetes: it needs kafka:kubernetes.enabled true');
  }
  if (obj.source === undefined) {
    f.report([...path, 'source'], 'is required: the old cluster, at least { bootstrapServers: "host:9092" }');
  }
  const source = endpoint(f, raw, obj.source, 'source', 'migrationSourcePassword', true);
  const target = endpoint(f, raw, obj.target, 'target', 'migrationTargetPassword', false);
  if (source.bootstrapServers && source.bootstrapServers === target.bootstrapServers) {
    f.report(
      [...path, 'target', 'bootstrapServers'],
      'is the same cluster as kafka:migration.source: nothing to migrate',
    );
  }
  const namespace =
    f.string(obj.namespace, [...path, 'namespace'], { pattern: DNS_LABEL, patternHint: DNS_LABEL_HINT }) ??
    'kafka-migration';
  const replicationFactor =
    f.integer(obj.replicationFactor, [...path, 'replicationFactor'], { min: 1, max: 32767 }) ?? 3;
  const syncIntervalSeconds =
    f.integer(obj.syncIntervalSeconds, [...path, 'syncIntervalSeconds'], { min: 1, max: 86400 }) ?? 30;
  const image = f.string(obj.image, [...path, 'image']);
  return {
    source: { ...source, bootstrapServers: source.bootstrapServers ?? '' },
    target,
    namespace,
    replicationFactor,
    syncIntervalSeconds,
    ...opt('image', image),
  };
}

function endpoint(
  f: Fields,
  raw: RawConfig,
  value: unknown,
  side: 'source' | 'target',
  passwordKey: string,
  required: boolean,
): MigrationEndpoint {
  const path = ['migration', side];
  const obj = f.object(value, path);
  f.onlyKeys(obj, path, ['bootstrapServers', 'tls', 'sasl']);
  const hp = { pattern: HOST_PORT, patternHint: HOST_PORT_HINT };
  const bootstrapServers =
    required && value !== undefined
      ? f.requiredString(obj.bootstrapServers, [...path, 'bootstrapServers'], hp)
      : f.string(obj.bootstrapServers, [...path, 'bootstrapServers'], hp);
  const tls = f.boolean(obj.tls, [...path, 'tls']) ?? false;
  const password = secretRef(f, raw, passwordKey);
  let sasl: MigrationEndpoint['sasl'];
  if (obj.sasl !== undefined) {
    const s = f.object(obj.sasl, [...path, 'sasl']);
    f.onlyKeys(s, [...path, 'sasl'], ['mechanism', 'username']);
    const mechanism = f.requiredString(s.mechanism, [...path, 'sasl', 'mechanism'], {
      allowed: MIGRATION_SASL_MECHANISMS,
    }) as MigrationSaslMechanism | undefined;
    const username = f.requiredString(s.username, [...path, 'sasl', 'username']);
    if (raw.values[passwordKey] === undefined) {
      f.report(
        [passwordKey],
        `is required with ${configWhere([...path, 'sasl'])}: pulumi config set --secret kafka:${passwordKey} <password>`,
      );
    }
    if (mechanism === 'plain' && !tls) {
      f.report(
        [...path, 'sasl', 'mechanism'],
        `"plain" sends the password in clear text: it needs ${configWhere([...path, 'tls'])}: true`,
      );
    }
    if (mechanism && username && password) sasl = { mechanism, username, password };
  } else if (raw.values[passwordKey] !== undefined) {
    f.report(
      [passwordKey],
      `is set but ${configWhere([...path, 'sasl'])} is not: add { sasl: { mechanism, username } }`,
    );
  }
  return { tls, ...opt('bootstrapServers', bootstrapServers), ...opt('sasl', sasl) };
}
