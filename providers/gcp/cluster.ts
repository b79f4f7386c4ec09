import * as managedkafka from '@pulumi/gcp/managedkafka';
import * as pulumi from '@pulumi/pulumi';
import { bootstrapAddress, GIB } from './limits';
import { GcpSettings } from './settings';

export interface GcpKafkaClusterArgs {
  /** Project, region and the cluster to create or adopt (kafka:gcp). */
  settings: GcpSettings;
  /** Labels on the cluster: project, stack, owner. */
  labels: Record<string, string>;
  /** Protect the created cluster from deletion and replacement (kafka:protect). */
  protect: boolean;
}

/**
 * The Managed Kafka cluster: created with its capacity, subnets, CMEK key and rebalancing, or an
 * existing one read by id (adopted: never updated or deleted by this stack).
 */
export class GcpKafkaCluster extends pulumi.ComponentResource {
  /** The cluster id (the last part of its name), as topics and ACLs take it. */
  readonly clusterId: pulumi.Output<string>;
  /** `projects/<p>/locations/<r>/clusters/<id>`. */
  readonly name: pulumi.Output<string>;
  /** `bootstrap.<id>.<region>.managedkafka.<project>.cloud.goog:9092`. */
  readonly bootstrapServers: pulumi.Output<string>;

  constructor(name: string, args: GcpKafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:gcp:Cluster', name, {}, opts);
    const s = args.settings;
    const c = s.cluster;
    const cluster =
      c.kind === 'existing'
        ? managedkafka.Cluster.get(
            name,
            `projects/${s.project}/locations/${s.region}/clusters/${c.id}`,
            undefined,
            { parent: this },
          )
        : new managedkafka.Cluster(
            name,
            {
              project: s.project,
              location: s.region,
              clusterId: c.id,
              capacityConfig: {
                vcpuCount: String(c.vcpus),
                memoryBytes: String(c.vcpus * c.memoryGiBPerVcpu * GIB),
              },
              gcpConfig: {
                accessConfig: { networkConfigs: c.subnets.map((subnet) => ({ subnet })) },
                ...(c.kmsKey ? { kmsKey: c.kmsKey } : {}),
              },
              rebalanceConfig: { mode: c.rebalance },
              labels: args.labels,
              // The provider's own guard as well as Pulumi's: a protected stack's cluster refuses
              // deletion even from a state edited by hand.
              deletionPolicy: args.protect ? 'PREVENT' : 'DELETE',
            },
            { parent: this, protect: args.protect },
          );
    this.clusterId = pulumi.output(c.id);
    this.name = cluster.name;
    // Derived, not read: the provider version has no bootstrap output (limits.ts).
    this.bootstrapServers = cluster.name.apply(() => bootstrapAddress(c.id, s.region, s.project));
    this.registerOutputs({ name: this.name, bootstrapServers: this.bootstrapServers });
  }
}
