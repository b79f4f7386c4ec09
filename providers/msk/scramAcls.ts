import { Service, topicsOf } from '../../topics/catalog';
import { AclBinding } from '../kafka-admin/aclOps';

/** The SCRAM user the Pulumi runner manages ACLs as (kafka:msk.manageAcls). */
export const ACL_ADMIN_USER = 'kafka-platform-admin';

/** A SCRAM user's Kafka principal. */
export function principalOf(user: string): string {
  return `User:${user}`;
}

/**
 * The least-privilege Kafka ACLs of one service in SCRAM mode, the counterpart of its IAM policy:
 * describe/write on the topics it produces, describe/read on the topics it consumes, read on its
 * own consumer groups. (Since Kafka 3.0, WRITE on a topic also allows idempotent produce.)
 */
export function serviceAcls(service: Service): AclBinding[] {
  const { produces, consumes, groups } = topicsOf(service);
  const topic = (name: string, operation: AclBinding['operation']): AclBinding => ({
    resourceType: 'TOPIC',
    resourceName: name,
    operation,
  });
  return [
    ...[...produces].sort().flatMap((t) => [topic(t, 'DESCRIBE'), topic(t, 'WRITE')]),
    ...[...consumes].sort().flatMap((t) => [topic(t, 'DESCRIBE'), topic(t, 'READ')]),
    ...[...groups]
      .sort()
      .map((g): AclBinding => ({ resourceType: 'GROUP', resourceName: g, operation: 'READ' })),
  ];
}

/**
 * What the ACL admin keeps for itself before anything else, so it can still manage ACLs and topics
 * once `allow.everyone.if.no.acl.found` is false (MSK has no super users).
 */
export function adminAcls(): AclBinding[] {
  return [
    { resourceType: 'CLUSTER', resourceName: 'kafka-cluster', operation: 'ALL' },
    { resourceType: 'TOPIC', resourceName: '*', operation: 'ALL' },
    { resourceType: 'GROUP', resourceName: '*', operation: 'ALL' },
  ];
}
