import * as managedkafka from '@pulumi/gcp/managedkafka';
import * as pulumi from '@pulumi/pulumi';
import { GcpAcl } from './acls';

export interface GcpAclsArgs {
  /** One ACL per resource pattern, every service's entries in it (acls.ts). */
  acls: GcpAcl[];
  project: string;
  region: string;
  /** The cluster id; waits for the cluster. */
  clusterId: pulumi.Input<string>;
  /** The topics, so a topic's ACL never exists before the topic. */
  after: pulumi.Resource[];
}

/** The catalog's access intent as Managed Kafka ACL resources (Kafka's StandardAuthorizer enforces them). */
export class GcpAcls extends pulumi.ComponentResource {
  constructor(name: string, args: GcpAclsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:gcp:Acls', name, {}, opts);
    for (const acl of args.acls) {
      new managedkafka.Acl(
        acl.aclId.replace('/', '-'),
        {
          project: args.project,
          location: args.region,
          cluster: args.clusterId,
          aclId: acl.aclId,
          aclEntries: acl.entries,
        },
        { parent: this, dependsOn: args.after },
      );
    }
    this.registerOutputs({ acls: args.acls.map((a) => a.aclId) });
  }
}
