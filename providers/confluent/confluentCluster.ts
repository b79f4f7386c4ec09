import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { ConfluentGuard, CREATED_ENVIRONMENT, FixedSetting } from './guard';
import { ConfluentSettings } from './settings';

export interface ConfluentClusterArgs {
  /** Validated `kafka:confluent` settings; the environment and the cluster's shape come from here. */
  settings: ConfluentSettings;
  /**
   * Protect the environment it creates and the cluster (kafka:protect): Pulumi refuses to delete or
   * replace them, and Confluent's own deletion protection refuses deletes from anywhere else.
   */
  protect: boolean;
}

/** What the rest of the backend needs to know of the cluster. */
export interface ClusterRef {
  id: pulumi.Output<string>;
  apiVersion: pulumi.Output<string>;
  kind: pulumi.Output<string>;
  environmentId: pulumi.Output<string>;
  /** CRN for role bindings on the cluster. */
  rbacCrn: pulumi.Output<string>;
  /** `https://…:443`: where topics and ACLs are managed (the :9092 host gives EOF errors there). */
  restEndpoint: pulumi.Output<string>;
  /** As Confluent reports it: `SASL_SSL://pkc-….confluent.cloud:9092`. */
  bootstrapEndpoint: pulumi.Output<string>;
}

/** The type block KafkaCluster takes: exactly one of basic, standard, enterprises, dedicated. */
function typeBlock(s: ConfluentSettings): Partial<confluentcloud.KafkaClusterArgs> {
  switch (s.clusterType) {
    case 'basic':
      return { basic: {} };
    case 'standard':
      return { standard: {} };
    case 'enterprise':
      return { enterprises: [{}] };
    case 'dedicated':
      return { dedicated: { cku: s.cku ?? 1 } };
  }
}

/**
 * The Confluent Cloud environment (created with its Stream Governance package, or an existing one
 * used by id) and the Kafka cluster in it.
 */
export class ConfluentCluster extends pulumi.ComponentResource implements ClusterRef {
  readonly id: pulumi.Output<string>;
  readonly apiVersion: pulumi.Output<string>;
  readonly kind: pulumi.Output<string>;
  readonly environmentId: pulumi.Output<string>;
  readonly rbacCrn: pulumi.Output<string>;
  readonly restEndpoint: pulumi.Output<string>;
  readonly bootstrapEndpoint: pulumi.Output<string>;

  constructor(name: string, args: ConfluentClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:confluent:Cluster', name, {}, opts);
    const s = args.settings;
    const env = s.environment;
    // Everything below waits for the guard, which refuses a run that would replace the cluster.
    const guard = new ConfluentGuard(
      name,
      { fixed: fixedSettings(s), allowClusterReplacement: s.allowClusterReplacement },
      { parent: this },
    );
    this.environmentId =
      env.kind === 'existing'
        ? pulumi.output(env.id)
        : new confluentcloud.Environment(
            name,
            { displayName: env.displayName, streamGovernance: { package: env.streamGovernance } },
            { parent: this, protect: args.protect, dependsOn: [guard] },
          ).id;

    const cluster = new confluentcloud.KafkaCluster(
      name,
      {
        displayName: s.clusterName,
        availability: s.availability,
        cloud: s.cloud,
        region: s.region,
        environment: { id: this.environmentId },
        deletionProtection: args.protect,
        ...typeBlock(s),
      },
      { parent: this, protect: args.protect, dependsOn: [guard] },
    );
    this.id = cluster.id;
    this.apiVersion = cluster.apiVersion;
    this.kind = cluster.kind;
    this.rbacCrn = cluster.rbacCrn;
    this.restEndpoint = cluster.restEndpoint;
    this.bootstrapEndpoint = cluster.bootstrapEndpoint;
    this.registerOutputs({ id: this.id, environmentId: this.environmentId, restEndpoint: this.restEndpoint });
  }
}

/** The settings a Confluent cluster and its environment cannot change, as the guard compares them. */
export function fixedSettings(s: ConfluentSettings): Record<FixedSetting, string> {
  return {
    'environment.id': s.environment.kind === 'existing' ? s.environment.id : CREATED_ENVIRONMENT,
    cloud: s.cloud,
    region: s.region,
    availability: s.availability,
  };
}
