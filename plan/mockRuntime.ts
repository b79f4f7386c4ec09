import * as pulumi from '@pulumi/pulumi';
import { CallResult, ComputedState } from '../providers/backend';
import { checkAgainstSchema } from './providerSchema';

/** What one registration told the engine, as `pulumi up` would see it. */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  /** `type::name` of the parent, when there is one. */
  parent?: string;
  custom: boolean;
  protect: boolean;
  retainOnDelete: boolean;
  inputs: Record<string, unknown>;
  /** Names of resources this one explicitly depends on (`dependsOn`). */
  dependsOn: string[];
  /** `type::name` of the explicit provider it goes through, when it has one. */
  provider?: string;
  /** A lookup of an existing object (`Resource.get`): the engine reads it, never creates it. */
  read?: true;
}

export interface MockRunOptions {
  project: string;
  stack: string;
  /** Full config keys (`kafka:provider`) to string values, as the engine passes them. */
  config: Record<string, string>;
  secretKeys: string[];
  computed?: Record<string, ComputedState>;
  calls?: Record<string, CallResult>;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  /** The inputs as serialized for the engine (a protobuf Struct). */
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * What the Pulumi engine refuses in a deployment and the SDK's mock runtime lets pass, with the
 * engine's own messages (pulumi/pulumi v3.248.0, the engine of the pinned SDK):
 * - a URN registered twice: `GetDuplicateResourceURNError`, sdk/go/common/diag/errors.go, raised
 *   by `generateURN` in pkg/resource/deploy/step_generator.go;
 * - a parent not registered before its child: `checkParent` in step_generator.go;
 * - a dependency on a resource not registered before it: the snapshot integrity check
 *   (`VerifyIntegrity`, pkg/resource/deploy/snapshot.go), which fails the update;
 * - inputs the provider's Check refuses (a missing required input, an unknown input name, a value
 *   of the wrong type, outside the enum or the pattern), from the vendored provider schema
 *   (plan/providerSchema.ts), reported as `issueCheckFailures` in step_generator.go does.
 * https://github.com/pulumi/pulumi/blob/v3.248.0/pkg/resource/deploy/step_generator.go
 */
export class EngineRefusal extends Error {
  constructor(readonly problems: string[]) {
    super(`the Pulumi engine would refuse this program:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EngineRefusal';
  }
}

export const duplicateUrnMessage = (urn: string) =>
  `Duplicate resource URN '${urn}'; try giving it a unique name`;
export const missingParentMessage = (parent: string) => `could not find parent resource ${parent}`;
export const missingDependencyMessage = (urn: string, dep: string) =>
  `resource ${urn}'s dependency ${dep} refers to missing resource`;

/**
 * Runs `run` (the program) under the Pulumi SDK's mock runtime and records every registration with
 * its options. No engine, no providers, no network: computed values come from `computed`. What the
 * engine would refuse (duplicate URNs, a parent or dependency not yet registered) is collected and
 * thrown at the end as one EngineRefusal.
 */
export async function runUnderMocks<T>(
  options: MockRunOptions,
  run: () => T,
): Promise<{ registrations: Registration[]; result: T }> {
  pulumi.runtime.setAllConfig(options.config, options.secretKeys);
  const byUrn = new Map<string, Registration>();
  // URNs in the order the engine would have seen them, and what it would have refused.
  const registered = new Set<string>();
  const refusals: string[] = [];
  const admit = (urn: string, parent: string, dependencies: string[]) => {
    if (parent && !registered.has(parent)) refusals.push(missingParentMessage(parent));
    for (const dep of dependencies) {
      if (!registered.has(dep)) refusals.push(missingDependencyMessage(urn, dep));
    }
    if (registered.has(urn)) refusals.push(duplicateUrnMessage(urn));
    registered.add(urn);
  };

  // newResource runs synchronously inside the monitor's registerResource, so the wrapper below
  // can hand it the registration's options and collect the inputs the mock already deserialized.
  let current:
    | {
        meta: Omit<Registration, 'inputs' | 'urn'>;
        inputs?: Record<string, unknown>;
        wire?: Record<string, unknown>;
      }
    | undefined;

  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (current) current.inputs = args.inputs as Record<string, unknown>;
        // A mock may give the provider's id (e.g. an Azure resource id that others use as a scope).
        const { id, ...computed } = options.computed?.[args.type]?.(args) ?? {};
        // The serialized dynamic-provider code is an input, not state worth echoing back.
        const { __provider: _code, ...state } = args.inputs as Record<string, unknown>;
        return {
          id: args.custom ? (typeof id === 'string' ? id : `${args.name}-id`) : undefined,
          state: { ...state, ...computed },
        };
      },
      call(args) {
        const fn = options.calls?.[args.token];
        if (!fn) throw new Error(`the offline plan has no mock for the provider function ${args.token}`);
        return fn(args);
      },
    },
    options.project,
    options.stack,
    false,
    // What Pulumi reports without Pulumi Cloud (file or S3 state): stack owners in topic
    // ownership records read `organization/<project>/<stack>`.
    'organization',
  );

