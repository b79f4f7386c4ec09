import * as fs from 'node:fs';
import { choice, flag, group, Group, Path, SectionInput, Setting, text } from '../config/declare';
import { Fields } from '../config/fields';
import { configWhere, SecretRef, secretRef } from '../config/rawConfig';

/**
 * How a Kafka cluster is reached, wherever users describe one: `kafka:local`, the two sides of
 * `kafka:migration`, and the `--brokers`/`--tls`/`--sasl-*` flags of the cluster-reading commands.
 * The rules live here once; each surface words its problems for its users.
 */

/** SASL mechanisms that authenticate with a user name and a password. */
export const PASSWORD_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type PasswordMechanism = (typeof PASSWORD_MECHANISMS)[number];

/** One broker address as clients dial it: host (or IPv4) and port, no scheme. */
const BROKER = '[A-Za-z0-9.-]+:\\d{1,5}';
const HOST_PORT = new RegExp(`^${BROKER}$`);
/** A comma-separated list of `host:port`, with no empty entries. */
const HOST_PORT_LIST = new RegExp(`^${BROKER}(,${BROKER})*$`);

/** Whether `entry` is one `host:port`. */
export function isHostPort(entry: string): boolean {
  return HOST_PORT.test(entry);
}

/** PLAIN sends the password as it is: only acceptable inside TLS. */
export function sendsPasswordInClear(mechanism: PasswordMechanism): boolean {
  return mechanism === 'plain';
}

/** Bound on connecting to brokers, so an unreachable cluster fails fast (milliseconds). */
export const CONNECT_TIMEOUT_MS = { min: 500, max: 300000, default: 10000 } as const;

/** A bootstrap server list setting; `example` shows a valid value in the problem message. */
export function bootstrapServers(o: {
  why: string;
  example: string;
  required?: true;
  defaultText?: string;
}): Setting<string | undefined> {
  const common = {
    type: 'host:port list',
    pattern: HOST_PORT_LIST,
    hint: `must be a comma-separated list of host:port, e.g. ${o.example}`,
    constraint: 'comma-separated `host:port`, no scheme',
    why: o.why,
    ...(o.defaultText ? { defaultText: o.defaultText } : {}),
  };
  return o.required ? text({ ...common, required: true }) : text(common);
}

/** TLS to the brokers. */
export function tlsFlag(why: string): Setting<boolean> {
  return flag({ default: false, why });
}

const SASL_FIELDS = {
  mechanism: choice(PASSWORD_MECHANISMS, {
    required: true,
    why: 'The SASL mechanism the cluster accepts.',
    constraint: '`plain` only together with TLS (it sends the password as it is)',
  }),
  username: text({ required: true, why: 'The SASL user name.' }),
};
export type SaslFields = typeof SASL_FIELDS;

/** SASL user name and mechanism; the password is a secret key of its own. */
export function saslGroup(o: { why: string; passwordKey: string }): Setting<Group<SaslFields>> {
  return group({
    defaultText: 'unset: no SASL',
    why: `${o.why} The password is the secret \`kafka:${o.passwordKey}\`.`,
    fields: SASL_FIELDS,
  });
}

/** The SASL part of an endpoint from config, with the password as a secret reference. */
export interface ConfigSasl {
  mechanism: PasswordMechanism;
  username: string;
  password: SecretRef;
}

/**
 * Reads SASL settings and their password key together: a password needs SASL and SASL needs a
 * password, set as a secret; PLAIN needs TLS. `endpoint` is where the endpoint's keys live.
 */
export function readSasl(
  input: SectionInput,
  sasl: Group<SaslFields> | undefined,
  o: { endpoint: Path; passwordKey: string; tls: boolean },
): ConfigSasl | undefined {
  const { f, raw } = input;
  const password = secretRef(f, raw, o.passwordKey);
  const saslKey = configWhere([...o.endpoint, 'sasl']);
  if (!sasl) {
    if (raw.values[o.passwordKey] !== undefined) {
      f.report([o.passwordKey], `is set but ${saslKey} is not: add { sasl: { mechanism, username } }`);
    }
    return undefined;
  }
  const mechanism = sasl.read('mechanism');
  const username = sasl.read('username');
  if (raw.values[o.passwordKey] === undefined) {
    f.report(
      [o.passwordKey],
      `is required with ${saslKey}: pulumi config set --secret kafka:${o.passwordKey} <password>`,
    );
  }
  if (mechanism && sendsPasswordInClear(mechanism) && !o.tls) {
    f.report(
      sasl.at('mechanism'),
      `"${mechanism}" sends the password in clear text: it needs ${configWhere([...o.endpoint, 'tls'])}: true`,
    );
  }
  return mechanism && username && password ? { mechanism, username, password } : undefined;
}

/** The PEM file of a private CA, read while validating so a bad path is a settings problem. */
export function caFileSetting(why: string): Setting<string | undefined> {
  return text({
    type: 'path',
    defaultText: 'unset: the system CAs',
    why,
    constraint: 'a PEM file, relative to the project directory; only with TLS',
  });
}

/** Reads the CA file `file` names; a missing file or one without a certificate is reported at `path`. */
export function readCaPem(f: Fields, file: string, path: Path): string | undefined {
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
