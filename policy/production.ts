/**
 * Which stacks are production. The default matches the program's own rule for `kafka:protect`
 * (config/stackSettings.ts: stacks named `prod*` are protected unless set otherwise), so a stack the
 * program protects by default is one the pack holds to the production guardrails; a team with
 * other names sets `productionStacks` in the pack's config (policy/README.md).
 */
export const DEFAULT_PRODUCTION_STACKS: readonly string[] = ['prod*'];

/** Whether `stack` matches one of `patterns` (`*` matches any run of characters). */
export function isProductionStack(
  stack: string,
  patterns: readonly string[] = DEFAULT_PRODUCTION_STACKS,
): boolean {
  return patterns.some((p) => globToRegExp(p).test(stack));
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** A policy config schema of one list of strings with its default (what the engine validates). */
export function stringListConfig(key: string, defaults: readonly string[], description: string) {
  return {
    properties: {
      [key]: {
        type: 'array' as const,
        items: { type: 'string' as const },
        default: [...defaults],
        description,
      },
    },
  };
}

/** The pack config every production-only policy takes (`productionStacks`). */
export const PRODUCTION_CONFIG = stringListConfig(
  'productionStacks',
  DEFAULT_PRODUCTION_STACKS,
  'Stack names (`*` matches anything) held to the production guardrails.',
);

/** Whether the stack being checked is production, by the policy's `productionStacks` config. */
export function inProduction(args: { getConfig<T extends object>(): T }, stack: string): boolean {
  const patterns = args.getConfig<{ productionStacks?: string[] }>().productionStacks;
  return isProductionStack(stack, patterns ?? DEFAULT_PRODUCTION_STACKS);
}