  // The mock API hands newResource only type/name/inputs; resource options (parent, protect,
  // retainOnDelete, dependsOn) are read from the registration request itself.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, cb: (err: unknown, res?: unknown) => void): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const entry: NonNullable<typeof current> = {
      meta: {
        type: req.getType(),
        name: req.getName(),
        ...(req.getParent() ? { parent: shortUrn(req.getParent()) } : {}),
        custom: req.getCustom(),
        protect: req.getProtect() ?? false,
        retainOnDelete: req.getRetainondelete() ?? false,
        dependsOn: req.getDependenciesList().map(shortUrn),
        ...(req.getProvider() ? { provider: shortUrn(req.getProvider()) } : {}),
      },
      wire: req.getObject()?.toJavaScript() ?? {},
    };
    current = entry;
    register(req, (err, res) => {
      const urn = (res as { getUrn?: () => string } | undefined)?.getUrn?.();
      const inputs = nestedSecrets(entry.inputs ?? {}, entry.wire ?? {});
      if (!err && urn) {
        admit(urn, req.getParent(), req.getDependenciesList());
        if (!byUrn.has(urn)) byUrn.set(urn, { urn, ...entry.meta, inputs });
      }
      cb(err, res);
    });
    current = undefined;
  };

  // Lookups (`Resource.get`) go through readResource: recorded too, marked as reads.
  const reader = monitor as unknown as {
    readResource(
      req: {
        getType(): string;
        getName(): string;
        getParent(): string;
        getId(): string;
        getProvider(): string;
      },
      cb: (err: unknown, res?: unknown) => void,
    ): void;
  };
  const read = reader.readResource.bind(reader);
  reader.readResource = (req, cb) => {
    read(req, (err, res) => {
      const urn = (res as { getUrn?: () => string } | undefined)?.getUrn?.();
      if (!err && urn) {
        admit(urn, req.getParent(), []);
        if (!byUrn.has(urn))
          byUrn.set(urn, {
            urn,
            type: req.getType(),
            name: req.getName(),
            ...(req.getParent() ? { parent: shortUrn(req.getParent()) } : {}),
            custom: true,
            protect: false,
            retainOnDelete: false,
            dependsOn: [],
            ...(req.getProvider() ? { provider: shortUrn(req.getProvider()) } : {}),
            read: true,
            inputs: { id: req.getId() },
          });
      }
      cb(err, res);
    });
  };

  const result = run();
  await settle(result);
  await pulumi.runtime.disconnect();
  for (const registration of byUrn.values()) refusals.push(...checkAgainstSchema(registration));
  if (refusals.length > 0) throw new EngineRefusal(refusals);
  return { registrations: [...byUrn.values()], result };
}

/** `type::name` from a URN, the form plans print. */
export function shortUrn(urn: string): string {
  const parts = urn.split('::');
  const type = parts[2]?.split('$').pop() ?? '';
  return `${type}::${parts[3] ?? ''}`;
}

/** Waits until every Output inside `value` has resolved, so all registrations happened. */
async function settle(value: unknown): Promise<void> {
  if (pulumi.Output.isInstance(value)) {
    await new Promise<void>((resolve) => value.apply((v) => settle(v).then(resolve)));
  } else if (value instanceof Promise) {
    await settle(await value);
  } else if (Array.isArray(value)) {
    await Promise.all(value.map(settle));
  } else if (value && typeof value === 'object' && !pulumi.Resource.isInstance(value)) {
    await Promise.all(Object.values(value).map(settle));
  }
}

const isSecretValue = (v: unknown) =>
  !!v &&
  typeof v === 'object' &&
  (v as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;

/**
 * The SDK's deserializer marks a whole top-level input secret when anything inside it is (a
 * password inside a connection object); the engine keeps the secret where it is. Taking such an
 * input from its serialized form keeps the plan as precise as the engine: only the secret leaves
 * are masked.
 */
function nestedSecrets(
  inputs: Record<string, unknown>,
  wire: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => {
      const serialized = wire[key];
      const lifted = isSecretValue(value) && serialized !== undefined && !isSecretValue(serialized);
      return [key, lifted ? serialized : value];
    }),
  );
}
