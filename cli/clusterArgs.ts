import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CONNECT_TIMEOUT_MS,
  isHostPort,
  PASSWORD_MECHANISMS,
  PasswordMechanism,
  sendsPasswordInClear,
} from '../kafka/endpoint';
import { AdminConnection } from '../kafka/admin/connection';

/** parseArgs options every command that reads a live cluster shares. */
export const CLUSTER_OPTIONS = {
  brokers: { type: 'string' },
  'sasl-mechanism': { type: 'string' },
  username: { type: 'string' },
  'password-env': { type: 'string' },
  tls: { type: 'boolean', default: false },
  'ca-file': { type: 'string' },
  'connect-timeout-ms': { type: 'string' },
} as const;

export const CLUSTER_USAGE =
  '--brokers HOST:PORT[,HOST:PORT...] [--tls [--ca-file PEM]] ' +
  `[--sasl-mechanism ${PASSWORD_MECHANISMS.join('|')} --username USER --password-env VAR] [--connect-timeout-ms N]`;

export interface ClusterArgValues {
  brokers?: string;
  'sasl-mechanism'?: string;
  username?: string;
  'password-env'?: string;
  tls?: boolean;
  'ca-file'?: string;
  'connect-timeout-ms'?: string;
}

/** Reads files named on the command line relative to the user's directory. */
export function readFrom(cwd: string): (file: string) => string {
  return (file) => fs.readFileSync(path.resolve(cwd, file), 'utf8');
}

/**
 * The admin connection the flags describe, or every usage problem at once. The rules are the
 * endpoint rules of the stack settings (kafka/endpoint.ts), worded as flags. The password is only
 * ever read from the named environment variable, so it stays out of shell history and `ps`.
 */
export function connectionFromArgs(
  values: ClusterArgValues,
  env: NodeJS.ProcessEnv,
  readFile: (file: string) => string = (file) => fs.readFileSync(file, 'utf8'),
): { connection?: AdminConnection; problems: string[] } {
  const problems: string[] = [];
  const brokers = (values.brokers ?? '').split(',').filter((b) => b !== '');
  if (brokers.length === 0) problems.push('--brokers is required, e.g. --brokers localhost:19092');
  for (const b of brokers) if (!isHostPort(b)) problems.push(`--brokers: "${b}" is not host:port`);

  const { min, max } = CONNECT_TIMEOUT_MS;
  const timeout =
    values['connect-timeout-ms'] === undefined
      ? CONNECT_TIMEOUT_MS.default
      : Number(values['connect-timeout-ms']);
  if (!Number.isInteger(timeout) || timeout < min || timeout > max) {
    problems.push(
      `--connect-timeout-ms: "${values['connect-timeout-ms']}" must be a whole number from ${min} to ${max}`,
    );
  }

  let caPem: string | undefined;
  if (values['ca-file'] !== undefined) {
    if (!values.tls) problems.push('--ca-file only applies with --tls');
    try {
      caPem = readFile(values['ca-file']);
    } catch {
      problems.push(`--ca-file: cannot read "${values['ca-file']}"`);
    }
  }

  let sasl: AdminConnection['sasl'];
  const mechanism = values['sasl-mechanism'];
  if (mechanism !== undefined) {
    const known = (PASSWORD_MECHANISMS as readonly string[]).includes(mechanism);
    if (!known) {
      problems.push(`--sasl-mechanism: "${mechanism}" is not one of ${PASSWORD_MECHANISMS.join(', ')}`);
    } else if (sendsPasswordInClear(mechanism as PasswordMechanism) && !values.tls) {
      problems.push(`--sasl-mechanism ${mechanism} sends the password in clear text: add --tls`);
    }
    if (!values.username) problems.push('--username is required with --sasl-mechanism');
    const varName = values['password-env'];
    if (!varName)
      problems.push('--password-env VAR is required with --sasl-mechanism (the password is read from $VAR)');
    else if (!env[varName])
      problems.push(`--password-env: environment variable ${varName} is not set or empty`);
    if (problems.length === 0) {
      sasl = {
        mechanism: mechanism as PasswordMechanism,
        username: values.username!,
        password: env[varName!]!,
      };
    }
  } else if (values.username !== undefined || values['password-env'] !== undefined) {
    problems.push('--username and --password-env need --sasl-mechanism');
  }
  if (problems.length > 0) return { problems };
  return {
    connection: {
      brokers,
      tls: values.tls ?? false,
      connectTimeoutMs: timeout,
      ...(caPem ? { caPem } : {}),
      ...(sasl ? { sasl } : {}),
    },
    problems,
  };
}
