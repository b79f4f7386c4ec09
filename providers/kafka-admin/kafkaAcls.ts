import * as pulumi from '@pulumi/pulumi';
import { AclBinding, aclChanges, createAcls, deleteAcls } from './aclOps';
import { AdminConnection, adminFor } from './connection';

/** The plain inputs (and outputs) of one principal's ACLs managed through the Kafka admin API. */
export interface AclProps {
  /** Kafka principal, e.g. `User:orders` (SCRAM user name). */
  principal: string;
  bindings: AclBinding[];
  connection: AdminConnection;
}

/**
 * Dynamic provider for one principal's ALLOW ACLs. Owns exactly the bindings in its state: an update
 * adds the new ones before removing the old ones (no window without access), delete removes only
 * its own. ACLs other tools made for the same principal are left alone.
 */
export class AclProvider implements pulumi.dynamic.ResourceProvider<AclProps, AclProps> {
  async diff(_id: string, olds: AclProps, news: AclProps): Promise<pulumi.dynamic.DiffResult> {
    const { add, remove } = aclChanges(olds.bindings, news.bindings);
    const replaces = olds.principal !== news.principal ? ['principal'] : [];
    const changed =
      replaces.length > 0 ||
      add.length > 0 ||
      remove.length > 0 ||
      JSON.stringify(olds.connection) !== JSON.stringify(news.connection);
    return { changes: changed, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: AclProps): Promise<pulumi.dynamic.CreateResult<AclProps>> {
    await createAcls(await adminFor(inputs.connection), inputs.principal, inputs.bindings);
    return { id: inputs.principal, outs: inputs };
  }

  async update(_id: string, olds: AclProps, news: AclProps): Promise<pulumi.dynamic.UpdateResult<AclProps>> {
    const admin = await adminFor(news.connection);
    const { add, remove } = aclChanges(olds.bindings, news.bindings);
    await createAcls(admin, news.principal, add);
    await deleteAcls(admin, news.principal, remove);
    return { outs: news };
  }

  async delete(_id: string, props: AclProps): Promise<void> {
    await deleteAcls(await adminFor(props.connection), props.principal, props.bindings);
  }
}

export const aclProvider = new AclProvider();

export interface KafkaAclsArgs {
  principal: pulumi.Input<string>;
  bindings: pulumi.Input<AclBinding[]>;
  /** Admin connection of the Pulumi runner; its password makes the property secret. */
  connection: pulumi.Input<AdminConnection>;
}

/** One principal's ALLOW ACLs on a Kafka cluster (resource type `kafka:Acls`). */
export class KafkaAcls extends pulumi.dynamic.Resource {
  constructor(name: string, args: KafkaAclsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      aclProvider,
      name,
      { ...args },
      { ...opts, additionalSecretOutputs: ['connection'] },
      'kafka',
      'Acls',
    );
  }
}
