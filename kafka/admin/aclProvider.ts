import type * as pulumi from '@pulumi/pulumi';
import { AclBinding, aclChanges, aclKey, createAcls, deleteAcls, describeAcls } from './aclOps';
import { AdminConnection, adminFor } from './connection';
import { isLegacyProvider } from './hostProviders';
import { userFacing } from './providerError';
import { plainCopy } from './props';
import { setRunConfig } from './runConfig';

/** The plain inputs (and outputs) of one principal's ACLs managed through the Kafka admin API. */
export interface AclProps {
  /** Kafka principal, e.g. `User:orders` (SCRAM user name). */
  principal: string;
  bindings: AclBinding[];
  connection: AdminConnection;
}

/**
 * Dynamic provider for one principal's ALLOW ACLs, loaded in the engine's provider host (see
 * hostProviders.ts). Owns exactly the bindings in its state: an update adds the new ones before
 * removing the old ones (no window without access), delete removes only its own, and a refresh
 * notices owned bindings removed by hand. ACLs other tools made for the same principal are left
 * alone.
 */
export class AclProvider implements pulumi.dynamic.ResourceProvider<AclProps, AclProps> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    setRunConfig(req.config);
  }

  async diff(_id: string, olds: AclProps, news: AclProps): Promise<pulumi.dynamic.DiffResult> {
    const { add, remove } = aclChanges(olds.bindings ?? [], news.bindings);
    const replaces = olds.principal !== news.principal ? ['principal'] : [];
    const changed =
      replaces.length > 0 ||
      add.length > 0 ||
      remove.length > 0 ||
      isLegacyProvider((olds as unknown as Record<string, unknown>).__provider) ||
      JSON.stringify(olds.connection) !== JSON.stringify(news.connection);
    return { changes: changed, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: AclProps): Promise<pulumi.dynamic.CreateResult<AclProps>> {
    const props = plain(inputs);
    await createAcls(await adminFor(props.connection), props.principal, props.bindings);
    return { id: props.principal, outs: props };
  }

  /** `pulumi refresh`: the owned bindings that still exist on the cluster. */
  async read(id: string, props?: AclProps): Promise<pulumi.dynamic.ReadResult<AclProps>> {
    if (!props?.connection) return { id, ...(props ? { props } : {}) };
    const state = plain(props);
    const live = new Set((await describeAcls(await adminFor(state.connection), state.principal)).map(aclKey));
    const observed = { ...state, bindings: state.bindings.filter((b) => live.has(aclKey(b))) };
    return { id, props: observed, inputs: observed };
  }

  async update(_id: string, olds: AclProps, news: AclProps): Promise<pulumi.dynamic.UpdateResult<AclProps>> {
    const props = plain(news);
    const admin = await adminFor(props.connection);
    const { add, remove } = aclChanges(olds.bindings ?? [], props.bindings);
    await createAcls(admin, props.principal, add);
    await deleteAcls(admin, props.principal, remove);
    return { outs: props };
  }

  async delete(_id: string, props: AclProps): Promise<void> {
    if (!props?.connection) return;
    const state = plain(props);
    await deleteAcls(await adminFor(state.connection), state.principal, state.bindings);
  }
}

const plain = (props: AclProps) => plainCopy(props);

export const aclProvider = userFacing(new AclProvider());
