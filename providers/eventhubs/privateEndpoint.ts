import * as network from '@pulumi/azure-native/network';
import * as privatedns from '@pulumi/azure-native/privatedns';
import * as pulumi from '@pulumi/pulumi';
import { PrivateEndpointSettings } from './settings';

/** The private DNS zone Event Hubs private endpoints register in (Azure public cloud). */
export const PRIVATE_DNS_ZONE = 'privatelink.servicebus.windows.net';

export interface NamespacePrivateEndpointArgs {
  /** The namespace name: the endpoint is `pe-<namespace>`, so operators find it next to the namespace. */
  namespaceName: string;
  /** Subnet, its VNet, and an existing DNS zone if the network has a central one. */
  endpoint: PrivateEndpointSettings;
  /** The namespace the endpoint connects to (private link group `namespace`). */
  namespaceId: pulumi.Input<string>;
  /** The stack's resource group: the endpoint and a created zone live there. */
  resourceGroupName: pulumi.Input<string>;
  /** The endpoint's region: the subnet's VNet's (Azure's rule), not necessarily the namespace's. */
  location: string;
  /** Tags on the endpoint and zone (project, stack, owner). */
  tags: Record<string, string>;
}

/**
 * A private endpoint of the namespace in the services' subnet, and the DNS that makes
 * `<namespace>.servicebus.windows.net` resolve to it inside the VNet: an existing zone, or a zone
 * created here and linked to the subnet's VNet.
 */
export class NamespacePrivateEndpoint extends pulumi.ComponentResource {
  readonly endpoint: network.PrivateEndpoint;

  constructor(name: string, args: NamespacePrivateEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:eventhubs:PrivateEndpoint', name, {}, opts);
    const parent = { parent: this };
    const { endpoint } = args;
    this.endpoint = new network.PrivateEndpoint(
      name,
      {
        privateEndpointName: `pe-${args.namespaceName}`,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnet: { id: endpoint.subnetId },
        privateLinkServiceConnections: [
          { name: 'namespace', privateLinkServiceId: args.namespaceId, groupIds: ['namespace'] },
        ],
        tags: args.tags,
      },
      parent,
    );

    let zoneId: pulumi.Input<string>;
    if (endpoint.privateDnsZoneId) {
      zoneId = endpoint.privateDnsZoneId;
    } else {
      const zone = new privatedns.PrivateZone(
        name,
        {
          privateZoneName: PRIVATE_DNS_ZONE,
          resourceGroupName: args.resourceGroupName,
          location: 'Global',
          tags: args.tags,
        },
        parent,
      );
      new privatedns.VirtualNetworkLink(
        name,
        {
          privateZoneName: zone.name,
          virtualNetworkLinkName: `link-${endpoint.vnetId.split('/').pop()}`,
          resourceGroupName: args.resourceGroupName,
          location: 'Global',
          virtualNetwork: { id: endpoint.vnetId },
          registrationEnabled: false,
          tags: args.tags,
        },
        parent,
      );
      zoneId = zone.id;
    }
    new network.PrivateDnsZoneGroup(
      name,
      {
        privateEndpointName: this.endpoint.name,
        privateDnsZoneGroupName: 'default',
        resourceGroupName: args.resourceGroupName,
        privateDnsZoneConfigs: [{ name: 'servicebus', privateDnsZoneId: zoneId }],
      },
      parent,
    );
    this.registerOutputs({ endpoint: this.endpoint.id });
  }
}
