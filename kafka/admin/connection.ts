import { createHash } from 'node:crypto';
import { Admin, Kafka, KafkaConfig, logLevel, SASLOptions } from 'kafkajs';
import { configValue } from './runConfig';

/**
 * An OAUTHBEARER token source by name. Plain data, so the connection stays serialisable state;
 * the code that mints tokens lives in {@link TOKEN_SOURCES}. A backend whose cluster takes
 * OAUTHBEARER adds its source there.
 */
export type TokenSource = {
  mechanism: 'oauthbearer';
  /** MSK IAM: tokens signed with the runner's AWS credentials (default chain) for `region`. */
  provider: 'aws-msk-iam';
  region: string;
};

/** SCRAM or PLAIN credentials; the password is given, or named as a stack config key. */
export interface PasswordCredentials {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  /** The password itself (a Pulumi secret input, encrypted in state), e.g. a generated one. */
  password?: string;
  /**
   * Full stack config key holding the password (`kafka:localSaslPassword`), read by the provider
   * when it runs: the password then never enters the state, and rotating it updates no resource.
   */
  passwordKey?: string;
}

/** How the Pulumi runner reaches a cluster's admin API. Plain data: it is stored in state. */
export interface AdminConnection {
  brokers: string[];
  tls: boolean;
  /** PEM of a private CA; system CAs otherwise. */
  caPem?: string;
  sasl?: PasswordCredentials | TokenSource;
  /** Bound on reaching the brokers. */
  connectTimeoutMs: number;
}

/** Mints OAUTHBEARER tokens, one per (re)authentication. */
type TokenProvider = () => Promise<{ value: string }>;

/** Token sources by `provider` name; each is loaded only when a connection uses it. */
const TOKEN_SOURCES: Record<TokenSource['provider'], (source: TokenSource) => TokenProvider> = {
  'aws-msk-iam':
    ({ region }) =>
    async () => {
      const signer =
        (await import('aws-msk-iam-sasl-signer-js')) as typeof import('aws-msk-iam-sasl-signer-js');
      // MSK IAM tokens expire after 15 minutes: kafkajs asks for a fresh one on every (re)connect.
      const { token } = await signer.generateAuthToken({ region });
      return { value: token };
    },
};

export function kafkaConfig(conn: AdminConnection, clientId = 'kafka-platform'): KafkaConfig {
  return {
    clientId,
    brokers: [...conn.brokers],
    ssl: conn.tls ? (conn.caPem ? { ca: [conn.caPem] } : true) : false,
    ...(conn.sasl ? { sasl: saslOptions(conn.sasl) } : {}),
    connectionTimeout: Math.min(conn.connectTimeoutMs, 10000),
    requestTimeout: 30000,
    // A few quick retries: a dead cluster must fail within the bound, not after kafkajs' minutes of backoff.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
  };
}

/**
 * A fresh options object for kafkajs. kafkajs adds a function to the `sasl` object it is given;
 * handing it the resource's own inputs made them unserialisable ("Unexpected struct type").
 */
function saslOptions(sasl: NonNullable<AdminConnection['sasl']>): SASLOptions {
  if (sasl.mechanism === 'oauthbearer') {
    const source = TOKEN_SOURCES[sasl.provider];
    if (!source) throw new Error(`unknown OAUTHBEARER token source "${String(sasl.provider)}"`);
    return { mechanism: 'oauthbearer', oauthBearerProvider: source(sasl) };
  }
  return { mechanism: sasl.mechanism, username: sasl.username, password: passwordOf(sasl) };
}

function passwordOf(sasl: PasswordCredentials): string {
  if (sasl.password !== undefined) return sasl.password;
  const key = sasl.passwordKey;
  const value = key ? configValue(key) : undefined;
  if (value === undefined || value === '') {
    throw new Error(
      key
        ? `the SASL password of user "${sasl.username}" is not in this stack's config: pulumi config set --secret ${key} <password>`
        : `the SASL user "${sasl.username}" has no password`,
    );
  }
  return value;
}

