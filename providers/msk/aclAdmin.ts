import { AclRule } from '../../kafka/acls';

/** The SCRAM user the Pulumi runner manages ACLs as (kafka:msk.manageAcls). */
export const ACL_ADMIN_USER = 'kafka-platform-admin';

/**
 * What the ACL admin keeps for itself before anything else, so it can still manage ACLs and topics
 * once `allow.everyone.if.no.acl.found` is false (MSK has no super users).
 */
export function adminAcls(): AclRule[] {
  return [
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', operation: 'ALL' },
    { resourceType: 'TOPIC', resourceName: '*', operation: 'ALL' },
    { resourceType: 'GROUP', resourceName: '*', operation: 'ALL' },
  ];
}
