// A real Kubernetes control plane on loopback for the e2e suite: Debian's etcd, kube-apiserver and
// kube-controller-manager (v1.37.2, built from Go modules by scripts/kube-apiserver.sh). Real
// validation, defaulting, RBAC, server-side apply and controllers (Deployments get ReplicaSets,
// namespaces their default ServiceAccount). No scheduler, kubelet or CNI: pods stay Pending unless
// the kubelet stand-in (kubeletStandIn.ts) marks them, and NetworkPolicies are stored, not enforced.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { freePorts, JavaServer, makeTempDir } from './kafka';

const execFileAsync = promisify(execFile);

/** The Kubernetes version scripts/kube-apiserver.sh gets (same default as the script). */
export const KUBE_VERSION = process.env.K8S_VERSION ?? 'v1.37.2';
/** Generous: the machine is shared, and a cold API server on a loaded machine takes a while. */
const READY_TIMEOUT_MS = 180_000;

/**
 * Where a control-plane binary is: KUBE_BIN_DIR, then the cache scripts/kube-apiserver.sh fills,
 * then PATH (which that script accepted only at exactly KUBE_VERSION, else it filled the cache).
 */
function kubeBinary(name: 'kube-apiserver' | 'kube-controller-manager'): string {
  const dirs = [
    process.env.KUBE_BIN_DIR,
    path.join(os.homedir(), '.cache', `kube-${KUBE_VERSION}`, 'bin'),
    ...(process.env.PATH ?? '').split(path.delimiter),
  ];
  const found = dirs.find((dir) => dir && existsSync(path.join(dir, name)));
  if (!found) {
    throw new Error(
      `${name} ${KUBE_VERSION} not found (KUBE_BIN_DIR, PATH, ~/.cache/kube-${KUBE_VERSION}/bin): ` +
        'build it with bash scripts/kube-apiserver.sh (see docs/testing.md)',
    );
  }
  return path.join(found, name);
}

function etcdBinary(): string {
  const candidates = [
    process.env.ETCD_BIN,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'etcd')),
  ];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) throw new Error('etcd not found (ETCD_BIN or PATH): apt-get install etcd-server');
  return found;
}

