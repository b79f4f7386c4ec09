import { AccessIntent } from '../../kafka/access';
import { AclRule, aclsFor, intentOfAcls } from '../../kafka/acls';

/**
 * IDEMPOTENT_WRITE on the cluster: what an idempotent producer's InitProducerId needs on Confluent
 * Cloud ("IDEMPOTENT_WRITE: for producers in Idempotent mode", docs.confluent.io/cloud/current/
 * security/access-control/acls/operations.html). The Java client produces idempotently by default
 * since 3.0 (enable.idempotence, KIP-679); KafkaJS does not (`idempotent: false` by default,
 * https://kafka.js.org/docs/producing#options), but the platform's service library
 * (client/kafkaQueue.ts) sets `idempotent: true`. So every service that writes gets it; one that
 * only reads never does.
 */
export interface ClusterAclRule {
  resourceType: 'CLUSTER';
  resourceName: 'kafka-cluster';
  operation: 'IDEMPOTENT_WRITE';
}

export type ConfluentAclRule = AclRule | ClusterAclRule;

export const IDEMPOTENT_WRITE: ClusterAclRule = {
  resourceType: 'CLUSTER',
  resourceName: 'kafka-cluster',
  operation: 'IDEMPOTENT_WRITE',
};

/**
 * A service's Confluent ACLs: the shared Kafka ACL rule of its access intent (kafka/acls.ts) and,
 * when it writes, IDEMPOTENT_WRITE on the cluster. Nothing here decides which topics or groups.
 */
export function confluentAcls(intent: AccessIntent): ConfluentAclRule[] {
  return [...aclsFor(intent), ...(intent.write.length > 0 ? [IDEMPOTENT_WRITE] : [])];
}

/**
 * Reads ACLs back into the access intent they grant (the conformance suite). IDEMPOTENT_WRITE is
 * accepted only next to WRITE on a topic; anything else beyond the intent throws.
 */
export function intentOfConfluentAcls(rules: readonly ConfluentAclRule[]): AccessIntent {
  const isIdempotent = (r: ConfluentAclRule): r is ClusterAclRule =>
    r.resourceType === 'CLUSTER' && r.resourceName === 'kafka-cluster' && r.operation === 'IDEMPOTENT_WRITE';
  const intent = intentOfAcls(rules.filter((r): r is AclRule => !isIdempotent(r)));
  const idempotent = rules.filter(isIdempotent).length;
  if (idempotent > 1 || (idempotent === 1 && intent.write.length === 0)) {
    throw new Error(
      'ACL IDEMPOTENT_WRITE on CLUSTER kafka-cluster is more than any service needs: only producers get it, once',
    );
  }
  if (idempotent === 0 && intent.write.length > 0) {
    throw new Error(`a producer of ${intent.write.join(', ')} lacks IDEMPOTENT_WRITE on the cluster`);
  }
  return intent;
}
