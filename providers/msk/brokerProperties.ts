import { ConfigType, normaliseConfigValue, Normalised } from '../../topics/topicConfigs';

/**
 * Broker (cluster-level) properties that `kafka:msk.brokerConfig` may override, with their type.
 * A subset of what MSK accepts in a custom configuration (msk-configuration-properties), chosen
 * for what teams actually tune; anything else is refused so typos never reach AWS.
 */
export const BROKER_CONFIGS: Readonly<Record<string, ConfigType>> = {
  'allow.everyone.if.no.acl.found': { kind: 'boolean' },
  'auto.create.topics.enable': { kind: 'boolean' },
  'compression.type': { kind: 'enum', values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
  'default.replication.factor': { kind: 'int', min: 1 },
  'delete.topic.enable': { kind: 'boolean' },
  'group.initial.rebalance.delay.ms': { kind: 'int', min: 0 },
  'log.retention.bytes': { kind: 'long', min: -1 },
  'log.retention.hours': { kind: 'int', min: 1 },
  'log.retention.ms': { kind: 'long', min: -1 },
  'log.segment.bytes': { kind: 'int', min: 14 },
  'message.max.bytes': { kind: 'int', min: 0 },
  'min.insync.replicas': { kind: 'int', min: 1 },
  'num.io.threads': { kind: 'int', min: 1 },
  'num.network.threads': { kind: 'int', min: 1 },
  'num.partitions': { kind: 'int', min: 1 },
  'num.replica.fetchers': { kind: 'int', min: 1 },
  'offsets.retention.minutes': { kind: 'int', min: 1 },
  'replica.lag.time.max.ms': { kind: 'long', min: 1 },
  'transaction.state.log.min.isr': { kind: 'int', min: 1 },
  'transaction.state.log.replication.factor': { kind: 'int', min: 1 },
  'unclean.leader.election.enable': { kind: 'boolean' },
};

/** Express brokers fix these (RF 3, min ISR 2, no unclean election); MSK rejects overrides. */
export const EXPRESS_FIXED = [
  'default.replication.factor',
  'min.insync.replicas',
  'unclean.leader.election.enable',
] as const;

/**
 * Of BROKER_CONFIGS, what an Express broker's custom configuration accepts ("Static configurations
 * on MSK Express brokers"); MSK sets everything else itself and refuses overrides (e.g.
 * `log.retention.hours`, `num.io.threads`, `log.segment.bytes`).
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-configuration-express-read-write.html
 */
export const EXPRESS_CONFIGS: readonly string[] = [
  'allow.everyone.if.no.acl.found',
  'auto.create.topics.enable',
  'compression.type',
  'delete.topic.enable',
  'group.initial.rebalance.delay.ms',
  'log.retention.bytes',
  'log.retention.ms',
  'message.max.bytes',
  'num.partitions',
  'offsets.retention.minutes',
];

/** Normalises one override to Kafka's string form. Returns `{ value }` or `{ problem }`. */
export function normaliseBrokerConfig(key: string, raw: unknown): Normalised {
  const type = BROKER_CONFIGS[key];
  if (!type) {
    return {
      problem: `is not a broker property this program manages (known: ${Object.keys(BROKER_CONFIGS).join(', ')})`,
    };
  }
  return normaliseConfigValue(type, raw);
}

/**
 * The durability defaults this program always writes, adapted to the number of AZs: with 3 AZs
 * RF 3 / min ISR 2; with 2 AZs RF 2 / min ISR 1 (MSK's own 2-AZ defaults), so losing one AZ keeps
 * every partition writable. Never fewer replicas than brokers allow.
 */
export function durabilityDefaults(azCount: number, brokerCount: number): Record<string, string> {
  const rf = Math.min(azCount >= 3 ? 3 : 2, brokerCount);
  return {
    'auto.create.topics.enable': 'false',
    'default.replication.factor': String(rf),
    'min.insync.replicas': String(Math.max(1, rf - 1)),
    'unclean.leader.election.enable': 'false',
  };
}

/**
 * The server.properties text of the cluster's MSK configuration: defaults, then validated user
 * overrides; keys Express brokers fix are left out for them. Sorted so the text is stable.
 */
export function serverProperties(args: {
  azCount: number;
  brokerCount: number;
  express: boolean;
  overrides: Record<string, string>;
}): string {
  const merged: Record<string, string> = {
    ...durabilityDefaults(args.azCount, args.brokerCount),
    ...args.overrides,
  };
  if (args.express) for (const key of EXPRESS_FIXED) delete merged[key];
  return (
    Object.keys(merged)
      .sort()
      .map((key) => `${key}=${merged[key]}`)
      .join('\n') + '\n'
  );
}
