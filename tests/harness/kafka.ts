// Real single-node Kafka (KRaft) for integration tests, run from the jars that
// scripts/fetch-test-servers.sh downloads. Also holds the Java process helpers sqs.ts uses.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

export interface KafkaUser {
  name: string;
  password: string;
}

export interface StartKafkaOptions {
  /** Adds a SASL_SSL listener (SCRAM-SHA-512 and SCRAM-SHA-256, TLS with a CA + server cert made by openssl for localhost/127.0.0.1) and turns on ACLs (StandardAuthorizer, super.users = User:admin and User:ANONYMOUS so the PLAINTEXT listener stays an admin path for test setup). */
  sasl?: boolean;
  /** SCRAM users created at format time (`--add-scram`), besides `admin`. */
  users?: KafkaUser[];
  /** Extra server.properties entries. */
  properties?: Record<string, string>;
  /**
   * `zookeeper`: a ZooKeeper server (from the same jars) holds the metadata, and SASL mode uses
   * ZooKeeper's ACL authorizer (`kafka.security.authorizer.AclAuthorizer`), as MSK's ZooKeeper-based
   * versions do. Default `kraft`.
   */
  metadata?: 'kraft' | 'zookeeper';
  /**
   * Logs every request the broker completes (kafka.request.logger at DEBUG) to `requestLogFile`,
   * for counting what clients ask (benchmarks).
   */
  requestLog?: boolean;
}

export interface RunningKafka {
  /** PLAINTEXT bootstrap, e.g. "127.0.0.1:40123" */
  bootstrap: string;
  /** SASL_SSL bootstrap when sasl was requested */
  saslBootstrap?: string;
  /** PEM of the CA that signed the broker cert (clients pass it as ssl.ca) */
  caPem?: string;
  /** SCRAM super user (only meaningful with sasl) */
  admin: KafkaUser;
  /** Adds/updates a SCRAM-SHA-512 (and -256) credential on the running broker via Kafka's ConfigCommand. */
  addScramUser(user: KafkaUser): Promise<void>;
  /** Stops and starts again on the same ports and data dir; resolves when the broker is ready again. */
  restart(): Promise<void>;
  /** Stops the broker process, keeping its ports and data for resume(): an outage clients must ride out. */
  halt(): Promise<void>;
  /** Starts a halted broker again; resolves when it is ready. */
  resume(): Promise<void>;
  /** Stops the broker and removes its temp dir. */
  stop(): Promise<void>;
  /** Path of the broker log, for debugging failures. */
  logFile: string;
  /** With `requestLog`: one line per completed request. */
  requestLogFile?: string;
  /** The broker's log.dirs (partition directories `<topic>-<n>`), for inspecting stored batches. */
  dataDir: string;
  /** `java` arguments up to the main class (quiet logging, the Kafka jars incl. kafka-clients and its codecs). */
  javaArgs: string[];
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** Kafka 3.x only: the log4j 1 config, StorageTool flags and ConfigCommand class are 3.x's. */
export const KAFKA_VERSION = process.env.KAFKA_VERSION ?? '3.9.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Java process helpers (shared with sqs.ts)

// Servers and temp dirs of this process, cleaned up on exit so no broker outlives the tests and
// no directory is left in the system's temporary folder.
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
// Signals skip 'exit' handlers unless someone listens; turn them into a normal exit.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => process.exit(code));
}

// Where available, the kernel kills the server even if this process dies by SIGKILL.
const PDEATHSIG = process.platform === 'linux' && existsSync('/usr/bin/setpriv');

/** Runs scripts/fetch-test-servers.sh unless `.cache/<name>` is complete; returns its libs dir. */
export async function ensureServerJars(name: string): Promise<string> {
  const home = path.join(REPO_ROOT, '.cache', name);
  if (!existsSync(path.join(home, '.complete'))) {
    const script = path.join(REPO_ROOT, 'scripts', 'fetch-test-servers.sh');
    const child = spawn('bash', [script], { stdio: ['ignore', 2, 2] });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`${script} failed with exit code ${code}`);
  }
  return path.join(home, 'libs');
}

/** Loopback ports that were free a moment ago (all bound at once, so they differ). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** The same, synchronously, for tests that set up files before any await. */
export function makeTempDirSync(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => socket.destroy(new Error(`connect to port ${port} timed out`)));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** Runs a short-lived Java tool; the error carries its output. */
export async function runJava(args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('java', args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    // The message already holds the command line and stderr.
    const { message, stdout = '' } = err as Error & { stdout?: string };
    throw new Error(`${message}\n${stdout}`);
  }
}

