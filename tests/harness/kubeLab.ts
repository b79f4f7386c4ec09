// What the Kubernetes e2e tests share: a real Kafka broker (SASL_SSL/SCRAM), a real API server with
// its controllers, the kubelet stand-in and the real Pulumi engine, started together and stopped
// together (every process, even when a test fails), plus small readers of what the server holds.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { E2eStack, Engine, hasKubernetesPlugin, startEngine } from './engine';
import { makeTempDir, REPO_ROOT, RunningKafka, startKafka } from './kafka';
import { KubeApiServer, KubeObject, ManagedFields, startKubeApiServer } from './kubeApiServer';
import { KubeletStandIn } from './kubeletStandIn';

export interface KubeLab {
  kafka: RunningKafka;
  api: KubeApiServer;
  kubelet: KubeletStandIn;
  engine: Engine;
  /** A temp directory for catalogs and the broker's CA file. */
  dir: string;
  /** The broker's CA, as a file the `kafka:local.caFile` setting can name. */
  caFile: string;
  stop(): Promise<void>;
}

/** Starts everything; if one part fails to start, stops the others before rethrowing. */
export async function startKubeLab(): Promise<KubeLab> {
  if (!hasKubernetesPlugin()) {
    throw new Error('the Kubernetes provider plugin is missing: bash scripts/pulumi-engine.sh');
  }
  const parts: Partial<KubeLab> = {};
  const stop = async () => {
    await parts.kubelet?.stop();
    await parts.engine?.close();
    await parts.api?.stop();
    await parts.kafka?.stop();
  };
  try {
    const [kafka, api] = await Promise.all([
      startKafka({ sasl: true }).then((k) => (parts.kafka = k)),
      startKubeApiServer().then((a) => (parts.api = a)),
    ]);
    parts.kubelet = new KubeletStandIn(api).start();
    parts.engine = await startEngine();
    const dir = await makeTempDir('e2e-kube-');
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, kafka.caPem!);
    return { kafka, api, kubelet: parts.kubelet, engine: parts.engine, dir, caFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** `kafka:local` for the lab's broker over SASL_SSL; `clientBootstrapServers` is what pods get. */
export function localBackendConfig(lab: KubeLab, clientBootstrapServers = lab.kafka.saslBootstrap!) {
  return {
    'kafka:provider': 'local',
    'kafka:local': {
      bootstrapServers: lab.kafka.saslBootstrap,
      clientBootstrapServers,
      tls: true,
      caFile: lab.caFile,
      sasl: { mechanism: 'scram-sha-512', username: lab.kafka.admin.name },
      defaultReplicationFactor: 1,
    },
  };
}

/** A `local` stack of the real program, with the broker's admin password as its secret. */
export async function newLocalStack(lab: KubeLab, prefix: string): Promise<E2eStack> {
  const stack = await lab.engine.newStack(prefix);
  await stack.configure(localBackendConfig(lab));
  await stack.setSecrets({ 'kafka:localSaslPassword': lab.kafka.admin.password });
  return stack;
}

/**
 * The fields one manager owns, as readable paths: `spec.template.spec.containers[name=api].envFrom`.
 * Only leaves: a list item's key and `.` (the item itself) are left out.
 */
export function ownedFields(obj: KubeObject, manager: string, operation = 'Apply'): string[] {
  const entries = (obj.metadata.managedFields ?? []).filter(
    (m: ManagedFields) => m.manager === manager && m.operation === operation,
  );
  const paths: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    const children = Object.entries(node).filter(([k]) => k !== '.');
    if (children.length === 0 && prefix) paths.push(prefix);
    for (const [key, child] of children) {
      let step: string;
      if (key.startsWith('f:')) step = `${prefix ? '.' : ''}${key.slice(2)}`;
      else if (key.startsWith('k:')) {
        const selector = JSON.parse(key.slice(2)) as Record<string, unknown>;
        step = `[${Object.entries(selector)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(',')}]`;
      } else step = `[${key}]`;
      walk(child as Record<string, unknown>, prefix + step);
    }
  };
  for (const entry of entries) walk(entry.fieldsV1 ?? {}, '');
  // A keyed list item's own key field (`name` of a container) comes with owning anything in it.
  return [...new Set(paths)].filter((p) => !/\[name=([^\]]+)\]\.name$/.test(p)).sort();
}

/** The Deployment's ReplicaSets, oldest revision first, with how many pods each wants and has ready. */
export async function replicaSetsOf(
  api: KubeApiServer,
  namespace: string,
  deployment: string,
): Promise<{ name: string; revision: number; replicas: number; ready: number }[]> {
  const list = await api.request<{ items: KubeObject[] }>(
    'GET',
    `/apis/apps/v1/namespaces/${namespace}/replicasets`,
  );
  return list.items
    .filter((rs) =>
      rs.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === deployment),
    )
    .map((rs) => ({
      name: rs.metadata.name,
      revision: Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision']),
      replicas: Number((rs.spec as { replicas?: number }).replicas ?? 0),
      ready: Number((rs.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0),
    }))
    .sort((a, b) => a.revision - b.revision);
}

/** The YAML block docs/kubernetes.md gives for the deploying identity's RBAC, as objects. */
export function documentedRbac(): KubeObject[] {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'kubernetes.md'), 'utf8');
  const block = /<!-- rbac:deployer[^>]*-->\s*```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/kubernetes.md has no <!-- rbac:deployer --> yaml block');
  return parseAllDocuments(block).map((d) => d.toJS() as KubeObject);
}

/** A team's Deployment manifest: one replica selected by `app: <name>`, the given containers. */
export function teamDeployment(o: {
  name: string;
  namespace: string;
  serviceAccount?: string;
  containers: Record<string, unknown>[];
}): string {
  const app = { app: o.name };
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: app },
      template: {
        metadata: { labels: app },
        spec: {
          ...(o.serviceAccount ? { serviceAccountName: o.serviceAccount } : {}),
          containers: o.containers,
        },
      },
    },
  });
}
