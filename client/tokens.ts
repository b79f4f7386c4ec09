/**
 * OAUTHBEARER token sources (MSK IAM, Entra ID) and the cache that keeps kafkajs from minting a
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