/**
 * A long-running server whose output goes to a log file; can be stopped and started again. Java by
 * default; the Kubernetes harness runs etcd and the API server through the same lifecycle.
 */
export class JavaServer {
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private spawnError?: Error;

  constructor(
    private readonly args: string[],
    readonly logFile: string,
    private readonly command = 'java',
  ) {}

  start(): void {
    const log = openSync(this.logFile, 'a');
    const argv = PDEATHSIG ? ['setpriv', '--pdeathsig', 'KILL', this.command] : [this.command];
    const child = spawn(argv[0], [...argv.slice(1), ...this.args], { stdio: ['ignore', log, log] });
    closeSync(log);
    children.add(child);
    this.spawnError = undefined;
    this.exited = new Promise((resolve) => {
      const done = () => {
        children.delete(child);
        resolve();
      };
      child.once('exit', done);
      child.once('error', (err) => {
        this.spawnError = err;
        done();
      });
    });
    this.child = child;
  }

  get alive(): boolean {
    const child = this.child;
    return !!child && child.exitCode === null && child.signalCode === null && !this.spawnError;
  }

  /** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(lines = 60): string {
    let text = '';
    try {
      text = readFileSync(this.logFile, 'utf8');
    } catch {
      // no log yet
    }
    return text.split('\n').slice(-lines).join('\n');
  }

  /** Polls `check` until it resolves; fails fast if the process dies, with the log tail either way. */
  async waitReady(what: string, check: () => Promise<unknown>, timeoutMs = READY_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (!this.alive) {
        const reason = this.spawnError ? String(this.spawnError) : 'process exited';
        throw new Error(`${what}: ${reason} (log ${this.logFile})\n${this.logTail()}`);
      }
      try {
        await check();
        return;
      } catch (err) {
        lastError = err;
      }
      await sleep(250);
    }
    throw new Error(
      `${what}: not ready after ${timeoutMs} ms (last error: ${String(lastError)}; log ${this.logFile})\n` +
        this.logTail(),
    );
  }
}

// ---------------------------------------------------------------------------
// Kafka

const BROKER_LOG4J = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.authorizer.logger=INFO
`;

// CLI tools would otherwise warn about missing log4j config on every run.
const TOOLS_LOG4J = `log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
`;

// The tool syntax `SCRAM-SHA-512=[name=..,password=..]` has no reliable escaping.
function checkScramUser(user: KafkaUser): void {
  for (const value of [user.name, user.password]) {
    if (!value || /[\s,=[\]"]/.test(value)) {
      throw new Error(`SCRAM name/password must be non-empty without spaces or ,=[]": ${value}`);
    }
  }
}

const MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256'];

