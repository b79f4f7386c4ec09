import { Measure } from './processTree';

/** A catalog topic of the benchmark: 3 partitions, one config. */
export interface BenchTopic {
  name: string;
  partitions: number;
  config: Record<string, string>;
}

/** The rows of the table, for one mode. */
export interface ModeResult {
  create: Measure;
  preview: Measure;
  refresh: Measure;
  change: Measure;
  /** Bytes of the state after the create. */
  state: number;
}

/** `n` topics named `<prefix>.NNNN` (each mode has its own names: one broker holds them all). */
export function benchTopics(prefix: string, n: number): BenchTopic[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `${prefix}.${String(i).padStart(5, '0')}`,
    partitions: 3,
    config: { 'retention.ms': String(86_400_000 * (1 + (i % 7))) },
  }));
}

/** The same one-topic change every mode applies: the first topic's retention doubled. */
export function changed(topic: BenchTopic): BenchTopic {
  return { ...topic, config: { 'retention.ms': String(Number(topic.config['retention.ms']) * 2) } };
}
