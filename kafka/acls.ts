import { Service } from '../topics/catalog';
import { accessIntent, AccessIntent } from './access';

/**
 * One ALLOW rule on a literally named resource, from any host: the Kafka ACL form of an access
 * intent (the same shape the admin-API ACL resource takes).
 */
export interface AclRule {
  resourceType: 'TOPIC' | 'GROUP' | 'CLUSTER';
  /** Topic or group name; `kafka-cluster` for the cluster; `*` matches every resource of the type. */
  resourceName: string;
  operation: 'ALL' | 'READ' | 'WRITE' | 'DESCRIBE';
}

/** A user's Kafka principal (SCRAM and PLAIN users, Confluent service accounts by id). */
export function principalOf(user: string): string {
  return `User:${user}`;
}

/**
 * The least-privilege Kafka ACLs of an access intent: describe/write on the topics it writes,
 * describe/read on the topics it reads, read on its consumer groups. (Since Kafka 3.0, WRITE on a
 * topic also allows idempotent produce.)
 */
export function aclsFor(intent: AccessIntent): AclRule[] {
  const topic = (name: string, operation: AclRule['operation']): AclRule => ({
    resourceType: 'TOPIC',
    resourceName: name,
    operation,
  });
  // A topic both written and read needs DESCRIBE once: a second identical binding is a duplicate
  // resource (one URN) on Confluent and a redundant entry sent to the broker elsewhere.
  const written = new Set(intent.write);
  return [
    ...intent.write.flatMap((t) => [topic(t, 'DESCRIBE'), topic(t, 'WRITE')]),
    ...intent.read.flatMap((t) =>
      written.has(t) ? [topic(t, 'READ')] : [topic(t, 'DESCRIBE'), topic(t, 'READ')],
    ),
    ...intent.groups.map((g): AclRule => ({ resourceType: 'GROUP', resourceName: g, operation: 'READ' })),
  ];
}

/** The least-privilege Kafka ACLs of one catalog service. */
export function serviceAcls(service: Service): AclRule[] {
  return aclsFor(accessIntent(service));
}

/**
 * The access intent a set of ALLOW rules grants, for reading ACLs back (the conformance suite).
 * DESCRIBE adds nothing a service could not do anyway; any other rule is not an intent and throws.
 */
export function intentOfAcls(rules: readonly AclRule[]): AccessIntent {
  const intent: AccessIntent = { write: [], read: [], groups: [] };
  for (const r of rules) {
    if (r.resourceType === 'TOPIC' && r.operation === 'WRITE') intent.write.push(r.resourceName);
    else if (r.resourceType === 'TOPIC' && r.operation === 'READ') intent.read.push(r.resourceName);
    else if (r.resourceType === 'GROUP' && r.operation === 'READ') intent.groups.push(r.resourceName);
    else if (!(r.resourceType === 'TOPIC' && r.operation === 'DESCRIBE')) {
      throw new Error(
        `ACL ${r.operation} on ${r.resourceType} ${r.resourceName} is more than any service needs`,
      );
    }
  }
  const sorted = (values: string[]) => [...new Set(values)].sort();
  return { write: sorted(intent.write), read: sorted(intent.read), groups: sorted(intent.groups) };
}
