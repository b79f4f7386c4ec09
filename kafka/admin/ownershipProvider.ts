import type * as pulumi from '@pulumi/pulumi';
import { OWNERSHIP_TOPIC } from '../../topics/ownership';
import { warn } from './engineLog';
import { writeRecord } from './ownershipOps';
import { connectionOf, plainCopy, SplitConnection } from './props';
import { userFacing } from './providerError';
import { setRunConfig } from './runConfig';
import { topicClusterFor } from './topicCluster';

/** The inputs of one stack's record in a cluster's ownership registry. */
export interface OwnershipProps extends SplitConnection {
  /** The stack, `organization/project/stack`: the record's key. */
  owner: string;
  /** Every topic of the stack's catalog on this cluster. */
  topics: string[];
  /** Replication factor of the registry topic if this stack creates it. */
  replicationFactor: number;
}

/**
 * Keeps the stack's record in the registry equal to its catalog: written on create and whenever
 * the catalog's topic list changes, removed when the stack is destroyed. Each stack writes only
 * its own record, so concurrent stacks never overwrite each other.
 */
export class OwnershipProvider implements pulumi.dynamic.ResourceProvider<OwnershipProps, OwnershipProps> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    setRunConfig(req.config);
  }

  async diff(_id: string, olds: OwnershipProps, news: OwnershipProps): Promise<pulumi.dynamic.DiffResult> {
    const replaces =
      olds.owner !== news.owner || olds.connection?.brokers.join() !== news.connection.brokers.join()
        ? ['owner']
        : [];
    const changed =
      replaces.length > 0 ||
      JSON.stringify([...olds.topics].sort()) !== JSON.stringify([...news.topics].sort());
    return { changes: changed, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: OwnershipProps): Promise<pulumi.dynamic.CreateResult<OwnershipProps>> {
    const props = plain(inputs);
    await this.write(props, props.topics);
    return { id: props.owner, outs: props };
  }

  async update(
    _id: string,
    _olds: OwnershipProps,
    news: OwnershipProps,
  ): Promise<pulumi.dynamic.UpdateResult<OwnershipProps>> {
    const props = plain(news);
    await this.write(props, props.topics);
    return { outs: props };
  }

  async delete(_id: string, props: OwnershipProps): Promise<void> {
    if (!props?.connection) return;
    const state = plain(props);
    await this.write(state, null);
    await warn(registryKept(state.owner, connectionOf(state).brokers));
  }

  private async write(props: OwnershipProps, topics: string[] | null): Promise<void> {
    const connection = connectionOf(props);
    const cluster = topicClusterFor(connection);
    await cluster.exclusive((admin) =>
      writeRecord(admin, connection, props.owner, topics, props.replicationFactor),
    );
    cluster.recordWritten(props.owner, topics);
  }
}

const plain = (props: OwnershipProps) => plainCopy(props);

/**
 * What `destroy` leaves on the cluster, and why: the registry is shared by every stack that
 * manages topics there, so removing this stack's record is all one stack may do. Pure.
 */
export function registryKept(owner: string, brokers: readonly string[]): string {
  return (
    `kept topic ${OWNERSHIP_TOPIC} on ${brokers.join(',')}: it records which stack manages which topic, ` +
    `for every stack sharing this cluster (so none adopts or deletes another's topics); only the record ` +
    `of ${owner} was removed. Delete the topic by hand once no stack manages topics on this cluster.`
  );
}

export const ownershipProvider = userFacing(new OwnershipProvider());
