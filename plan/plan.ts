import * as pulumi from '@pulumi/pulumi';
import { throwIfAny } from '../config/problems';
import { readSecret, toRawConfig } from '../config/source';
import type { PlatformInput } from '../input';
import { SECRET_KEYS_ANNOTATION } from '../k8s/serviceConnection';
import type { Platform } from '../program';
import { OfflineMocks } from '../providers/backend';
import { Registration, runUnderMocks } from './mockRuntime';
import { offlineMocks } from './mockState';
import { EnvFile } from '../compose/envFiles';
import { stackEnvPaths } from '../compose/stackEnvFiles';
import { readStackConfig, SECRET_PLACEHOLDER } from './stackConfig';

export const SECRET = '[secret]';
export const OFFLINE_NOTE =
  'Offline synthesis: what `pulumi up` would register for this stack, produced under the Pulumi SDK mock runtime ' +
  'with no Pulumi CLI, credentials or network. It is not a diff against live state; run `pulumi preview` for that.';

export interface PlanResource {
  type: string;
  name: string;
  parent: string | null;
  protect: boolean;
  retainOnDelete: boolean;
  dependsOn: string[];
  inputs: Record<string, unknown>;
  /** `type::name` of its explicit provider (e.g. the render-mode Kubernetes provider). */
  provider?: string;
  /** A lookup of an object that must already exist (e.g. a namespace), not something created. */
  read?: true;
}

export interface PlanService {
  name: string;
  namespace: string;
  env: Record<string, string>;
}

export interface Plan {
  stack: string;
  note: string;
  resources: PlanResource[];
  services: PlanService[];
  outputs: Record<string, unknown>;
  /** Documents the stack outputs name by file (dashboards, rules), by dotted output key. */
  documents?: Record<string, string>;
}

/** Where a plan's stack config comes from. */
export interface StackSource {
  projectDir: string;
  stack: string;
  /** A stack config file other than `Pulumi.<stack>.yaml` of the project. */
  configFile?: string;
}

/** What one offline run of the program saw and registered, secrets still in clear (never printed). */
export interface Synthesis {
  input: PlatformInput;
  registrations: Registration[];
  platform: Platform;
  /** The mocks it ran under, including the secret values they handed out. */
  mocks: Required<OfflineMocks>;
}

/**
 * Runs the real program for a stack under the mock runtime: reads Pulumi.yaml and the stack's
 * config, validates, and records every registration. Throws ValidationError for bad config or
 * catalog, before anything is registered.
 */
export async function synthesizeStack(opts: StackSource): Promise<Synthesis> {
  const { stackConfig, problems } = readStackConfig(opts.projectDir, opts.stack, opts.configFile);
  throwIfAny(problems);
  const cfg = stackConfig!;

  const cwd = process.cwd();
  process.chdir(opts.projectDir); // the program resolves the catalog path like `pulumi up` does
  try {
    // Imported late: the program must load after the mocks are set (Pulumi's documented order).
    const { buildPlatform } = await import('../program');
    const { validateInput } = await import('../input');
    // Bad config or catalog is reported here, before the mock runtime registers anything; the
    // validated input then feeds the same build step `pulumi up` runs (validated once).
    const input = validateInput(
      toRawConfig(cfg.config, (k) => cfg.secretKeys.includes(k), cfg.project),
      opts.stack,
    );
    const mocks = offlineMocks(input.settings.backend);
    const { registrations, result } = await runUnderMocks({ ...cfg, ...mocks }, () =>
      buildPlatform(input, (ref) => readSecret(ref.key)),
    );
    return { input, registrations, platform: result, mocks };
  } finally {
    process.chdir(cwd);
  }
}

/**
 * Synthesizes a stack offline and returns what it registered, with every secret replaced by
 * "[secret]": what `npm run plan` prints.
 */
export async function planStack(opts: StackSource): Promise<Plan> {
  return toPlan(opts.stack, await synthesizeStack(opts));
}

/** The redacted, printable form of a synthesis. */
export async function toPlan(stack: string, synthesis: Synthesis): Promise<Plan> {
  const { registrations, platform } = synthesis;
  return {
    stack,
    note: OFFLINE_NOTE,
    resources: registrations.map(toPlanResource),
    services: [...servicesOf(registrations), ...(await envFileServices(synthesis))],
    outputs: (await reveal(platform.outputs)) as Record<string, unknown>,
    documents: Object.fromEntries(platform.documents.map((d) => [d.key, d.content])),
  };
}

function toPlanResource(r: Registration): PlanResource {
  return {
    type: r.type,
    name: r.name,
    parent: r.parent ?? null,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    dependsOn: r.dependsOn,
    inputs: redact(r.inputs) as Record<string, unknown>,
    ...(r.provider ? { provider: r.provider } : {}),
    ...(r.read ? { read: r.read } : {}),
  };
}

/** The env each service gets: its ConfigMap data in full, its Secret's keys as "[secret]". */
function servicesOf(registrations: Registration[]): PlanService[] {
  const services = new Map<string, PlanService>();
  for (const r of registrations) {
    if (r.type !== 'kubernetes:core/v1:ConfigMap' && r.type !== 'kubernetes:core/v1:Secret') continue;
    const metadata = (r.inputs.metadata ?? {}) as {
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    const name = metadata.labels?.['kafka-platform/service'];
    if (!name) continue;
    const service = services.get(name) ?? { name, namespace: metadata.namespace ?? 'default', env: {} };
    if (r.type === 'kubernetes:core/v1:Secret') {
      const keys = metadata.annotations?.[SECRET_KEYS_ANNOTATION]?.split(',') ?? [];
      for (const key of keys) service.env[key] = SECRET;
    } else {
      const data = (r.inputs.data ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(data)) service.env[key] = String(redact(value));
    }
    services.set(name, service);
  }
  return [...services.values()]
    .map((s) => ({
      ...s,
      env: Object.fromEntries(Object.entries(s.env).sort(([a], [b]) => a.localeCompare(b))),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A stack without Kubernetes delivery (a `local` stack on Compose): the env each service gets from
 * its Compose env file, so the plan shows it like a ConfigMap's.
 */
async function envFileServices({ platform, input }: Synthesis): Promise<PlanService[]> {
  if (!platform.envFiles) return [];
  const files = await new Promise<EnvFile[]>((resolve) => platform.envFiles!.apply(resolve));
  return input.catalog.services
    .map((service) => {
      const file = files.find((f) => f.path === stackEnvPaths(input.settings.stack, service.name).compose);
      const lines = (file?.content ?? '').split('\n').filter((l) => l && !l.startsWith('#'));
      const env = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      return { name: service.name, namespace: service.namespace, env };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Replaces secret values (and the serialized dynamic provider code) with readable markers. */
export function redact(value: unknown): unknown {
  if (value === SECRET_PLACEHOLDER) return SECRET;
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return SECRET;
    return Object.fromEntries(
      Object.entries(obj).map(([k, v]) => [k, k === '__provider' ? '[dynamic provider code]' : redact(v)]),
    );
  }
  return value;
}

/** Resolves stack outputs to plain values; secret outputs become "[secret]". */
async function reveal(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    if (await pulumi.isSecret(value)) return SECRET;
    const inner = await new Promise<unknown>((resolve) => value.apply(resolve));
    return reveal(inner);
  }
  if (value instanceof Promise) return reveal(await value);
  if (Array.isArray(value)) return Promise.all(value.map(reveal));
  if (value && typeof value === 'object' && !pulumi.Resource.isInstance(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await reveal(v)] as const),
    );
    return Object.fromEntries(entries);
  }
  return redact(value);
}
