import * as pulumi from '@pulumi/pulumi';

/**
 * Settings an existing Confluent Cloud cluster or environment cannot take in place, by settings
 * key, as the guard remembers them. `kafka_cluster`'s `cloud`, `region`, `availability` and
 * `environment.id` are ForceNew in the provider (plan/providerSchemas/confluentcloud.json, from
 * pulumi-confluentcloud v2.82.0, `willReplaceOnChanges`), so a change replaces the cluster with
 * every topic and its data; moving from a created environment to an existing one (or back) also
 * deletes the environment this stack created, with everything in it.
 * https://github.com/confluentinc/terraform-provider-confluent/blob/v2.82.0/internal/provider/resource_kafka_cluster.go
 */
export const FIXED_SETTINGS = ['environment.id', 'cloud', 'region', 'availability'] as const;
export type FixedSetting = (typeof FIXED_SETTINGS)[number];

/** The setting that lets a stack replace its cluster or environment on purpose. */
export const ALLOW_REPLACEMENT_KEY = 'kafka:confluent.allowClusterReplacement';

/** How the guard records an environment this stack creates (an existing one is its id). */
export const CREATED_ENVIRONMENT = 'created by this stack';

export interface ConfluentGuardProps {
  /** The fixed settings as applied, each as one comparable string. */
  fixed: Record<FixedSetting, string>;
  /** kafka:confluent.allowClusterReplacement: a replacement was asked for explicitly. */
  allowClusterReplacement: boolean;
}

/**
 * Why this run would replace the cluster or the environment, one reason per changed fixed setting,
 * naming its key and the way out; empty on the first run, when nothing fixed changed, or when
 * replacement is allowed. Pure and self-contained: it runs inside the serialised dynamic provider.
 */
export function replacementFailures(olds: Partial<ConfluentGuardProps>, news: ConfluentGuardProps): string[] {
  if (olds.fixed === undefined || news.allowClusterReplacement) return [];
  const failures: string[] = [];
  for (const key of Object.keys(news.fixed).sort() as FixedSetting[]) {
    const was = olds.fixed[key];
    const now = news.fixed[key];
    if (was === undefined || was === now) continue;
    const lost =
      key === 'environment.id' && was === 'created by this stack'
        ? 'the cluster would be replaced and the environment this stack created deleted (with every topic and its data)'
        : 'the cluster would be replaced (a new cluster, every topic and its data lost)';
    failures.push(
      `kafka:confluent.${key} ${was} -> ${now}: Confluent Cloud cannot change this on an existing cluster, so ${lost}; keep ${was}, or set kafka:confluent.allowClusterReplacement to true for this run to replace it on purpose`,
    );
  }
  return failures;
}

/**
 * A dynamic provider with no side effects: in `check` (which the engine runs in preview, before any
 * resource is touched) it refuses a change of a fixed setting. The environment and cluster depend on it.
 */
export class ConfluentGuardProvider implements pulumi.dynamic.ResourceProvider<
  ConfluentGuardProps,
  ConfluentGuardProps
> {
  async check(
    olds: Partial<ConfluentGuardProps>,
    news: ConfluentGuardProps,
  ): Promise<pulumi.dynamic.CheckResult<ConfluentGuardProps>> {
    const failures = replacementFailures(olds, news);
    // No property: the engine then prints "resource 'confluent' has a problem: <reason>" as is.
    if (failures.length > 0)
      return { inputs: news, failures: failures.map((reason) => ({ property: '', reason })) };
    return { inputs: news };
  }

  async diff(
    _id: string,
    olds: ConfluentGuardProps,
    news: ConfluentGuardProps,
  ): Promise<pulumi.dynamic.DiffResult> {
    return {
      changes: JSON.stringify(olds) !== JSON.stringify(news),
      replaces: [],
      deleteBeforeReplace: false,
    };
  }

  async create(inputs: ConfluentGuardProps): Promise<pulumi.dynamic.CreateResult<ConfluentGuardProps>> {
    return { id: 'confluent-guard', outs: inputs };
  }

  async update(
    _id: string,
    _olds: ConfluentGuardProps,
    news: ConfluentGuardProps,
  ): Promise<pulumi.dynamic.UpdateResult<ConfluentGuardProps>> {
    return { outs: news };
  }
}

const guardProvider = new ConfluentGuardProvider();

/**
 * Remembers, in the stack's state, the settings a Confluent cluster and environment cannot change,
 * and refuses a run that would replace them unless kafka:confluent.allowClusterReplacement is true.
 */
export class ConfluentGuard extends pulumi.dynamic.Resource {
  constructor(name: string, args: ConfluentGuardProps, opts?: pulumi.CustomResourceOptions) {
    super(guardProvider, name, { ...args }, opts, 'kafka-platform', 'ConfluentGuard');
  }
}
