import * as pulumi from '@pulumi/pulumi';

/**
 * Settings an existing MSK cluster cannot take in place, by settings key, as the guard remembers
 * them. Each one changes an input the upstream provider marks ForceNew, so the engine would
 * replace the cluster, and because `clusterName` is set explicitly the replacement deletes the old
 * cluster (with its topics and data) before creating the new one:
 * - `region`: the provider's region, a new cluster elsewhere;
 * - `clusterName`, `clusterType`: `cluster_name` ForceNew; another resource type altogether;
 * - `vpcId`: the brokers' security group's `vpc_id` is ForceNew, so the group is replaced and with
 *   it `broker_node_group_info.security_groups` (ForceNew) / the serverless `vpc_config`;
 * - `subnets`: `broker_node_group_info.client_subnets` (ForceNew) / serverless `vpc_config`;
 * - `kmsKeyArn`: `encryption_info.encryption_at_rest_kms_key_arn` (ForceNew).
 * https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/kafka/cluster.go
 * https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/kafka/serverless_cluster.go
 * https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ec2/vpc_security_group.go
 * (`authMode` is not here: `client_authentication` changes in place, and the security group's
 * description no longer names it.)
 */
export const FIXED_SETTINGS = [
  'region',
  'clusterType',
  'clusterName',
  'vpcId',
  'subnets',
  'kmsKeyArn',
] as const;
export type FixedSetting = (typeof FIXED_SETTINGS)[number];

/** The setting that lets a stack replace its cluster on purpose. */
export const ALLOW_REPLACEMENT_KEY = 'kafka:msk.allowClusterReplacement';

export interface MskGuardProps {
  /** The fixed settings as applied, each as one comparable string. */
  fixed: Record<FixedSetting, string>;
  /** kafka:msk.allowClusterReplacement: a replacement was asked for explicitly. */
  allowClusterReplacement: boolean;
}

/**
 * Why this run would replace the cluster, one reason per changed fixed setting, each naming its
 * key and the way out; empty when nothing fixed changed or replacement is allowed. Pure and
 * self-contained: it runs inside the serialised dynamic provider.
 */
export function replacementFailures(olds: Partial<MskGuardProps>, news: MskGuardProps): string[] {
  if (olds.fixed === undefined || news.allowClusterReplacement) return [];
  const failures: string[] = [];
  for (const key of Object.keys(news.fixed).sort() as FixedSetting[]) {
    const was = olds.fixed[key];
    const now = news.fixed[key];
    if (was === undefined || was === now) continue;
    failures.push(
      `kafka:msk.${key} ${was} -> ${now}: MSK cannot change this on an existing cluster, so the cluster would be replaced (the old one deleted first, with every topic and its data); keep ${was}, or set kafka:msk.allowClusterReplacement to true for this run to replace it on purpose`,
    );
  }
  return failures;
}

/**
 * A dynamic provider with no side effects: in `check` (which the engine runs in preview, before any
 * resource is touched) it refuses a change of a fixed setting. The cluster depends on it.
 */
export class MskGuardProvider implements pulumi.dynamic.ResourceProvider<MskGuardProps, MskGuardProps> {
  async check(
    olds: Partial<MskGuardProps>,
    news: MskGuardProps,
  ): Promise<pulumi.dynamic.CheckResult<MskGuardProps>> {
    const failures = replacementFailures(olds, news);
    // No property: the engine then prints "resource 'msk' has a problem: <reason>" as is.
    if (failures.length > 0)
      return { inputs: news, failures: failures.map((reason) => ({ property: '', reason })) };
    return { inputs: news };
  }

  async diff(_id: string, olds: MskGuardProps, news: MskGuardProps): Promise<pulumi.dynamic.DiffResult> {
    return {
      changes: JSON.stringify(olds) !== JSON.stringify(news),
      replaces: [],
      deleteBeforeReplace: false,
    };
  }

  async create(inputs: MskGuardProps): Promise<pulumi.dynamic.CreateResult<MskGuardProps>> {
    return { id: inputs.fixed.clusterName, outs: inputs };
  }

  async update(
    _id: string,
    _olds: MskGuardProps,
    news: MskGuardProps,
  ): Promise<pulumi.dynamic.UpdateResult<MskGuardProps>> {
    return { outs: news };
  }
}

const guardProvider = new MskGuardProvider();

/**
 * Remembers, in the stack's state, the settings an MSK cluster cannot change, and refuses a run
 * that would replace the cluster unless kafka:msk.allowClusterReplacement is true.
 */
export class MskGuard extends pulumi.dynamic.Resource {
  constructor(name: string, args: MskGuardProps, opts?: pulumi.CustomResourceOptions) {
    super(guardProvider, name, { ...args }, opts, 'kafka-platform', 'MskGuard');
  }
}
