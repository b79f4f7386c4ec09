import * as pulumi from '@pulumi/pulumi';

/**
 * What the pack knows about the stack it checks: its name and its configuration, secrets
 * decrypted (the engine hands both to a policy pack). Policies take it through a function, so
 * tests give their own and the engine gives {@link engineFacts}.
 */
export interface StackFacts {
  stack: string;
  /** Full config keys (`kafka:localSaslPassword`) to their values, as the engine passes them. */
  config: Record<string, string>;
}

/**
 * The facts of the stack the engine is checking. The Node.js language host starts a policy pack
 * with the stack's name and its decrypted config (PULUMI_NODEJS_STACK, PULUMI_CONFIG): the pack
 * never writes either anywhere, and the engine masks secret values in any message it prints.
 */
export function engineFacts(): StackFacts {
  let config: Record<string, string> = {};
  try {
    config = JSON.parse(process.env.PULUMI_CONFIG || '{}') as Record<string, string>;
  } catch {
    config = {};
  }
  return { stack: pulumi.getStack(), config };
}

/**
 * Whether a key or env name holds a credential by its name (`KAFKA_SASL_PASSWORD`,
 * `cloudApiSecret`, `connectionString`), not a pointer to one (`..._FILE`, `..._URL`) or a
 * public identifier (`..._ID`, `..._NAME`, a user name).
 */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  if (
    last &&
    ['file', 'path', 'url', 'uri', 'endpoint', 'id', 'name', 'arn', 'ref', 'mechanism', 'provider'].includes(
      last,
    )
  ) {
    return false;
  }
  const joined = words.join('_');
  return /(^|_)(password|passwd|secret|token|credentials?|jaas)(_|$)|api_?key|private_?key|access_?key|connection_?string|sas_?key/.test(
    joined,
  );
}

/** Credentials by their look: private keys, JAAS lines with a password, URLs with one, SAS and storage keys. */
const CREDENTIAL_SHAPES: readonly { what: string; re: RegExp }[] = [
  { what: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a JAAS configuration with a password', re: /password\s*=\s*"[^"]+"/i },
  { what: 'a connection string with a key', re: /(SharedAccessKey|AccountKey)\s*=\s*[^;\s]+/i },
  { what: 'a URL with a password', re: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
  { what: 'an AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
];

/**
 * Why `value` is a credential, or undefined: it looks like one, or it holds the value of one of
 * the stack's credential config keys (which the program only ever reads as secrets). The reason
 * names no value.
 */
export function credentialIn(value: unknown, facts: StackFacts): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const shape = CREDENTIAL_SHAPES.find((s) => s.re.test(value));
  if (shape) return `holds ${shape.what}`;
  for (const [key, secret] of Object.entries(facts.config)) {
    const name = key.split(':').pop() ?? key;
    // Short values (a port, "true") would match by accident; real credentials are longer.
    if (
      isCredentialName(name) &&
      typeof secret === 'string' &&
      secret.length >= 8 &&
      value.includes(secret)
    ) {
      return `holds the value of the stack's ${key}`;
    }
  }
  return undefined;
}
