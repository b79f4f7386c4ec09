import {
  Policies,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import { StackFacts } from '../../../policy/facts';
import { guardrails } from '../../../policy/guardrails';

/** A resource as a policy sees it: type, props (the registered inputs), protect, URN. */
export interface PolicyInput {
  type: string;
  props: Record<string, unknown>;
  name?: string;
  protect?: boolean;
  /** Defaults to a URN without parents, `urn:pulumi:<stack>::kafka-platform::<type>::<name>`. */
  urn?: string;
}

/** A URN with parents, as the engine makes it: parent types joined by `$`. */
export function urnOf(stack: string, types: string[], name: string): string {
  return `urn:pulumi:${stack}::kafka-platform::${types.join('$')}::${name}`;
}

/** The policies as the pack has them, for one stack's facts. */
export function packFor(facts: StackFacts): Policies {
  return guardrails(() => facts);
}

export function policyNamed(
  facts: StackFacts,
  name: string,
): ResourceValidationPolicy | StackValidationPolicy {
  const p = packFor(facts).find((x) => x.name === name);
  if (!p) throw new Error(`no policy named ${name}`);
  return p;
}

/**
 * Runs one resource policy the way @pulumi/policy's server does (its validateResource with the
 * args it builds, config from the pack's defaults or `config`), and returns the violations.
 */
export async function violations(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  r: PolicyInput,
  facts: StackFacts,
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const found: string[] = [];
  if (!('validateResource' in policy) || !policy.validateResource) return found;
  const name = r.name ?? 'r';
  const args: ResourceValidationArgs = {
    type: r.type,
    props: r.props,
    urn: r.urn ?? urnOf(facts.stack, [r.type], name),
    name,
    opts: optionsOf(r),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => ({ ...defaultsOf(policy), ...config }) as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  for (const v of validations) await v(args, (message) => found.push(message));
  return found;
}

/** Runs one stack policy over resources (the stack's outputs are the `pulumi:pulumi:Stack` resource's props). */
export async function stackViolations(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: PolicyInput[],
  facts: StackFacts,
): Promise<string[]> {
  const found: string[] = [];
  if (!('validateStack' in policy)) return found;
  const asResource = (r: PolicyInput): PolicyResource => ({
    type: r.type,
    props: r.props,
    urn: r.urn ?? urnOf(facts.stack, [r.type], r.name ?? 'r'),
    name: r.name ?? 'r',
    opts: optionsOf(r),
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  });
  await policy.validateStack(
    {
      resources: resources.map(asResource),
      stackTags: new Map(),
      getConfig: <T extends object>() => defaultsOf(policy) as T,
      notApplicable: (reason?: string) => {
        throw new Error(`not applicable: ${reason}`);
      },
    },
    (message) => found.push(message),
  );
  return found;
}

/** A resource's options as the engine reports them: only `protect` matters to the pack. */
function optionsOf(r: PolicyInput): PolicyResourceOptions {
  return {
    protect: r.protect ?? false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
}

/** The defaults a policy's config schema declares (the engine applies them the same way). */
function defaultsOf(policy: {
  configSchema?: { properties: Record<string, unknown> };
}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {}).map(([k, v]) => [
      k,
      (v as { default?: unknown }).default,
    ]),
  );
}