/** Makes a CA and a localhost server cert; returns the CA PEM and the server key+chain PEM path. */
async function makeTls(dir: string): Promise<{ caPem: string; keystore: string }> {
  await mkdir(dir);
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileAsync('openssl', args);
  // prettier-ignore
  await openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=kafka-test-ca',
    '-keyout', file('ca.key'), '-out', file('ca.pem'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  );
  // prettier-ignore
  await openssl(
    'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
    '-keyout', file('server.key'), '-out', file('server.csr'),
  );
  await writeFile(
    file('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' +
      'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  // prettier-ignore
  await openssl(
    'x509', '-req', '-days', '2', '-in', file('server.csr'), '-CA', file('ca.pem'),
    '-CAkey', file('ca.key'), '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-extfile', file('server.ext'), '-out', file('server.crt'),
  );
  const [caPem, key, cert] = await Promise.all(
    ['ca.pem', 'server.key', 'server.crt'].map((name) => readFile(file(name), 'utf8')),
  );
  // Kafka's PEM keystore: unencrypted PKCS#8 key followed by the certificate chain.
  const keystore = file('server-keystore.pem');
  await writeFile(keystore, key + cert + caPem);
  return { caPem, keystore };
}

function kafkaClient(config: Omit<KafkaConfig, 'clientId'>): Kafka {
  return new Kafka({
    clientId: 'test-harness',
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 0 },
    ...config,
  });
}

export async function startKafka(opts: StartKafkaOptions = {}): Promise<RunningKafka> {
  const libs = await ensureServerJars(`kafka-${KAFKA_VERSION}`);
  const dir = await makeTempDir('kafka-test-');
  let server: JavaServer | undefined;
  let zookeeperServer: JavaServer | undefined;
  try {
    const zookeeperMode = opts.metadata === 'zookeeper';
    const [plainPort, controllerPort, saslPort, zkPort] = await freePorts(4);
    const bootstrap = `127.0.0.1:${plainPort}`;
    const saslBootstrap = opts.sasl ? `127.0.0.1:${saslPort}` : undefined;
    const admin: KafkaUser = { name: 'admin', password: randomBytes(12).toString('hex') };
    const classpath = path.join(libs, '*');
    const dataDir = path.join(dir, 'data');
    const toolsLog4j = path.join(dir, 'tools-log4j.properties');
    const brokerLog4j = path.join(dir, 'log4j.properties');
    await writeFile(toolsLog4j, TOOLS_LOG4J);
    const requestLogFile = opts.requestLog ? path.join(dir, 'requests.log') : undefined;
    await writeFile(
      brokerLog4j,
      requestLogFile
        ? `${BROKER_LOG4J}log4j.logger.kafka.request.logger=DEBUG, requests\nlog4j.additivity.kafka.request.logger=false\n` +
            `log4j.appender.requests=org.apache.log4j.FileAppender\nlog4j.appender.requests.File=${requestLogFile}\n` +
            'log4j.appender.requests.layout=org.apache.log4j.PatternLayout\nlog4j.appender.requests.layout.ConversionPattern=%m%n\n'
        : BROKER_LOG4J,
    );
    const javaArgs = ['-Xmx256m', `-Dlog4j.configuration=file:${toolsLog4j}`, '-cp', classpath];
    const tool = (mainClass: string, ...args: string[]) => runJava([...javaArgs, mainClass, ...args]);

    const listeners = zookeeperMode
      ? [`PLAINTEXT://${bootstrap}`]
      : [`PLAINTEXT://${bootstrap}`, `CONTROLLER://127.0.0.1:${controllerPort}`];
    const metadataProps: Record<string, string> = zookeeperMode
      ? { 'broker.id': '1', 'zookeeper.connect': `127.0.0.1:${zkPort}` }
      : {
          'process.roles': 'broker,controller',
          'node.id': '1',
          'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
          'controller.listener.names': 'CONTROLLER',
        };
    const props: Record<string, string> = {
      ...metadataProps,
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
      'log.dirs': dataDir,
      'num.partitions': '1',
      'default.replication.factor': '1',
      'min.insync.replicas': '1',
      'offsets.topic.replication.factor': '1',
      // One partition instead of 50 makes the first consumer group join much faster.
      'offsets.topic.num.partitions': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'transaction.state.log.num.partitions': '1',
      'group.initial.rebalance.delay.ms': '0',
      'auto.create.topics.enable': 'false',
    };
    let caPem: string | undefined;
    if (saslBootstrap) {
      const tls = await makeTls(path.join(dir, 'tls'));
      caPem = tls.caPem;
      listeners.push(`SASL_SSL://${saslBootstrap}`);
      Object.assign(props, {
        'sasl.enabled.mechanisms': MECHANISMS.join(','),
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': tls.keystore,
        'authorizer.class.name': zookeeperMode
          ? 'kafka.security.authorizer.AclAuthorizer'
          : 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        // ANONYMOUS is whoever uses PLAINTEXT/CONTROLLER: the broker itself and test setup.
        'super.users': `User:${admin.name};User:ANONYMOUS`,
      });
      for (const mechanism of MECHANISMS) {
        props[`listener.name.sasl_ssl.${mechanism.toLowerCase()}.sasl.jaas.config`] =
          'org.apache.kafka.common.security.scram.ScramLoginModule required;';
      }
    }
    props.listeners = listeners.join(',');
    props['advertised.listeners'] = listeners.filter((l) => !l.startsWith('CONTROLLER')).join(',');
    Object.assign(props, opts.properties);
    const propsFile = path.join(dir, 'server.properties');
    await writeFile(
      propsFile,
      Object.entries(props)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n') + '\n',
    );

    const scramArgs =
      opts.sasl && !zookeeperMode
        ? [admin, ...(opts.users ?? [])].flatMap((user) => {
            checkScramUser(user);
            return MECHANISMS.flatMap((m) => [
              '--add-scram',
              `${m}=[name=${user.name},password=${user.password}]`,
            ]);
          })
        : [];
    // A KRaft cluster id is 16 random bytes, base64url without padding.
    // A Kafka cluster id is 16 bytes in base64url; one starting with "-" would be read as a flag.
    const clusterId = randomBytes(16).toString('base64url').replace(/^-/, 'A');
    let zookeeper: JavaServer | undefined;
    if (zookeeperMode) {
      // ZooKeeper's standalone server: `<port> <dataDir>`; the broker formats its own log dirs.
      zookeeper = new JavaServer(
        [
          '-Xmx128m',
          '-XX:+UseSerialGC',
          `-Dlog4j.configuration=file:${toolsLog4j}`,
          '-Dzookeeper.admin.enableServer=false',
          '-cp',
          classpath,
          'org.apache.zookeeper.server.ZooKeeperServerMain',
          String(zkPort),
          path.join(dir, 'zookeeper'),
        ],
        path.join(dir, 'zookeeper.log'),
      );
      zookeeperServer = zookeeper;
      zookeeper.start();
      await zookeeper.waitReady(`ZooKeeper 127.0.0.1:${zkPort}`, () => tcpConnect(zkPort));
    } else {
      await tool(
        'kafka.tools.StorageTool',
        'format',
        '--config',
        propsFile,
        '--cluster-id',
        clusterId,
        ...scramArgs,
      );
    }

    const logFile = path.join(dir, 'server.log');
    const broker = new JavaServer(
      [
        '-Xms128m',
        '-Xmx512m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${brokerLog4j}`,
        `-Dkafka.logs.dir=${dir}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        propsFile,
      ],
      logFile,
    );
    server = broker;

    const waitReady = () =>
      broker.waitReady(`Kafka broker ${bootstrap}`, async () => {
        await tcpConnect(plainPort);
        if (opts.sasl) await tcpConnect(saslPort);
        const client = kafkaClient({ brokers: [bootstrap] }).admin();
        try {
          await client.connect();
          await client.describeCluster();
        } finally {
          await client.disconnect();
        }
      });
    broker.start();
    await waitReady();

    const running: RunningKafka = {
      bootstrap,
      saslBootstrap,
      caPem,
      admin,
      logFile,
      ...(requestLogFile ? { requestLogFile } : {}),
      dataDir,
      javaArgs,
      async addScramUser(user) {
        checkScramUser(user);
        // One mechanism per request: Kafka rejects two changes to one user in a single request.
        const add = (m: string) =>
          tool(
            'kafka.admin.ConfigCommand',
            '--bootstrap-server',
            bootstrap,
            '--alter',
            '--add-config',
            `${m}=[password=${user.password}]`,
            '--entity-type',
            'users',
            '--entity-name',
            user.name,
          );
        // In ZooKeeper mode both requests rewrite the user's one znode: concurrent, one is lost.
        if (zookeeperMode) for (const m of MECHANISMS) await add(m);
        else await Promise.all(MECHANISMS.map(add));
        if (!saslBootstrap || !caPem) return;
        // The credential reaches the broker's metadata cache asynchronously; wait until it logs in.
        const sasl = { mechanism: 'scram-sha-512' as const, username: user.name, password: user.password };
        await broker.waitReady(
          `SCRAM user ${user.name}`,
          async () => {
            const client = kafkaClient({ brokers: [saslBootstrap], ssl: { ca: [caPem] }, sasl }).admin();
            try {
              await client.connect();
            } finally {
              await client.disconnect();
            }
          },
          15_000,
        );
      },
      async restart() {
        await broker.stop();
        broker.start();
        await waitReady();
      },
      async halt() {
        await broker.stop();
      },
      async resume() {
        broker.start();
        await waitReady();
      },
      async stop() {
        await broker.stop();
        await zookeeper?.stop();
        await removeTempDir(dir);
      },
    };
    // ZooKeeper mode has no format step to add SCRAM users: they are added through the broker.
    if (zookeeperMode && opts.sasl) {
      for (const user of [admin, ...(opts.users ?? [])]) await running.addScramUser(user);
    }
    return running;
  } catch (err) {
    await server?.stop();
    await zookeeperServer?.stop();
    await removeTempDir(dir);
    throw err;
  }
}
