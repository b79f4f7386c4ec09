import { AclRule } from '../../kafka/acls';

/** The SCRAM user the Pulumi runner manages ACLs as (kafka:msk.manageAcls). */
export const ACL_ADMIN_USER = 'kafka-platform-admin';

/**
 * What the ACL admin keeps for itself before anything else, so it can still manage ACLs once
 * `allow.everyone.if.no.acl.found` is false (MSK has no super users): the cluster, where ACLs are
 * created, described and deleted, and nothing else (topics are managed through the AWS API).
 * No `TOPIC *` or `GROUP *`: with `allow.everyone.if.no.acl.found=true` a wildcard ACL counts as
 * an ACL on every topic or group, so every principal without ACLs of its own (other stacks' users
 * included) would be denied at once, by ZooKeeper's AclAuthorizer and KRaft's StandardAuthorizer
 * alike (tests/integration/mskAclRollout.test.ts, against both).
 */
export function adminAcls(): AclRule[] {
  return [{ resourceType: 'CLUSTER', resourceName: 'kafka-cluster', operation: 'ALL' }];
}
