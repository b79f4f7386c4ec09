import * as eventhub from '@pulumi/azure-native/eventhub';
import * as resources from '@pulumi/azure-native/resources';
import * as pulumi from '@pulumi/pulumi';
import { KAFKA_PORT } from './limits';
import { NamespacePrivateEndpoint } from './privateEndpoint';
import { EventHubsSettings } from './settings';

export interface EventHubsNamespaceArgs {
  /** The validated `kafka:eventhubs` settings: tier, capacity, network, auth mode. */
  settings: EventHubsSettings;
  /** Tags on every taggable resource (project, stack, owner), so costs and owners are traceable. */
  tags: Record<string, string>;
  /** Protect the resource group and namespace against deletion and replacement (kafka:protect). */
  protect: boolean;
  /** What must succeed before the group or namespace is touched: the EventHubsGuard. */
  after: pulumi.CustomResource[];
}

/** The ARM `sku` of a tier. A Dedicated namespace is a Standard SKU placed in the cluster (clusterArmId). */
export function namespaceSku(s: Pick<EventHubsSettings, 'tier' | 'capacity'>): eventhub.NamespaceArgs['sku'] {
  if (s.tier === 'Dedicated') return { name: 'Standard', tier: 'Standard', capacity: 1 };
  return { name: s.tier, tier: s.tier, capacity: s.capacity };
}

/** The Kafka bootstrap server from the namespace's Service Bus endpoint (`https://<ns>.servicebus.windows.net:443/`). */
export function kafkaBootstrap(serviceBusEndpoint: string): string {
  return `${new URL(serviceBusEndpoint).hostname}:${KAFKA_PORT}`;
}

/**
 * The Kafka "cluster": a resource group (created or existing), the Event Hubs namespace with TLS 1.2
 * at least and SAS disabled in Entra mode, its network rule set, and optionally a private endpoint.
 */
export class EventHubsNamespace extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly namespace: eventhub.Namespace;
  /** The namespace's ARM id (scope of its metrics and alerts). */
  readonly id: pulumi.Output<string>;
  /** The namespace name, as Azure reports it (depends on the namespace existing). */
  readonly name: pulumi.Output<string>;
  /** `<namespace>.servicebus.windows.net:9093`. */
  readonly bootstrapServers: pulumi.Output<string>;

  constructor(name: string, args: EventHubsNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:eventhubs:Namespace', name, {}, opts);
    const s = args.settings;
    const protect = { parent: this, protect: args.protect, dependsOn: args.after };

    const group = s.resourceGroup.create
      ? new resources.ResourceGroup(
          name,
          { resourceGroupName: s.resourceGroup.name, location: s.location, tags: args.tags },
          protect,
        )
      : undefined;
    // An existing group's name still waits for the guard, so nothing that uses it (identities,
    // alerts) is created before the guard has passed.
    this.resourceGroupName = group
      ? group.name
      : pulumi.all(args.after.map((r) => r.id)).apply(() => s.resourceGroup.name);

    const publicNetworkAccess = s.network.publicAccess ? 'Enabled' : 'Disabled';
    this.namespace = new eventhub.Namespace(
      name,
      {
        namespaceName: s.namespaceName,
        resourceGroupName: this.resourceGroupName,
        location: s.location,
        sku: namespaceSku(s),
        ...(s.dedicatedClusterId ? { clusterArmId: s.dedicatedClusterId } : {}),
        ...(s.maxThroughputUnits !== undefined
          ? { isAutoInflateEnabled: true, maximumThroughputUnits: s.maxThroughputUnits }
          : s.tier === 'Standard'
            ? { isAutoInflateEnabled: false }
            : {}),
        ...(s.tier === 'Dedicated' ? {} : { zoneRedundant: s.zoneRedundant }),
        kafkaEnabled: true,
        minimumTlsVersion: s.minimumTlsVersion,
        // Entra mode: SAS keys (RootManageSharedAccessKey included) stop working, so no key can
        // bypass the per-topic role assignments.
        disableLocalAuth: s.authMode === 'entra',
        publicNetworkAccess,
        tags: args.tags,
      },
      protect,
    );
    this.id = this.namespace.id;
    this.name = this.namespace.name;
    this.bootstrapServers = this.namespace.serviceBusEndpoint.apply(kafkaBootstrap);

    // The firewall, stated in full on every run so a portal edit is put back: with IP rules only
    // those addresses get through; without, every network (public access) or none (private only).
    new eventhub.NamespaceNetworkRuleSet(
      name,
      {
        namespaceName: this.namespace.name,
        resourceGroupName: this.resourceGroupName,
        publicNetworkAccess,
        defaultAction: s.network.publicAccess && s.network.ipRules.length === 0 ? 'Allow' : 'Deny',
        ipRules: s.network.ipRules.map((ipMask) => ({ ipMask, action: 'Allow' })),
        virtualNetworkRules: [],
        trustedServiceAccessEnabled: false,
      },
      { parent: this },
    );

    if (s.network.privateEndpoint) {
      new NamespacePrivateEndpoint(
        name,
        {
          namespaceName: s.namespaceName,
          endpoint: s.network.privateEndpoint,
          namespaceId: this.namespace.id,
          resourceGroupName: this.resourceGroupName,
          location: s.network.privateEndpoint.location,
          tags: args.tags,
        },
        { parent: this },
      );
    }

    this.registerOutputs({ id: this.id, name: this.name, bootstrapServers: this.bootstrapServers });
  }
}
