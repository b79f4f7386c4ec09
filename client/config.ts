import type { KafkaConfig, SASLOptions } from 'kafkajs';
import {
  ENV,
  OAUTH_PROVIDERS,
  OAuthProvider,
  SASL_MECHANISMS,
  SaslMechanism,
  SECURITY_PROTOCOLS,
  SecurityProtocol,
} from './contract';
import { registerCompressionCodecs } from './compression';
import { kafkajsLogging, LoggingOptions } from './logging';
import { oneOf, Problem, show, throwIfAny } from './problems';
import {
  awsMskIamToken,
  azureEntraToken,
  CacheOptions,
  cachedToken,
  gcpKafkaToken,
  TokenSources,
} from './tokens';

export type Env = Readonly<Record<string, string | undefined>>;

/** How the client authenticates, decided from the env. Plain data. */
export type KafkaAuth =
  | { kind: 'none' }
  | { kind: 'password'; mechanism: Exclude<SaslMechanism, 'OAUTHBEARER'>; username: string; password: string }
  | { kind: 'aws-msk-iam'; region: string }
  | { kind: 'azure-entra'; scope: string }
  | { kind: 'gcp' };

/** Everything the service's Kafka env says, validated. */
export interface KafkaEnv {
  brokers: string[];
  securityProtocol: SecurityProtocol;
  tls: boolean;
  /** PEM of a private CA to trust in addition to nothing else (system CAs otherwise). */
  caPem?: string;
  auth: KafkaAuth;
  clientId?: string;
  produces: string[];
  consumes: string[];
  /** Consumer group per consumed topic (KAFKA_CONSUMER_GROUPS), falling back to KAFKA_CONSUMER_GROUP. */
  groups: Record<string, string>;
  defaultGroup?: string;
  /** Dead-letter topic per consumed topic (KAFKA_DEAD_LETTER_TOPICS). */
  deadLetterTopics: Record<string, string>;
}

/** `Mechanism` values that mean "MSK IAM"; Java clients call it AWS_MSK_IAM. */
const MSK_IAM_ALIAS = 'AWS_MSK_IAM';
const MSK_HOST = /\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
const EVENT_HUBS_HOST = /\.servicebus\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/;

/**
 * Reads and checks the Kafka env the platform writes (client/contract.ts). Reports every problem at
 * once, each naming its variable; secret values never appear in messages.
 */
export function parseKafkaEnv(env: Env = process.env): KafkaEnv {
  const problems: Problem[] = [];
  const report = (where: string, message: string) => problems.push({ where, message });
  const read = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const brokers = parseBrokers(read(ENV.brokerUrl), report);

  const protocolRaw = read(ENV.securityProtocol);
  let securityProtocol: SecurityProtocol = 'PLAINTEXT';
  if (protocolRaw !== undefined) {
    const upper = protocolRaw.toUpperCase();
    if ((SECURITY_PROTOCOLS as readonly string[]).includes(upper))
      securityProtocol = upper as SecurityProtocol;
    else report(ENV.securityProtocol, `${show(protocolRaw)} is not one of ${oneOf(SECURITY_PROTOCOLS)}`);
  }
  const tls = securityProtocol === 'SSL' || securityProtocol === 'SASL_SSL';
  const sasl = securityProtocol.startsWith('SASL_');

  const caPem = read(ENV.sslCaPem);
  if (caPem !== undefined) {
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      report(ENV.sslCaPem, 'must hold a PEM certificate (-----BEGIN CERTIFICATE----- ...)');
    }
    if (protocolRaw !== undefined && !tls) {
      report(
        ENV.sslCaPem,
        `is set but ${ENV.securityProtocol} is ${securityProtocol}, which does not use TLS`,
      );
    }
  }

  const auth = parseAuth(read, report, { securityProtocol, sasl, tls, brokers, protocolRaw });

  const clientId = read(ENV.clientId);
  const produces = list(read(ENV.produces));
  const consumes = list(read(ENV.consumes));
  const defaultGroup = read(ENV.consumerGroup);
  const groups: Record<string, string> = {};
  for (const pair of list(read(ENV.consumerGroups))) {
    const [topic, group, ...rest] = pair.split('=').map((s) => s.trim());
    if (!topic || !group || rest.length > 0) {
      report(ENV.consumerGroups, `${show(pair)} is not a topic=group pair`);
      continue;
    }
    groups[topic] = group;
  }
  const deadLetterTopics: Record<string, string> = {};
  for (const pair of list(read(ENV.deadLetterTopics))) {
    const [topic, deadLetter, ...rest] = pair.split('=').map((s) => s.trim());
    if (!topic || !deadLetter || rest.length > 0) {
      report(ENV.deadLetterTopics, `${show(pair)} is not a topic=deadLetterTopic pair`);
      continue;
    }
    deadLetterTopics[topic] = deadLetter;
  }

  throwIfAny(problems);
  return {
    brokers,
    securityProtocol,
    tls,
    ...(caPem ? { caPem } : {}),
    auth,
    ...(clientId ? { clientId } : {}),
    produces,
    consumes,
    groups,
    ...(defaultGroup ? { defaultGroup } : {}),
    deadLetterTopics,
  };
}