/** A user of the cluster, authenticated by a client certificate the cluster CA signed. */
export interface KubeUser {
  name: string;
  groups: string[];
  /** A kubeconfig file for this user, with context `local`. */
  kubeconfig: string;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubeApiServer {
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** The cluster admin (group system:masters), as a kubeconfig file with context `local`. */
  readonly admin: KubeUser;
  /** Milliseconds from start to a ready API server, and to a running controller-manager. */
  readonly startup: { apiServerMs: number; controllerManagerMs: number };
  /** A new user with a client certificate (CN = name, O = each group), for RBAC tests. */
  user(name: string, groups?: string[]): Promise<KubeUser>;
  /**
   * Runs kubectl as a team would (admin unless `as` is given); rejects with kubectl's own
   * message when it fails, unless `allowFailure` (then the exit code is in the result).
   */
  kubectl(
    args: string[],
    opts?: { input?: string; as?: KubeUser; allowFailure?: boolean },
  ): Promise<KubectlResult>;
  /** `kubectl get -o json` of one object, or undefined when it does not exist. */
  getJson<T = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined>;
  /** An admin API request (the kubelet stand-in uses it for the pods' status subresource). */
  request<T = unknown>(method: string, apiPath: string, body?: unknown, contentType?: string): Promise<T>;
  /** Log files of etcd, the API server and the controller-manager, for failures. */
  readonly logDir: string;
  /** Stops the controller-manager, the API server and etcd (in that order) and waits for each. */
  stop(): Promise<void>;
}

/** The parts of a Kubernetes object the tests read. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: ManagedFields[];
    ownerReferences?: { kind: string; name: string }[];
    deletionTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

/** One entry of metadata.managedFields: which manager owns which fields, by Apply or Update. */
export interface ManagedFields {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
}

/** Starts etcd, kube-apiserver and kube-controller-manager; resolves when all three work. */
export async function startKubeApiServer(): Promise<KubeApiServer> {
  const apiServerBin = kubeBinary('kube-apiserver');
  const controllerManagerBin = kubeBinary('kube-controller-manager');
  const etcdBin = etcdBinary();
  const started = Date.now();
  const dir = await makeTempDir('kube-apiserver-');
  const pki = path.join(dir, 'pki');
  const logDir = path.join(dir, 'logs');
  await Promise.all([mkdir(pki), mkdir(logDir)]);
  const servers: JavaServer[] = [];
  const stop = async () => {
    for (const s of servers.reverse()) await s.stop(15_000);
    servers.length = 0;
  };
  try {
    await makePki(pki);
    const [etcdPort, etcdPeerPort, apiPort] = await freePorts(3);
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = new JavaServer(
      [
        '--name=kube-e2e',
        `--data-dir=${path.join(dir, 'etcd-data')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-cluster=kube-e2e=http://127.0.0.1:${etcdPeerPort}`,
        '--initial-cluster-state=new',
      ],
      path.join(logDir, 'etcd.log'),
      etcdBin,
    );
    servers.push(etcd);
    etcd.start();
    await etcd.waitReady('etcd', async () => {
      const res = await fetch(`${etcdUrl}/health`);
      if (!(await res.text()).includes('"health":"true"')) throw new Error('etcd not healthy yet');
    });

    const server = `https://127.0.0.1:${apiPort}`;
    const apiServer = new JavaServer(
      [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--cert-dir=${path.join(dir, 'certs')}`,
        `--tls-cert-file=${path.join(pki, 'apiserver.crt')}`,
        `--tls-private-key-file=${path.join(pki, 'apiserver.key')}`,
        `--client-ca-file=${path.join(pki, 'ca.crt')}`,
        `--service-account-issuer=${server}`,
        `--service-account-key-file=${path.join(pki, 'sa.pub')}`,
        `--service-account-signing-key-file=${path.join(pki, 'sa.key')}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        // 1.37 refuses a loopback advertise address for the built-in endpoint reconciler.
        '--endpoint-reconciler-type=none',
        '--authorization-mode=RBAC',
        '--profiling=false',
      ],
      path.join(logDir, 'kube-apiserver.log'),
      apiServerBin,
    );
    servers.push(apiServer);
    apiServer.start();
    const admin = await writeUser(dir, pki, server, 'kubernetes-admin', ['system:masters']);
    const tls = {
      ca: await readFile(path.join(pki, 'ca.crt')),
      cert: await readFile(path.join(pki, 'kubernetes-admin.crt')),
      key: await readFile(path.join(pki, 'kubernetes-admin.key')),
    };
    const request = <T>(method: string, apiPath: string, body?: unknown, contentType = 'application/json') =>
      apiRequest<T>(server, tls, method, apiPath, body, contentType);
    await apiServer.waitReady('kube-apiserver', () => request('GET', '/readyz'), READY_TIMEOUT_MS);
    const apiServerMs = Date.now() - started;

    const controllerManager = new JavaServer(
      [
        `--kubeconfig=${admin.kubeconfig}`,
        '--bind-address=127.0.0.1',
        '--secure-port=0',
        `--service-account-private-key-file=${path.join(pki, 'sa.key')}`,
        `--root-ca-file=${path.join(pki, 'ca.crt')}`,
        `--cluster-signing-cert-file=${path.join(pki, 'ca.crt')}`,
        `--cluster-signing-key-file=${path.join(pki, 'ca.key')}`,
        '--use-service-account-credentials=false',
        '--leader-elect=false',
        '--controllers=*',
      ],
      path.join(logDir, 'kube-controller-manager.log'),
      controllerManagerBin,
    );
    servers.push(controllerManager);
    controllerManager.start();
    // The ServiceAccount controller made the default namespace's account: the controllers run.
    await controllerManager.waitReady(
      'kube-controller-manager',
      () => request('GET', '/api/v1/namespaces/default/serviceaccounts/default'),
      READY_TIMEOUT_MS,
    );
    const controllerManagerMs = Date.now() - started;

    const kubectl: KubeApiServer['kubectl'] = async (args, opts = {}) => {
      const result = await run('kubectl', args, {
        env: { ...process.env, KUBECONFIG: (opts.as ?? admin).kubeconfig },
        ...(opts.input !== undefined ? { input: opts.input } : {}),
      });
      // kubectl 1.32 (Debian) warns about the version skew on every call: not the test's business.
      const stderr = result.stderr
        .split('\n')
        .filter((l) => !/version difference|exceeds the supported minor version skew/.test(l))
        .join('\n')
        .trim();
      if (result.code !== 0 && !opts.allowFailure) {
        throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${stderr}\n${result.stdout}`);
      }
      return { ...result, stderr };
    };

    return {
      server,
      admin,
      startup: { apiServerMs, controllerManagerMs },
      user: (name, groups = []) => writeUser(dir, pki, server, name, groups),
      kubectl,
      async getJson<T>(kind: string, name: string, namespace?: string) {
        const ns = namespace ? ['-n', namespace] : [];
        const r = await kubectl(['get', kind, name, ...ns, '-o', 'json', '--show-managed-fields'], {
          allowFailure: true,
        });
        if (r.code !== 0) {
          if (/NotFound|not found/.test(r.stderr)) return undefined;
          throw new Error(`kubectl get ${kind} ${name}: ${r.stderr}`);
        }
        return JSON.parse(r.stdout) as T;
      },
      request,
      logDir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** CA, the API server's serving certificate, the service-account signing key. */
async function makePki(pki: string): Promise<void> {
  const file = (name: string) => path.join(pki, name);
  const openssl = (...args: string[]) => execFileAsync('openssl', args);
  // prettier-ignore
  await openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=kube-e2e-ca',
    '-keyout', file('ca.key'), '-out', file('ca.crt'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  );
  await writeFile(
    file('apiserver.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.0.0.1\n' +
      'extendedKeyUsage=serverAuth\n',
  );
  await signedCertificate(pki, 'apiserver', '/CN=kube-apiserver', file('apiserver.ext'));
  await openssl('genrsa', '-out', file('sa.key'), '2048');
  await openssl('rsa', '-in', file('sa.key'), '-pubout', '-out', file('sa.pub'));
}

/** `<name>.key` and `<name>.crt` signed by the cluster CA. */
async function signedCertificate(pki: string, name: string, subject: string, extfile: string) {
  const file = (n: string) => path.join(pki, n);
  const openssl = (...args: string[]) => execFileAsync('openssl', args);
  // prettier-ignore
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject,
    '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
  // prettier-ignore
  await openssl('x509', '-req', '-days', '2', '-in', file(`${name}.csr`), '-CA', file('ca.crt'),
    '-CAkey', file('ca.key'), '-CAcreateserial', '-extfile', extfile, '-out', file(`${name}.crt`));
}

/** A client certificate for `name` in `groups`, and a kubeconfig that uses it. */
async function writeUser(
  dir: string,
  pki: string,
  server: string,
  name: string,
  groups: string[],
): Promise<KubeUser> {
  if (!/^[a-z0-9:.-]+$/.test(name) || groups.some((g) => !/^[a-z0-9:.-]+$/.test(g))) {
    throw new Error(`user and group names must be plain: ${name} ${groups.join(',')}`);
  }
  const ext = path.join(pki, 'client.ext');
  await writeFile(ext, 'extendedKeyUsage=clientAuth\n');
  const subject = `${groups.map((g) => `/O=${g}`).join('')}/CN=${name}`;
  await signedCertificate(pki, name, subject, ext);
  const kubeconfig = path.join(dir, `kubeconfig-${name}`);
  await writeFile(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'local', cluster: { server, 'certificate-authority': path.join(pki, 'ca.crt') } }],
      users: [
        {
          name,
          user: {
            'client-certificate': path.join(pki, `${name}.crt`),
            'client-key': path.join(pki, `${name}.key`),
          },
        },
      ],
      contexts: [{ name: 'local', context: { cluster: 'local', user: name } }],
      'current-context': 'local',
    }),
  );
  return { name, groups, kubeconfig };
}

function apiRequest<T>(
  server: string,
  tls: { ca: Buffer; cert: Buffer; key: Buffer },
  method: string,
  apiPath: string,
  body: unknown,
  contentType: string,
): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(apiPath, server),
      {
        method,
        ...tls,
        timeout: 30_000,
        headers: payload ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 300) {
            reject(new Error(`${method} ${apiPath}: HTTP ${res.statusCode} ${text}`));
            return;
          }
          try {
            resolve((text.startsWith('{') ? JSON.parse(text) : text) as T);
          } catch (err) {
            reject(err as Error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${apiPath}: timed out`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Runs a command to completion with optional stdin; never rejects on a non-zero exit. */
function run(
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; input?: string },
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code: code ?? 1 }));
    child.stdin.end(opts.input ?? '');
  });
}
