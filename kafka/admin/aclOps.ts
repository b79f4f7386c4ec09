import {
  Admin,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
} from 'kafkajs';

/** One ALLOW rule for a principal, on one literally named resource, from any host. Plain data (kept in state). */
export interface AclBinding {
  resourceType: 'TOPIC' | 'GROUP' | 'CLUSTER';
  /** Topic or group name; `kafka-cluster` for the cluster; `*` matches every resource of the type. */
  resourceName: string;
  operation:
    | 'ALL'
    | 'READ'
    | 'WRITE'
    | 'DESCRIBE'
    | 'CREATE'
    | 'DELETE'
    | 'ALTER'
    | 'DESCRIBE_CONFIGS'
    | 'ALTER_CONFIGS';
}

/** Stable identity of a binding, for set arithmetic. */
export function aclKey(b: AclBinding): string {
  return `${b.resourceType}:${b.resourceName}:${b.operation}`;
}

/** Bindings to add and to remove to go from `olds` to `news` (order-insensitive, duplicates ignored). */
export function aclChanges(
  olds: readonly AclBinding[],
  news: readonly AclBinding[],
): { add: AclBinding[]; remove: AclBinding[] } {
  const oldKeys = new Set(olds.map(aclKey));
  const newKeys = new Set(news.map(aclKey));
  const unique = (list: readonly AclBinding[]) => [...new Map(list.map((b) => [aclKey(b), b])).values()];
  return {
    add: unique(news).filter((b) => !oldKeys.has(aclKey(b))),
    remove: unique(olds).filter((b) => !newKeys.has(aclKey(b))),
  };
}

function entry(principal: string, b: AclBinding) {
  return {
    resourceType: AclResourceTypes[b.resourceType],
    resourceName: b.resourceName,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal,
    host: '*',
    operation: AclOperationTypes[b.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** Creates ALLOW ACLs for `principal` (e.g. `User:orders`); creating an existing ACL is a no-op in Kafka. */
export async function createAcls(
  admin: Admin,
  principal: string,
  bindings: readonly AclBinding[],
): Promise<void> {
  if (bindings.length === 0) return;
  await admin.createAcls({ acl: bindings.map((b) => entry(principal, b)) });
}

/** Deletes exactly these ALLOW ACLs of `principal`; other principals' and other rules are untouched. */
export async function deleteAcls(
  admin: Admin,
  principal: string,
  bindings: readonly AclBinding[],
): Promise<void> {
  if (bindings.length === 0) return;
  await admin.deleteAcls({ filters: bindings.map((b) => entry(principal, b)) });
}

/** The ALLOW bindings `principal` has on the cluster (literal patterns), as plain data. */
export async function describeAcls(admin: Admin, principal: string): Promise<AclBinding[]> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ALLOW,
  });
  // kafkajs' runtime enums are plain objects without reverse mappings.
  const nameOf = (values: object, n: number) =>
    Object.entries(values).find(([, v]) => v === n)?.[0] ?? 'UNKNOWN';
  const typeName = (t: number) => nameOf(AclResourceTypes, t) as AclBinding['resourceType'];
  const opName = (o: number) => nameOf(AclOperationTypes, o) as AclBinding['operation'];
  return resources.flatMap((r) =>
    r.acls.map((a) => ({
      resourceType: typeName(r.resourceType),
      resourceName: r.resourceName,
      operation: opName(a.operation),
    })),
  );
}
