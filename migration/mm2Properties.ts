import { securityProtocolFor } from '../client/contract';
import { Catalog, consumerGroups } from '../topics/catalog';
import { MigrationEndpoint, MigrationSaslMechanism, MigrationSettings } from './settings';

/** Cluster aliases in mm2.properties; they name MirrorMaker 2's own topics (`source.checkpoints.internal`). */
export const SOURCE_ALIAS = 'source';
export const TARGET_ALIAS = 'target';

/** MirrorMaker 2's replication policy that keeps topic names (no `source.` prefix on the target). */
export const IDENTITY_POLICY = 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy';

/** Passwords resolved from the secret config keys; only ever handled inside a Pulumi secret. */
export interface Mm2Passwords {
  source?: string;
  target?: string;
}

const JAAS_MODULE: Record<MigrationSaslMechanism, string> = {
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

/**
 * The mm2.properties of a dedicated MirrorMaker 2 (`connect-mirror-maker.sh`), as ordered
 * key/value pairs. Pure. One flow, source -> target, replicating exactly the catalog's topics
 * under their own names and translating the offsets of the catalog's consumer groups, so
 * consumers can move to the new cluster and resume where they were.
 */
export function mm2Properties(
  settings: MigrationSettings,
  catalog: Catalog,
  targetBootstrapServers: string,
  passwords: Mm2Passwords,
): [string, string][] {
  const rf = String(settings.replicationFactor);
  const interval = String(settings.syncIntervalSeconds);
  const target = {
    ...settings.target,
    bootstrapServers: settings.target.bootstrapServers ?? targetBootstrapServers,
  };
  return [
    ['clusters', `${SOURCE_ALIAS}, ${TARGET_ALIAS}`],
    ...clientProperties(SOURCE_ALIAS, settings.source, passwords.source),
    ...clientProperties(TARGET_ALIAS, target, passwords.target),
    [`${SOURCE_ALIAS}->${TARGET_ALIAS}.enabled`, 'true'],
    [`${TARGET_ALIAS}->${SOURCE_ALIAS}.enabled`, 'false'],
    // Exact names, not patterns: MirrorMaker 2 reads these as regular expressions.
    ['topics', catalog.topics.map((t) => exactPattern(t.name)).join(', ')],
    [
      'groups',
      consumerGroups(catalog)
        .map((g) => exactPattern(g.group))
        .join(', '),
    ],
    ['replication.policy.class', IDENTITY_POLICY],
    // Topics on the target come from the catalog (Pulumi): MirrorMaker 2 must not rewrite their
    // configs or ACLs with the old cluster's.
    ['sync.topic.configs.enabled', 'false'],
    ['sync.topic.acls.enabled', 'false'],
    ['emit.checkpoints.enabled', 'true'],
    ['emit.checkpoints.interval.seconds', interval],
    ['sync.group.offsets.enabled', 'true'],
    ['sync.group.offsets.interval.seconds', interval],
    ['refresh.topics.interval.seconds', interval],
    ['refresh.groups.interval.seconds', interval],
    // No heartbeat records on the new cluster (MirrorMaker 2 still creates an empty `heartbeats`
    // topic there; drop it after the cutover).
    ['emit.heartbeats.enabled', 'false'],
    // Offset syncs live on the target, so MirrorMaker 2 never writes to the old cluster.
    ['offset-syncs.topic.location', TARGET_ALIAS],
    ['replication.factor', rf],
    ['checkpoints.topic.replication.factor', rf],
    ['heartbeats.topic.replication.factor', rf],
    ['offset-syncs.topic.replication.factor', rf],
    ['config.storage.replication.factor', rf],
    ['offset.storage.replication.factor', rf],
    ['status.storage.replication.factor', rf],
  ];
}

function clientProperties(alias: string, endpoint: MigrationEndpoint, password?: string): [string, string][] {
  const protocol = securityProtocolFor(endpoint.tls, !!endpoint.sasl);
  const out: [string, string][] = [
    [`${alias}.bootstrap.servers`, endpoint.bootstrapServers ?? ''],
    [`${alias}.security.protocol`, protocol],
  ];
  if (endpoint.sasl) {
    const { mechanism, username } = endpoint.sasl;
    out.push([`${alias}.sasl.mechanism`, mechanism.toUpperCase()]);
    out.push([
      `${alias}.sasl.jaas.config`,
      `${JAAS_MODULE[mechanism]} required username=${jaasQuote(username)} password=${jaasQuote(password ?? '')};`,
    ]);
  }
  return out;
}

/** A regular expression matching exactly `name` (Kafka names: letters, digits, ".", "_", "-"). */
export function exactPattern(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A JAAS option value: double-quoted, with `\` and `"` escaped. */
function jaasQuote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Java .properties text (what java.util.Properties.load reads back to the same pairs). Values are
 * escaped: `\` (regex escapes in `topics` must survive), leading spaces, line breaks.
 */
export function renderProperties(entries: readonly [string, string][]): string {
  const escapeKey = (k: string) => k.replace(/\\/g, '\\\\').replace(/([=: #!])/g, '\\$1');
  const escapeValue = (v: string) =>
    v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^ /, '\\ ');
  const lines = entries.map(([k, v]) => `${escapeKey(k)}=${escapeValue(v)}`);
  return `# MirrorMaker 2 (dedicated mode), generated by kafka-platform from the topic catalog.\n${lines.join('\n')}\n`;
}
