import { Admin, Kafka, KafkaConfig, logLevel, SASLOptions } from 'kafkajs';

/** How the Pulumi runner reaches a cluster's admin API. Plain data: it is stored in state. */
export interface AdminConnection {
  brokers: string[];
  tls: boolean;
  /** PEM of a private CA; system CAs otherwise. */
  caPem?: string;
  sasl?:
    | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
    /** MSK IAM: OAUTHBEARER tokens signed with the runner's AWS credentials (default chain). */
    | { mechanism: 'oauthbearer'; provider: 'aws-msk-iam'; region: string };
  /** Bound on reaching the brokers. */
  connectTimeoutMs: number;
}

export function kafkaConfig(conn: AdminConnection, clientId = 'kafka-platform'): KafkaConfig {
  return {
    clientId,
    brokers: conn.brokers,
    ssl: conn.tls ? (conn.caPem ? { ca: [conn.caPem] } : true) : false,
    ...(conn.sasl ? { sasl: saslOptions(conn.sasl) } : {}),
    connectionTimeout: Math.min(conn.connectTimeoutMs, 10000),
    requestTimeout: 30000,
    // A few quick retries: a dead cluster must fail within the bound, not after kafkajs' minutes of backoff.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
  };
}

function saslOptions(sasl: NonNullable<AdminConnection['sasl']>): SASLOptions {
  if (sasl.mechanism !== 'oauthbearer') return sasl;
  const { region } = sasl;
  return {
    mechanism: 'oauthbearer',
    // A fresh token per (re)authentication: they expire after 15 minutes.
    oauthBearerProvider: async () => {
      // Required lazily so the serialised dynamic provider loads the signer only when it is used.
      const signer = require('aws-msk-iam-sasl-signer-js') as typeof import('aws-msk-iam-sasl-signer-js');
      const { token } = await signer.generateAuthToken({ region });
      return { value: token };
    },
  };
}

interface PoolEntry {
  admin: Admin;
  ready: Promise<Admin>;
}

/**
 * One admin connection per cluster per process, shared by every topic resource in a run.
 * Kept on globalThis because Pulumi deserializes the dynamic provider once per resource
 * closure; a module-level map would not be shared between them.
 */
function pool(): Map<string, PoolEntry> {
  const key = Symbol.for('kafka-platform.adminPool');
  const g = globalThis as unknown as Record<symbol, Map<string, PoolEntry> | undefined>;
  return (g[key] ??= new Map());
}

export class BrokersUnreachableError extends Error {}

/** A connected admin client for `conn`, reused across calls; fails within the connect bound. */
export async function adminFor(conn: AdminConnection): Promise<Admin> {
  const id = JSON.stringify([conn.brokers, conn.tls, conn.caPem, conn.sasl]);
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
  if (saslRefused) {
    if (conn.sasl?.mechanism === 'oauthbearer') {
      return new BrokersUnreachableError(
        `Kafka brokers ${brokers} refused the MSK IAM token signed for region ${conn.sasl.region}: ${reason}. ` +
          'Check that the AWS identity running Pulumi may kafka-cluster:Connect and manage topics on this cluster.',
      );
    }
    return new BrokersUnreachableError(
      `Kafka brokers ${brokers} refused the credentials of user "${conn.sasl?.username ?? ''}": ${reason}. ` +
        'Check the SASL mechanism, user name and password.',
    );
  }
  return new BrokersUnreachableError(
    `cannot reach Kafka brokers ${brokers}: ${reason}. ` +
      'Check the bootstrap servers, TLS and SASL settings, and that the cluster is running.',
  );
}
