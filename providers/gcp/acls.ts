import { AccessIntent } from '../../kafka/access';
import { AclRule, aclsFor, intentOfAcls } from '../../kafka/acls';

/** One entry of a Managed Kafka ACL (acl_entries of google_managed_kafka_acl). */
export interface GcpAclEntry {
  principal: string;
  permissionType: 'ALLOW';
  operation: AclRule['operation'];
  /** Managed Kafka takes only `*` ("Must be set to \"*\" for Managed Service for Apache Kafka"). */
  host: '*';
}

/** One ACL resource: every entry on one resource pattern, for all services. */
export interface GcpAcl {
  /**
   * The resource pattern as Managed Kafka names it: `topic/<name>` or `consumerGroup/<name>`
   * (acl_id of google_managed_kafka_acl; `cluster`, prefixed and wildcard forms are never used).
   */
  aclId: string;
  entries: GcpAclEntry[];
}

const ACL_ID_PREFIX: Record<'TOPIC' | 'GROUP', string> = { TOPIC: 'topic/', GROUP: 'consumerGroup/' };

/**
 * The Managed Kafka ACLs of every service's access intent: the shared least-privilege rules
 * (kafka/acls.ts), grouped by resource because Managed Kafka keeps one ACL per resource pattern.
 * Since Kafka 3.0, WRITE on a topic also allows idempotent produce, so nothing on the cluster.
 */
export function gcpAclResources(
  intents: Record<string, AccessIntent>,
  principalOf: (service: string) => string,
): GcpAcl[] {
  const byId = new Map<string, GcpAclEntry[]>();
  for (const service of Object.keys(intents).sort()) {
    for (const rule of aclsFor(intents[service]!)) {
      if (rule.resourceType === 'CLUSTER')
        throw new Error(`cluster ACL ${rule.operation} is never granted here`);
      const id = `${ACL_ID_PREFIX[rule.resourceType]}${rule.resourceName}`;
      const entries = byId.get(id) ?? [];
      entries.push({
        principal: principalOf(service),
        permissionType: 'ALLOW',
        operation: rule.operation,
        host: '*',
      });
      byId.set(id, entries);
    }
  }
  return [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([aclId, entries]) => ({ aclId, entries }));
}

/**
 * The access intent each principal gets from a set of ACLs, for reading a plan back (the
 * conformance suite). Anything but a literal topic or group ALLOW entry from any host throws.
 */
export function intentsOfGcpAcls(acls: readonly GcpAcl[]): Record<string, AccessIntent> {
  const rules: Record<string, AclRule[]> = {};
  for (const acl of acls) {
    const [kind, ...rest] = acl.aclId.split('/');
    const name = rest.join('/');
    const resourceType = kind === 'topic' ? 'TOPIC' : kind === 'consumerGroup' ? 'GROUP' : undefined;
    if (!resourceType || !name || name === '*')
      throw new Error(`ACL ${acl.aclId} is not one literal topic or group`);
    for (const e of acl.entries) {
      if (e.permissionType !== 'ALLOW' || e.host !== '*') {
        throw new Error(
          `ACL ${acl.aclId} has a ${e.permissionType} entry from ${e.host}: only ALLOW from * is granted`,
        );
      }
      (rules[e.principal] ??= []).push({ resourceType, resourceName: name, operation: e.operation });
    }
  }
  return Object.fromEntries(Object.entries(rules).map(([p, r]) => [p, intentOfAcls(r)]));
}
