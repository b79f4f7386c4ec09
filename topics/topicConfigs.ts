/**
 * The topic-level configs the catalog accepts, with the type Kafka expects. Values are kept as
 * the strings Kafka's admin API speaks; the catalog may write numbers and booleans unquoted.
 * Source: Apache Kafka topic configuration reference (TopicConfig / LogConfig).
 */
export type ConfigType =
  | { kind: 'long'; min: number }
  | { kind: 'int'; min: number }
  | { kind: 'double'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; values: readonly string[] }
  | { kind: 'string' };

const long = (min: number): ConfigType => ({ kind: 'long', min });
const int = (min: number): ConfigType => ({ kind: 'int', min });
const bool: ConfigType = { kind: 'boolean' };

export const TOPIC_CONFIGS: Readonly<Record<string, ConfigType>> = {
  'cleanup.policy': { kind: 'list', values: ['delete', 'compact'] },
  'compression.type': {
    kind: 'enum',
    values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'],
  },
  'delete.retention.ms': long(0),
  'file.delete.delay.ms': long(0),
  'flush.messages': long(1),
  'flush.ms': long(0),
  'index.interval.bytes': int(0),
  'local.retention.bytes': long(-2),
  'local.retention.ms': long(-2),
  'max.compaction.lag.ms': long(1),
  'max.message.bytes': int(0),
  'message.timestamp.after.max.ms': long(0),
  'message.timestamp.before.max.ms': long(0),
  'message.timestamp.type': { kind: 'enum', values: ['CreateTime', 'LogAppendTime'] },
  'min.cleanable.dirty.ratio': { kind: 'double', min: 0, max: 1 },
  'min.compaction.lag.ms': long(0),
  'min.insync.replicas': int(1),
  preallocate: bool,
  'remote.storage.enable': bool,
  'retention.bytes': long(-1),
  'retention.ms': long(-1),
  'segment.bytes': int(14),
  'segment.index.bytes': int(4),
  'segment.jitter.ms': long(0),
  'segment.ms': long(1),
  'unclean.leader.election.enable': bool,
};

export type Normalised = { value: string; problem?: undefined } | { value?: undefined; problem: string };

/**
 * Normalises one topic config value to Kafka's string form, or explains why it is not allowed.
 */
export function normaliseTopicConfig(key: string, raw: unknown): Normalised {
  const type = TOPIC_CONFIGS[key];
  if (!type) {
    return {
      problem: `is not a topic config this program manages (known: ${Object.keys(TOPIC_CONFIGS).join(', ')})`,
    };
  }
  return normaliseConfigValue(type, raw);
}

/**
 * Checks a value against a Kafka config type and returns it in Kafka's string form. Shared by
 * topic configs and broker properties: YAML and Pulumi config may write numbers and booleans
 * unquoted, Kafka's admin API speaks strings.
 */
export function normaliseConfigValue(type: ConfigType, raw: unknown): Normalised {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (type.kind) {
    case 'long':
    case 'int': {
      const n =
        typeof text === 'number'
          ? text
          : typeof text === 'string' && /^-?\d+$/.test(text)
            ? Number(text)
            : NaN;
      const max = type.kind === 'int' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
      if (!Number.isSafeInteger(n) || n < type.min || n > max) {
        return { problem: `${JSON.stringify(raw)} must be a whole number from ${type.min} to ${max}` };
      }
      return { value: String(n) };
    }
    case 'double': {
      const n =
        typeof text === 'number' ? text : typeof text === 'string' && text !== '' ? Number(text) : NaN;
      if (!Number.isFinite(n) || n < type.min || n > type.max) {
        return { problem: `${JSON.stringify(raw)} must be a number from ${type.min} to ${type.max}` };
      }
      return { value: String(n) };
    }
    case 'boolean':
      if (text === true || text === 'true') return { value: 'true' };
      if (text === false || text === 'false') return { value: 'false' };
      return { problem: `${JSON.stringify(raw)} must be true or false` };
    case 'enum':
      if (typeof text === 'string' && type.values.includes(text)) return { value: text };
      return { problem: `${JSON.stringify(raw)} is not one of ${type.values.join(', ')}` };
    case 'list': {
      const items = Array.isArray(text) ? text : typeof text === 'string' ? text.split(',') : [];
      const parts = items.map((s) => String(s).trim());
      const bad = parts.filter((p) => !type.values.includes(p));
      if (parts.length === 0 || bad.length > 0 || new Set(parts).size !== parts.length) {
        return {
          problem: `${JSON.stringify(raw)} must be a comma-separated list of distinct values from ${type.values.join(', ')}`,
        };
      }
      return { value: [...parts].sort().join(',') };
    }
    case 'string':
      if (typeof text === 'string' && text !== '') return { value: text };
      return { problem: `${JSON.stringify(raw)} must be a non-empty string` };
  }
}
