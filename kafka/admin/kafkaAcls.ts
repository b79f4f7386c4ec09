import * as pulumi from '@pulumi/pulumi';
import { AclBinding } from './aclOps';
import { AdminConnection } from './connection';
import { aclHost } from './hostProviders';

export interface KafkaAclsArgs {
  /** Kafka principal the bindings are for, e.g. `User:orders`. */
  principal: pulumi.Input<string>;
  /** The ALLOW bindings this resource owns for the principal. */
  bindings: pulumi.Input<AclBinding[]>;
  /** Admin connection of the Pulumi runner; its password makes the property secret. */
  connection: pulumi.Input<AdminConnection>;
}

const provider = aclHost;

/** One principal's ALLOW ACLs on a Kafka cluster (resource type `kafka:Acls`). */
export class KafkaAcls extends pulumi.dynamic.Resource {
  constructor(name: string, args: KafkaAclsArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args }, { ...opts, additionalSecretOutputs: ['connection'] }, 'kafka', 'Acls');
  }
}
