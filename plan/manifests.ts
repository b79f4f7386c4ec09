import { SECRET_KEYS_ANNOTATION } from '../k8s/serviceConnection';
import { PlanResource, SECRET } from './plan';

/** One manifest as the Kubernetes provider's renderYamlToDirectory would write it. */
export interface RenderedManifest {
  /** Path below the project directory, e.g. `rendered/dev/manifests/1-manifest/v1-configmap-default-x.yaml`. */
  path: string;
  /** The object: apiVersion, kind, metadata and body, exactly the registered inputs. */
  manifest: Record<string, unknown>;
  /** A Patch resource: a server-side-apply configuration, partial by design. */
  patch: boolean;
}

/** The resources of a plan, redacted (a Plan) or as registered (tests searching for credentials). */
export interface Registered {
  resources: Pick<PlanResource, 'type' | 'name' | 'inputs' | 'provider' | 'read'>[];
}

const PROVIDER_TYPE = 'pulumi:providers:kubernetes';

/**
 * The manifests a render-mode stack writes, reproduced offline from the plan: every Kubernetes
 * resource registered with a provider that has renderYamlToDirectory, at the path that provider
 * uses (`<dir>/1-manifest/<apiVersion>-<kind>-<namespace>-<name>.yaml`). Lookups write nothing.
 *
 * This is what the program hands the provider; the provider's own writing (and whether it adds
 * anything) needs its plugin, which the offline plan does not run.
 */
export function renderedManifests(plan: Registered): RenderedManifest[] {
  const dirs = new Map<string, string>();
  for (const r of plan.resources) {
    const dir = r.type === PROVIDER_TYPE ? r.inputs.renderYamlToDirectory : undefined;
    if (typeof dir === 'string' && dir) dirs.set(`${r.type}::${r.name}`, dir);
  }
  return plan.resources.flatMap((r) => {
    const dir = r.provider ? dirs.get(r.provider) : undefined;
    if (!dir || r.read || !r.type.startsWith('kubernetes:')) return [];
    return [
      { path: renderPath(dir, r), manifest: withSecretKeys(r.inputs), patch: r.type.endsWith('Patch') },
    ];
  });
}

/**
 * A redacted Secret's `data` is one "[secret]" marker; offline it becomes one entry per env key
 * (from the keys annotation) holding base64 of "[secret]", so the file keeps a Secret's shape.
 */
function withSecretKeys(inputs: Record<string, unknown>): Record<string, unknown> {
  if (inputs.kind !== 'Secret' || inputs.data !== SECRET) return inputs;
  const annotations = (inputs.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  const keys = annotations?.[SECRET_KEYS_ANNOTATION]?.split(',') ?? [];
  const marker = Buffer.from(SECRET, 'utf8').toString('base64');
  return { ...inputs, data: Object.fromEntries(keys.map((k) => [k, marker])) };
}

function renderPath(dir: string, r: Registered['resources'][number]): string {
  const { apiVersion, kind, metadata } = r.inputs as {
    apiVersion: string;
    kind: string;
    metadata?: { name?: string; namespace?: string };
  };
  const sanitise = (s: string) => s.replace(/[/:]/g, '_');
  const sub = kind === 'CustomResourceDefinition' ? '0-crd' : '1-manifest';
  const file = `${sanitise(apiVersion)}-${kind.toLowerCase()}-${metadata?.namespace || 'default'}-${metadata?.name ?? r.name}.yaml`;
  return `${dir.replace(/\/+$/, '')}/${sub}/${file}`;
}
