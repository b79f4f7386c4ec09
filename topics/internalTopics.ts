/**
 * Topics a catalog never manages: the cluster's and tools' own. Kafka names its internal topics
 * with a leading "__" (__consumer_offsets, __transaction_state), Confluent and Redpanda use "_"
 * (_schemas, _redpanda_e2e_probe, __redpanda.*), and Kafka Connect / MirrorMaker 2 end theirs
 * with ".internal" (mm2-offset-syncs.target.internal, source.checkpoints.internal, ...).
 */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('_') || name.endsWith('.internal');
}