function parseBrokers(raw: string | undefined, report: (where: string, message: string) => void): string[] {
  if (raw === undefined) {
    report(ENV.brokerUrl, 'is required: comma-separated host:port bootstrap servers');
    return [];
  }
  const brokers: string[] = [];
  for (const entry of list(raw)) {
    const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(entry);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      report(ENV.brokerUrl, `${show(entry)} is not host:port (no scheme, port 1-65535)`);
      continue;
    }
    brokers.push(entry);
  }
  if (brokers.length === 0 && list(raw).length === 0) report(ENV.brokerUrl, 'lists no bootstrap servers');
  return brokers;
}

interface AuthContext {
  securityProtocol: SecurityProtocol;
  sasl: boolean;
  tls: boolean;
  brokers: string[];
  protocolRaw: string | undefined;
}

function parseAuth(
  read: (name: string) => string | undefined,
  report: (where: string, message: string) => void,
  ctx: AuthContext,
): KafkaAuth {
  const mechanismRaw = read(ENV.saslMechanism);
  const username = read(ENV.saslUsername);
  const password = read(ENV.saslPassword);
  const providerRaw = read(ENV.oauthProvider);

  if (!ctx.sasl) {
    const why = `is set but ${ENV.securityProtocol} is ${ctx.securityProtocol}${ctx.protocolRaw === undefined ? ' (the default)' : ''}; SASL needs SASL_SSL or SASL_PLAINTEXT`;
    for (const [name, value] of [
      [ENV.saslMechanism, mechanismRaw],
      [ENV.saslUsername, username],
      [ENV.saslPassword, password],
      [ENV.oauthProvider, providerRaw],
    ] as const) {
      if (value !== undefined) report(name, why);
    }
    return { kind: 'none' };
  }

  if (mechanismRaw === undefined) {
    report(
      ENV.saslMechanism,
      `is required when ${ENV.securityProtocol} is ${ctx.securityProtocol} (one of ${oneOf(SASL_MECHANISMS)})`,
    );
    return { kind: 'none' };
  }
  let mechanism = mechanismRaw.toUpperCase();
  let provider = providerRaw;
  if (mechanism === MSK_IAM_ALIAS) {
    mechanism = 'OAUTHBEARER';
    provider ??= 'aws-msk-iam';
  }
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    report(ENV.saslMechanism, `${show(mechanismRaw)} is not one of ${oneOf(SASL_MECHANISMS)}`);
    return { kind: 'none' };
  }

  if (mechanism !== 'OAUTHBEARER') {
    const m = mechanism as Exclude<SaslMechanism, 'OAUTHBEARER'>;
    if (providerRaw !== undefined)
      report(ENV.oauthProvider, `is set but ${ENV.saslMechanism} is ${m}, not OAUTHBEARER`);
    if (m === 'PLAIN' && !ctx.tls) {
      report(
        ENV.saslMechanism,
        `PLAIN sends the password in clear text; it needs ${ENV.securityProtocol}=SASL_SSL, not ${ctx.securityProtocol}`,
      );
    }
    if (username === undefined) report(ENV.saslUsername, `is required for ${m}`);
    if (password === undefined) report(ENV.saslPassword, `is required for ${m}`);
    const eventHubs = ctx.brokers.some((b) => EVENT_HUBS_HOST.test(hostOf(b)));
    if (eventHubs && m === 'PLAIN' && username !== undefined && username !== '$ConnectionString') {
      report(
        ENV.saslUsername,
        'must be $ConnectionString for Event Hubs SAS authentication (the password is the connection string)',
      );
    }
    if (eventHubs && m !== 'PLAIN') {
      report(ENV.saslMechanism, `Event Hubs accepts PLAIN (SAS) or OAUTHBEARER (Entra ID), not ${m}`);
    }
    if (username === undefined || password === undefined) return { kind: 'none' };
    return { kind: 'password', mechanism: m, username, password };
  }

  // OAUTHBEARER: tokens come from a cloud identity, never from a stored user/password.
  for (const [name, value] of [
    [ENV.saslUsername, username],
    [ENV.saslPassword, password],
  ] as const) {
    if (value !== undefined)
      report(name, 'is set but OAUTHBEARER does not use it; remove it so no stale credential lingers');
  }
  if (!ctx.tls) report(ENV.securityProtocol, `OAUTHBEARER tokens need SASL_SSL, not ${ctx.securityProtocol}`);
  if (provider === undefined) {
    report(
      ENV.oauthProvider,
      `is required when ${ENV.saslMechanism} is OAUTHBEARER (one of ${oneOf(OAUTH_PROVIDERS)})`,
    );
    return { kind: 'none' };
  }
  if (!(OAUTH_PROVIDERS as readonly string[]).includes(provider)) {
    report(ENV.oauthProvider, `${show(provider)} is not one of ${oneOf(OAUTH_PROVIDERS)}`);
    return { kind: 'none' };
  }
  // Google Managed Kafka: the pod's workload identity from the GKE metadata server; nothing to read.
  if ((provider as OAuthProvider) === 'gcp') return { kind: 'gcp' };
  return (provider as OAuthProvider) === 'aws-msk-iam' ? mskAuth(read, report, ctx) : entraAuth(report, ctx);
}

