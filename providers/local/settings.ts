import * as fs from 'node:fs';
import { Fields } from '../../config/fields';
import { configWhere, opt, RawConfig, SecretRef, secretRef } from '../../config/settings';

export const LOCAL_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type LocalSaslMechanism = (typeof LOCAL_SASL_MECHANISMS)[number];

/** `kafka:local`: an existing Kafka-compatible cluster (Redpanda from Compose, or any broker list). */
export interface LocalSettings {
  /** Brokers the Pulumi runner dials to manage topics, e.g. `localhost:19092`. Required. */
  bootstrapServers: string;
  /**
   * Brokers services dial, when they differ from the runner's view, e.g. `redpanda:9092` for
   * services inside the Compose network. Default: bootstrapServers.
   */
  clientBootstrapServers: string;
  /** TLS to the brokers. Default false. */
  tls: boolean;
  /** PEM file of a private CA to trust (read on the runner, handed to services). */
  caFile?: string;
  /** Contents of caFile, read while validating so a missing file is a settings problem. */
  caPem?: string;
  /** SASL user shared by the runner and services; the password is `kafka:localSaslPassword`. */
  sasl?: { mechanism: LocalSaslMechanism; username: string; password: SecretRef };
  /** Replication factor for catalog topics without one. Default 1 (single-broker dev clusters). */
  defaultReplicationFactor: number;
  /** Bound on connecting to the brokers, so an unreachable cluster fails fast. Default 10000. */
  connectTimeoutMs: number;
}

export const LOCAL_KEYS = ['local', 'localSaslPassword'] as const;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/;
const HOST_PORT_HINT = 'must be a comma-separated list of host:port, e.g. localhost:19092';

export function parseLocalSettings(f: Fields, raw: RawConfig): LocalSettings {
  const path = ['local'];
  const obj = f.object(raw.values.local, path);
  if (raw.values.local === undefined) {
    f.report(
      path,
      'is required for kafka:provider local: set at least { bootstrapServers: "localhost:19092" }',
    );
  }
  f.onlyKeys(obj, path, [
    'bootstrapServers',
    'clientBootstrapServers',
    'tls',
    'caFile',
    'sasl',
    'defaultReplicationFactor',
    'connectTimeoutMs',
  ]);
  const hp = { pattern: HOST_PORT, patternHint: HOST_PORT_HINT };
  const bootstrapServers =
    (raw.values.local === undefined
      ? undefined
      : f.requiredString(obj.bootstrapServers, [...path, 'bootstrapServers'], hp)) ?? 'localhost:19092';
  const clientBootstrapServers =
    f.string(obj.clientBootstrapServers, [...path, 'clientBootstrapServers'], hp) ?? bootstrapServers;
  const tls = f.boolean(obj.tls, [...path, 'tls']) ?? false;
  const caFile = f.string(obj.caFile, [...path, 'caFile']);
  if (caFile && !tls) f.report([...path, 'caFile'], 'only applies with kafka:local.tls: true');
  const caPem = caFile && tls ? readCaFile(f, caFile, [...path, 'caFile']) : undefined;

  let sasl: LocalSettings['sasl'];
  const password = secretRef(f, raw, 'localSaslPassword');
  if (obj.sasl !== undefined) {
    const s = f.object(obj.sasl, [...path, 'sasl']);
    f.onlyKeys(s, [...path, 'sasl'], ['mechanism', 'username']);
    const mechanism = f.requiredString(s.mechanism, [...path, 'sasl', 'mechanism'], {
      allowed: LOCAL_SASL_MECHANISMS,
    }) as LocalSaslMechanism | undefined;
    const username = f.requiredString(s.username, [...path, 'sasl', 'username']);
    if (!password && raw.values.localSaslPassword === undefined) {
      f.report(
        ['localSaslPassword'],
        `is required with ${configWhere([...path, 'sasl'])}: pulumi config set --secret kafka:localSaslPassword <password>`,
      );
    }
    if (mechanism === 'plain' && !tls) {
      f.report(
        [...path, 'sasl', 'mechanism'],
        '"plain" sends the password in clear text: it needs kafka:local.tls: true',
      );
    }
    if (mechanism && username && password) sasl = { mechanism, username, password };
  } else if (password) {
    f.report(
      ['localSaslPassword'],
      'is set but kafka:local.sasl is not: add { sasl: { mechanism, username } }',
    );
  }
  const defaultReplicationFactor =
    f.integer(obj.defaultReplicationFactor, [...path, 'defaultReplicationFactor'], { min: 1, max: 32767 }) ??
    1;
  const connectTimeoutMs =
    f.integer(obj.connectTimeoutMs, [...path, 'connectTimeoutMs'], { min: 500, max: 300000 }) ?? 10000;
  return {
    bootstrapServers,
    clientBootstrapServers,
    tls,
    defaultReplicationFactor,
    connectTimeoutMs,
    ...opt('caFile', caFile),
    ...opt('caPem', caPem),
    ...opt('sasl', sasl),
  };
}

/** The one file local settings point at: read it now so a bad path is reported with the rest. */
function readCaFile(f: Fields, file: string, path: string[]): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    f.report(
      path,
      `cannot read "${file}": ${(err as NodeJS.ErrnoException).code ?? String(err)} (a PEM file, relative to the project directory)`,
    );
    return undefined;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    f.report(path, `"${file}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    return undefined;
  }
  return text;
}