interface PoolEntry {
  admin: Admin;
  ready: Promise<Admin>;
}

/**
 * One admin connection per cluster per process, shared by every resource in a run. Kept on
 * globalThis so that every copy of this module in a process (tests load it more than once)
 * shares it.
 */
function pool(): Map<string, PoolEntry> {
  const key = Symbol.for('kafka-platform.adminPool');
  const g = globalThis as unknown as Record<symbol, Map<string, PoolEntry> | undefined>;
  return (g[key] ??= new Map());
}

/**
 * Identity of a cluster connection, for pooling and batching: cluster, user and credentials (a
 * digest of a literal password, or the config key that holds it).
 */
export function connectionId(conn: AdminConnection): string {
  const sasl = conn.sasl;
  const who =
    sasl === undefined
      ? ''
      : sasl.mechanism === 'oauthbearer'
        ? `${sasl.provider}:${sasl.region}`
        : `${sasl.mechanism}:${sasl.username}:${sasl.passwordKey ?? ''}:${
            sasl.password === undefined
              ? ''
              : createHash('sha256').update(sasl.password).digest('hex').slice(0, 16)
          }`;
  return JSON.stringify([conn.brokers, conn.tls, conn.caPem ?? '', who]);
}

/** Raised when the brokers cannot be reached or refuse the credentials; the message says which. */
export class BrokersUnreachableError extends Error {
  override readonly name = 'BrokersUnreachableError';
}

/** A connected admin client for `conn`, reused across calls; fails within the connect bound. */
export async function adminFor(conn: AdminConnection): Promise<Admin> {
  const id = connectionId(conn);
  const existing = pool().get(id);
  if (existing) return existing.ready;
  const admin = new Kafka(kafkaConfig(conn)).admin();
  const ready = withTimeout(admin.connect(), conn.connectTimeoutMs * 2, conn).then(
    () => admin,
    (err: unknown) => {
      pool().delete(id);
      void admin.disconnect().catch(() => undefined);
      throw err instanceof BrokersUnreachableError ? err : unreachable(conn, err);
    },
  );
  pool().set(id, { admin, ready });
  return ready;
}

/** How many admin clients this process holds open (one per distinct cluster connection). */
export function openAdminCount(): number {
  return pool().size;
}

/** Closes every pooled admin connection (end of a test or a CLI run). */
export async function closeAdmins(): Promise<void> {
  const entries = [...pool().values()];
  pool().clear();
  await Promise.all(entries.map((e) => e.admin.disconnect().catch(() => undefined)));
}

function withTimeout<T>(promise: Promise<T>, ms: number, conn: AdminConnection): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unreachable(conn, new Error(`no answer within ${ms} ms`))), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function unreachable(conn: AdminConnection, cause: unknown): BrokersUnreachableError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const brokers = conn.brokers.join(',');
  const saslType = (cause as { type?: string } | undefined)?.type;
  const saslRefused =
    cause instanceof Error &&
    (cause.name === 'KafkaJSSASLAuthenticationError' ||
      saslType === 'UNSUPPORTED_SASL_MECHANISM' ||
      saslType === 'SASL_AUTHENTICATION_FAILED');
  if (saslRefused && conn.sasl?.mechanism === 'oauthbearer') {
    return new BrokersUnreachableError(
      `Kafka brokers ${brokers} refused the MSK IAM token signed for region ${conn.sasl.region}: ${reason}. ` +
        'Check that the AWS identity running Pulumi may kafka-cluster:Connect and manage topics on this cluster.',
    );
  }
  if (saslRefused) {
    const user = conn.sasl && conn.sasl.mechanism !== 'oauthbearer' ? conn.sasl.username : '';
    return new BrokersUnreachableError(
      `Kafka brokers ${brokers} refused the credentials of user "${user}": ${reason}. ` +
        'Check the SASL mechanism, user name and password.',
    );
  }
  return new BrokersUnreachableError(
    `cannot reach Kafka brokers ${brokers}: ${reason}. ` +
      'Check the bootstrap servers, TLS and SASL settings, and that the cluster is running.',
  );
}
