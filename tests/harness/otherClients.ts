// Kafka clients other than kafkajs, for checking what the library writes and reads against what
// the rest of the world does: the Java producer/consumer (kafka-clients, from the harness's jars)
// and kcat (librdkafka, Debian's package). Each runs as its own process against the real broker.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ensureServerJars, type RunningKafka } from './kafka';

export type Codec = 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Runs a command with `input` on stdin; resolves with stdout, rejects with stderr on failure. */
function run(command: string, args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${err}`));
    });
    child.stdin.end(input);
  });
}

/** `key<TAB>value` lines. */
const lines = (records: { key: string; value: string }[]) =>
  records.map((r) => `${r.key}\t${r.value}\n`).join('');

/** The Java console producer with a codec (its --compression-codec sets compression.type); lingers so the records share batches. */
export async function javaProduce(
  kafka: RunningKafka,
  topic: string,
  codec: Codec,
  records: { key: string; value: string }[],
  producerProperties: Record<string, string> = {},
): Promise<void> {
  const extra = Object.entries({ 'linger.ms': '200', ...producerProperties }).flatMap(([k, v]) => [
    '--producer-property',
    `${k}=${v}`,
  ]);
  // prettier-ignore
  await run('java', [
    ...kafka.javaArgs, 'kafka.tools.ConsoleProducer', '--bootstrap-server', kafka.bootstrap, '--topic', topic,
    '--compression-codec', codec, ...extra,
    '--property', 'parse.key=true', '--property', 'key.separator=\t',
  ], lines(records));
}

/** The Java consumer (tests/harness/java/ConsumeAll.java): the first `count` values of a topic. */
export async function javaConsume(kafka: RunningKafka, topic: string, count: number): Promise<string[]> {
  const source = path.join(__dirname, 'java', 'ConsumeAll.java');
  const out = await run('java', [...kafka.javaArgs, source, kafka.bootstrap, topic, String(count)]);
  return out.split('\n').filter((l) => l !== '');
}

/** kcat (librdkafka) producing with a codec. */
export async function kcatProduce(
  kafka: RunningKafka,
  topic: string,
  codec: Codec,
  records: { key: string; value: string }[],
): Promise<void> {
  // prettier-ignore
  await run('kcat', [
    '-P', '-b', kafka.bootstrap, '-t', topic, '-z', codec, '-K', '\t', '-X', 'linger.ms=200',
  ], lines(records));
}

/** kcat reading a topic from the beginning to its end: the values. */
export async function kcatConsume(kafka: RunningKafka, topic: string): Promise<string[]> {
  const out = await run('kcat', [
    '-C',
    '-b',
    kafka.bootstrap,
    '-t',
    topic,
    '-o',
    'beginning',
    '-e',
    '-q',
    '-f',
    '%s\n',
  ]);
  return out.split('\n').filter((l) => l !== '');
}

/**
 * The codecs of the batches stored for a topic, as the broker's own DumpLogSegments reports them:
 * proof of what was actually written, independent of any client.
 */
export async function storedCodecs(kafka: RunningKafka, topic: string): Promise<Set<string>> {
  return new Set((await storedBatches(kafka, topic)).map((b) => b.codec));
}

/** The record batches stored for a topic as DumpLogSegments reports them: records, stored (compressed) bytes, codec. */
export async function storedBatches(
  kafka: RunningKafka,
  topic: string,
): Promise<{ count: number; size: number; codec: string }[]> {
  const batches: { count: number; size: number; codec: string }[] = [];
  const dirs = (await readdir(kafka.dataDir)).filter((d) => d.startsWith(`${topic}-`));
  for (const dir of dirs) {
    const segments = (await readdir(path.join(kafka.dataDir, dir))).filter((f) => f.endsWith('.log'));
    for (const segment of segments) {
      // prettier-ignore
      const out = await run('java', [
        ...kafka.javaArgs, 'kafka.tools.DumpLogSegments', '--files', path.join(kafka.dataDir, dir, segment),
      ]);
      for (const line of out.split('\n')) {
        const codec = /compresscodec: (\w+)/.exec(line);
        if (!codec) continue;
        batches.push({
          codec: codec[1]!.toLowerCase(),
          count: Number(/count: (\d+)/.exec(line)?.[1] ?? 0),
          size: Number(/size: (\d+)/.exec(line)?.[1] ?? 0),
        });
      }
    }
  }
  return batches;
}

export const CLOUDEVENTS_VERSION = process.env.CLOUDEVENTS_VERSION ?? '4.0.1';

/** The broker's Java args with the CloudEvents Java SDK's jars after Kafka's own on the classpath. */
async function cloudEventsJavaArgs(kafka: RunningKafka): Promise<string[]> {
  const sdk = await ensureServerJars(`cloudevents-${CLOUDEVENTS_VERSION}`);
  const args = [...kafka.javaArgs];
  const cp = args.indexOf('-cp') + 1;
  args[cp] = `${args[cp]}${path.delimiter}${path.join(sdk, '*')}`;
  return args;
}

/**
 * The CloudEvents Java SDK's producer (tests/harness/java/CloudEventsInterop.java) writing `count`
 * events in `mode`; ids `<mode>-<n>`, what each carries is described in the Java file.
 */
export async function javaCloudEventsProduce(
  kafka: RunningKafka,
  topic: string,
  mode: 'structured' | 'binary',
  count: number,
): Promise<void> {
  const source = path.join(__dirname, 'java', 'CloudEventsInterop.java');
  const args = await cloudEventsJavaArgs(kafka);
  await run('java', [...args, source, 'produce', kafka.bootstrap, topic, mode, String(count)]);
}

/** The CloudEvents Java SDK's consumer: the first `count` events of a topic, each with the mode its record was in. */
export async function javaCloudEventsConsume(
  kafka: RunningKafka,
  topic: string,
  count: number,
): Promise<{ mode: 'structured' | 'binary'; event: Record<string, unknown> }[]> {
  const source = path.join(__dirname, 'java', 'CloudEventsInterop.java');
  const args = await cloudEventsJavaArgs(kafka);
  const out = await run('java', [...args, source, 'consume', kafka.bootstrap, topic, String(count)]);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      return {
        mode: line.slice(0, tab) as 'structured' | 'binary',
        event: JSON.parse(line.slice(tab + 1)) as Record<string, unknown>,
      };
    });
}
