// Real ElasticMQ (SQS-compatible) server for integration tests, run from the jars that
// scripts/fetch-test-servers.sh downloads.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { JavaServer, ensureServerJars, freePorts, makeTempDir, removeTempDir } from './kafka';

export const ELASTICMQ_VERSION = process.env.ELASTICMQ_VERSION ?? '1.7.1';

export interface StartElasticMqOptions {
  /** Keep queues (and their messages) across restart(). */
  persistent?: boolean;
}

export interface RunningElasticMq {
  /** SQS endpoint, e.g. "http://127.0.0.1:40123" */
  endpoint: string;
  region: string;
  /** Stops and starts again on the same port (and storage when persistent). */
  restart(): Promise<void>;
  /** Stops the server, keeping its port (and storage when persistent) for resume(): an outage. */
  halt(): Promise<void>;
  /** Starts a halted server again; resolves when it answers. */
  resume(): Promise<void>;
  /** Stops the server and removes its temp dir. */
  stop(): Promise<void>;
  /** Path of the server log, for debugging failures. */
  logFile: string;
}

const REGION = 'us-east-1';

export async function startElasticMq(opts: StartElasticMqOptions = {}): Promise<RunningElasticMq> {
  const libs = await ensureServerJars(`elasticmq-${ELASTICMQ_VERSION}`);
  const dir = await makeTempDir('elasticmq-test-');
  let server: JavaServer | undefined;
  try {
    const [port] = await freePorts(1);
    const endpoint = `http://127.0.0.1:${port}`;
    const storage = (file: string) => JSON.stringify(path.join(dir, file));
    // HOCON; merged over the defaults in elasticmq-rest-sqs' reference.conf.
    const config = `include classpath("application.conf")
node-address { protocol = http, host = "127.0.0.1", port = ${port}, context-path = "" }
rest-sqs { enabled = true, bind-port = ${port}, bind-hostname = "127.0.0.1", sqs-limits = strict }
generate-node-address = false
aws { region = ${REGION}, accountId = "000000000000" }
queues-storage { enabled = ${!!opts.persistent}, path = ${storage('queues.conf')} }
messages-storage { enabled = ${!!opts.persistent}, uri = ${JSON.stringify(`jdbc:h2:${path.join(dir, 'messages')}`)} }
`;
    const configFile = path.join(dir, 'elasticmq.conf');
    await writeFile(configFile, config);

    const logFile = path.join(dir, 'server.log');
    const javaArgs = [
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      `-Dconfig.file=${configFile}`,
      '-cp',
      path.join(libs, '*'),
      'org.elasticmq.server.Main',
    ];
    const sqs = new JavaServer(javaArgs, logFile);
    server = sqs;
    const client = new SQSClient({
      endpoint,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const waitReady = () =>
      sqs.waitReady(`ElasticMQ ${endpoint}`, () => client.send(new ListQueuesCommand({})));
    sqs.start();
    await waitReady();

    return {
      endpoint,
      region: REGION,
      logFile,
      async restart() {
        await sqs.stop();
        sqs.start();
        await waitReady();
      },
      async halt() {
        await sqs.stop();
      },
      async resume() {
        sqs.start();
        await waitReady();
      },
      async stop() {
        client.destroy();
        await sqs.stop();
        await removeTempDir(dir);
      },
    };
  } catch (err) {
    await server?.stop();
    await removeTempDir(dir);
    throw err;
  }
}
