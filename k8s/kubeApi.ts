import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { parse } from 'yaml';
import { KubeconfigFile } from './kubeconfigContext';

/**
 * A read-only look at the cluster the Kubernetes provider will use, from the same kubeconfig:
 * enough to ask whether an object exists before the provider is asked, so a missing one is
 * reported in our words. Anything this cannot do (an auth provider plugin, an unreachable server)
 * gives no answer, and the provider's own lookup reports it as before.
 */
export interface KubeReader {
  /** The context it reads through. */
  context: string;
  /** HTTP status of a GET (200, 403, 404, …), or undefined when the server gave no answer. */
  status(apiPath: string): Promise<number | undefined>;
}

interface Named<T> {
  name?: string;
  cluster?: T;
  user?: T;
  context?: T;
}
interface Kubeconfig {
  'current-context'?: string;
  clusters?: Named<Record<string, unknown>>[];
  users?: Named<Record<string, unknown>>[];
  contexts?: Named<{ cluster?: string; user?: string }>[];
}

/** How long one question to the API server may take: a preview must not hang on it. */
const TIMEOUT_MS = 5000;

/**
 * The reader for `context` (or the kubeconfig's current context), merging files the way
 * client-go does (the first file to define a name wins,
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files).
 * Undefined when the context, its cluster or a supported credential is not there.
 */
export function kubeReader(files: readonly KubeconfigFile[], context?: string): KubeReader | undefined {
  const docs = files.flatMap((f) => {
    if (f.text === undefined) return [];
    try {
      return [{ dir: path.dirname(f.path), doc: (parse(f.text) ?? {}) as Kubeconfig }];
    } catch {
      return [];
    }
  });
  const first = <T>(list: (d: Kubeconfig) => Named<T>[] | undefined, name: string | undefined) => {
    for (const { dir, doc } of docs) {
      const hit = (list(doc) ?? []).find((e) => e?.name === name);
      if (hit) return { dir, entry: hit };
    }
    return undefined;
  };
  const name = context ?? docs.find((d) => d.doc['current-context'])?.doc['current-context'];
  const ctx = first((d) => d.contexts, name)?.entry.context;
  const cluster = first((d) => d.clusters, ctx?.cluster);
  const user = first((d) => d.users, ctx?.user);
  const server = cluster?.entry.cluster?.server;
  if (!name || typeof server !== 'string' || !cluster) return undefined;
  const c = cluster.entry.cluster!;
  const file = (dir: string, v: unknown) => readFileSync(path.resolve(dir, String(v)));
  const data = (v: unknown) => Buffer.from(String(v), 'base64');
  let credentials: (Partial<https.RequestOptions> & { token?: string }) | undefined;
  try {
    credentials = user ? userCredentials(user.dir, user.entry.user ?? {}) : {};
  } catch {
    return undefined; // a credential we cannot read: the provider says what is wrong with it
  }
  if (!credentials) return undefined;
  let ca: Buffer | undefined;
  try {
    ca = c['certificate-authority-data']
      ? data(c['certificate-authority-data'])
      : c['certificate-authority']
        ? file(cluster.dir, c['certificate-authority'])
        : undefined;
  } catch {
    return undefined;
  }
  const insecure = c['insecure-skip-tls-verify'] === true;
  const { token, ...tls } = credentials;
  return {
    context: name,
    status: (apiPath) =>
      new Promise((resolve) => {
        const url = new URL(apiPath, server.endsWith('/') ? server : `${server}/`);
        const req = https.request(
          url,
          {
            method: 'GET',
            timeout: TIMEOUT_MS,
            ...(ca ? { ca } : {}),
            rejectUnauthorized: !insecure,
            ...tls,
            headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => resolve(undefined));
        req.end();
      }),
  };
}

/**
 * Client certificate, bearer token or an exec credential plugin (EKS, GKE, AKS kubelogin), as the
 * kubeconfig names them. Undefined for what this does not support (the legacy auth-provider).
 */
function userCredentials(
  dir: string,
  u: Record<string, unknown>,
): (Partial<https.RequestOptions> & { token?: string }) | undefined {
  const file = (v: unknown) => readFileSync(path.resolve(dir, String(v)));
  const data = (v: unknown) => Buffer.from(String(v), 'base64');
  if (u['auth-provider']) return undefined;
  if (u.exec) return execCredentials(u.exec as ExecConfig);
  return {
    ...(u['client-certificate-data'] ? { cert: data(u['client-certificate-data']) } : {}),
    ...(u['client-certificate'] ? { cert: file(u['client-certificate']) } : {}),
    ...(u['client-key-data'] ? { key: data(u['client-key-data']) } : {}),
    ...(u['client-key'] ? { key: file(u['client-key']) } : {}),
    ...(typeof u.token === 'string' ? { token: u.token } : {}),
    ...(u.tokenFile ? { token: file(u.tokenFile).toString('utf8').trim() } : {}),
  };
}

interface ExecConfig {
  command?: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
}

/**
 * Runs the kubeconfig's credential plugin as client-go does and reads its ExecCredential
 * (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins).
 */
function execCredentials(exec: ExecConfig): (Partial<https.RequestOptions> & { token?: string }) | undefined {
  if (!exec.command) return undefined;
  const env = { ...process.env, ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])) };
  const out = execFileSync(exec.command, exec.args ?? [], { env, timeout: TIMEOUT_MS * 2, encoding: 'utf8' });
  const status = (JSON.parse(out) as { status?: Record<string, string> }).status ?? {};
  if (status.token) return { token: status.token };
  if (status.clientCertificateData && status.clientKeyData) {
    return { cert: status.clientCertificateData, key: status.clientKeyData };
  }
  return undefined;
}
