/**
 * OAUTHBEARER token sources (MSK IAM, Entra ID, Google workload identity) and the cache that keeps kafkajs from minting a
 * token per connection. kafkajs calls the provider on every (re)authentication, including the
 * re-authentication it does before the broker's session lifetime ends, so the cache must hand out
 * a fresh token well before expiry.
 */

/** A bearer token and when it stops being accepted. */
export interface OAuthToken {
  value: string;
  /** Milliseconds since the epoch. */
  expiresAtMs: number;
}

/**
 * Where tokens come from. Injectable so tests and unusual setups (assumed roles, workload identity
 * with a specific client id) can supply their own; the defaults use the ambient credentials.
 */
export interface TokenSources {
  /** Signs an MSK IAM token for `region`. Default: aws-msk-iam-sasl-signer-js with the default credential chain. */
  awsMskIam?: (region: string) => Promise<OAuthToken>;
  /** Gets an Entra ID access token for `scope`. Default: @azure/identity DefaultAzureCredential. */
  azureEntra?: (scope: string) => Promise<OAuthToken>;
  /** Gets a Managed Kafka token for the pod's Google identity. Default: gcpKafkaToken (GKE metadata server). */
  gcp?: () => Promise<OAuthToken>;
}

export interface CacheOptions {
  /** Clock; injectable for tests. */
  now?: () => number;
  /** Refresh once this fraction of the token's lifetime has passed. Default 0.8. */
  refreshRatio?: number;
  /** Refresh at least this long before expiry, whatever the ratio says. Default 60 s. */
  minMarginMs?: number;
}

/**
 * Wraps a token source so callers share one token until it is due for refresh, concurrent callers
 * share one fetch, and a failed refresh falls back to the current token while it is still valid.
 */
export function cachedToken(
  source: () => Promise<OAuthToken>,
  opts: CacheOptions = {},
): () => Promise<OAuthToken> {
  const now = opts.now ?? Date.now;
  const ratio = opts.refreshRatio ?? 0.8;
  const margin = opts.minMarginMs ?? 60_000;
  let current: { token: OAuthToken; refreshAtMs: number } | undefined;
  let inFlight: Promise<OAuthToken> | undefined;

  const refresh = (): Promise<OAuthToken> => {
    const issuedAt = now();
    inFlight ??= source()
      .then((token) => {
        const byRatio = issuedAt + (token.expiresAtMs - issuedAt) * ratio;
        current = { token, refreshAtMs: Math.min(byRatio, token.expiresAtMs - margin) };
        return token;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return async () => {
    const t = now();
    if (current && t < current.refreshAtMs) return current.token;
    try {
      return await refresh();
    } catch (err) {
      // A hiccup of the token service must not break connections while the old token still works.
      if (current && now() < current.token.expiresAtMs) return current.token;
      throw err;
    }
  };
}

/** MSK IAM token from the ambient AWS credentials (IRSA, instance profile, env). */
export async function awsMskIamToken(region: string): Promise<OAuthToken> {
  const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
  const { token, expiryTime } = await generateAuthToken({ region });
  return { value: token, expiresAtMs: expiryTime };
}

let azureCredential:
  { getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null> } | undefined;

/** Entra ID token from DefaultAzureCredential (workload identity, managed identity, az login). */
export async function azureEntraToken(scope: string): Promise<OAuthToken> {
  if (!azureCredential) {
    const { DefaultAzureCredential } = await import('@azure/identity');
    azureCredential = new DefaultAzureCredential();
  }
  const token = await azureCredential.getToken(scope);
  if (!token) throw new Error(`DefaultAzureCredential returned no token for scope ${scope}`);
  return { value: token.token, expiresAtMs: token.expiresOnTimestamp };
}

/**
 * The GKE metadata server, as Google's client libraries find it: `GCE_METADATA_HOST` when set
 * (host[:port]), else the link-local address every GKE pod with Workload Identity reaches.
 * https://cloud.google.com/compute/docs/metadata/querying-metadata
 */
export function gcpMetadataHost(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.GCE_METADATA_HOST || '169.254.169.254';
}

/** One metadata value; the server answers only requests with `Metadata-Flavor: Google`. */
async function metadata(host: string, path: string, timeoutMs: number): Promise<string> {
  const url = `http://${host}/computeMetadata/v1/instance/service-accounts/default/${path}`;
  const res = await fetch(url, {
    headers: { 'Metadata-Flavor': 'Google' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`GKE metadata server ${url} answered ${res.status}: ${body.slice(0, 200)}`);
  return body;
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * A Managed Kafka OAUTHBEARER token for the pod's Google service account, read from the GKE
 * metadata server (Workload Identity): Google's own format, as its Java callback handler builds it
 * (googleapis/managedkafka kafka-java-auth GcpLoginCallbackHandler): three base64url parts,
 * `{"typ":"JWT","alg":"GOOG_OAUTH2_TOKEN"}`, `{exp, iat, scope: "kafka", sub: <account e-mail>}`,
 * and the Google access token itself. The broker checks the access token; `sub` names the
 * principal its ACLs see. Expires with the access token, so cachedToken refreshes it before.
 */
export async function gcpKafkaToken(
  opts: { host?: string; timeoutMs?: number; now?: () => number } = {},
): Promise<OAuthToken> {
  const host = opts.host ?? gcpMetadataHost();
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const now = opts.now ?? Date.now;
  const [email, raw] = await Promise.all([
    metadata(host, 'email', timeoutMs),
    metadata(host, 'token', timeoutMs),
  ]);
  let access: { access_token?: unknown; expires_in?: unknown };
  try {
    access = JSON.parse(raw) as typeof access;
  } catch {
    throw new Error(`GKE metadata server token is not JSON: ${raw.slice(0, 80)}`);
  }
  if (typeof access.access_token !== 'string' || typeof access.expires_in !== 'number') {
    throw new Error('GKE metadata server token lacks access_token or expires_in');
  }
  const issuedAt = now();
  const expiresAtMs = issuedAt + access.expires_in * 1000;
  const header = JSON.stringify({ typ: 'JWT', alg: 'GOOG_OAUTH2_TOKEN' });
  const claims = JSON.stringify({
    exp: Math.floor(expiresAtMs / 1000),
    iat: Math.floor(issuedAt / 1000),
    scope: 'kafka',
    sub: email.trim(),
  });
  return {
    value: [b64url(header), b64url(claims), b64url(access.access_token)].join('.'),
    expiresAtMs,
  };
}