function mskAuth(
  read: (name: string) => string | undefined,
  report: (where: string, message: string) => void,
  ctx: AuthContext,
): KafkaAuth {
  const fromHost = [...new Set(ctx.brokers.map((b) => MSK_HOST.exec(hostOf(b))?.[1]).filter((r) => r))];
  const region = read(ENV.awsRegion);
  if (region !== undefined) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
      report(ENV.awsRegion, `${show(region)} is not an AWS region`);
    else if (fromHost.length === 1 && fromHost[0] !== region) {
      report(
        ENV.awsRegion,
        `${show(region)} differs from the brokers' region ${show(fromHost[0])}; MSK would refuse the token`,
      );
    }
    return { kind: 'aws-msk-iam', region };
  }
  if (fromHost.length === 1) return { kind: 'aws-msk-iam', region: fromHost[0]! };
  report(ENV.awsRegion, 'is required for MSK IAM when the region cannot be read from the broker host names');
  return { kind: 'none' };
}

function entraAuth(report: (where: string, message: string) => void, ctx: AuthContext): KafkaAuth {
  // Event Hubs wants a token for its namespace: https://<namespace>.servicebus.windows.net/.default
  const hosts = [...new Set(ctx.brokers.map(hostOf))];
  if (hosts.length !== 1) {
    if (ctx.brokers.length > 0) {
      report(ENV.brokerUrl, `azure-entra needs one Event Hubs namespace host, got ${show(hosts.join(','))}`);
    }
    return { kind: 'none' };
  }
  return { kind: 'azure-entra', scope: `https://${hosts[0]}/.default` };
}

function hostOf(broker: string): string {
  return broker.slice(0, broker.lastIndexOf(':'));
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s);
}

/** The consumer group for `topic` from the env, if the platform wrote one. */
export function groupFor(env: KafkaEnv, topic: string): string | undefined {
  return env.groups[topic] ?? env.defaultGroup;
}

export interface KafkaConfigOptions extends LoggingOptions {
  /** Token sources for OAUTHBEARER; defaults use the ambient AWS / Azure identity. */
  tokens?: TokenSources;
  /** Token cache tuning (clock, refresh point). */
  tokenCache?: CacheOptions;
  /** Extra kafkajs settings (timeouts, retry, logLevel); the env decides brokers, TLS and SASL. */
  overrides?: Omit<KafkaConfig, 'brokers' | 'ssl' | 'sasl'>;
}

/**
 * The kafkajs config for validated env: quiet structured logging unless `logger`/`logLevel` (or
 * kafkajs' own `overrides.logLevel`/`logCreator`) say otherwise. Registers the Snappy, LZ4 and zstd
 * codecs with kafkajs, so whatever client is built from it reads compressed topics.
 */
export function kafkaConfigFor(kenv: KafkaEnv, opts: KafkaConfigOptions = {}): KafkaConfig {
  registerCompressionCodecs();
  const sasl = saslFor(kenv.auth, opts);
  return {
    ...(kenv.clientId ? { clientId: kenv.clientId } : {}),
    ...kafkajsLogging(opts),
    ...opts.overrides,
    brokers: kenv.brokers,
    ssl: kenv.tls ? (kenv.caPem ? { ca: [kenv.caPem] } : true) : false,
    ...(sasl ? { sasl } : {}),
  };
}

function saslFor(auth: KafkaAuth, opts: KafkaConfigOptions): SASLOptions | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'password': {
      const { username, password } = auth;
      if (auth.mechanism === 'PLAIN') return { mechanism: 'plain', username, password };
      if (auth.mechanism === 'SCRAM-SHA-256') return { mechanism: 'scram-sha-256', username, password };
      return { mechanism: 'scram-sha-512', username, password };
    }
    case 'aws-msk-iam': {
      const source = opts.tokens?.awsMskIam ?? awsMskIamToken;
      const token = cachedToken(() => source(auth.region), opts.tokenCache);
      return {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({ value: (await token()).value }),
      };
    }
    case 'azure-entra': {
      const source = opts.tokens?.azureEntra ?? azureEntraToken;
      const token = cachedToken(() => source(auth.scope), opts.tokenCache);
      return {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({ value: (await token()).value }),
      };
    }
    case 'gcp': {
      const source = opts.tokens?.gcp ?? (() => gcpKafkaToken());
      const token = cachedToken(source, opts.tokenCache);
      return {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({ value: (await token()).value }),
      };
    }
  }
}

/**
 * The kafkajs config for this service, from the variables the platform writes. Throws a
 * ValidationError listing every inconsistent variable at once.
 */
export function kafkaConfigFromEnv(env: Env = process.env, opts: KafkaConfigOptions = {}): KafkaConfig {
  return kafkaConfigFor(parseKafkaEnv(env), opts);
}
