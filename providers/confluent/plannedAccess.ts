import { AccessIntent } from '../../kafka/access';
import { PlannedAccess, PlannedResource } from '../backend';
import { ConfluentAclRule, intentOfConfluentAcls } from './acls';

const SERVICE_ACCESS = 'kafka-platform:confluent:ServiceAccess';
const KAFKA_ACL = 'confluentcloud:index/kafkaAcl:KafkaAcl';

/**
 * The access a Confluent plan grants each service, read from its KafkaAcl resources (each service
 * has its own service account, so its ACLs are its access). Only literal ALLOW rules from any host
 * are ever registered; anything else is not an access intent and throws.
 */
export function confluentPlannedAccess(resources: readonly PlannedResource[]): PlannedAccess {
  const rules: Record<string, ConfluentAclRule[]> = {};
  for (const r of resources) {
    if (r.type === SERVICE_ACCESS) rules[r.name] ??= [];
  }
  for (const r of resources) {
    if (r.type !== KAFKA_ACL) continue;
    const service = r.parent?.startsWith(`${SERVICE_ACCESS}::`)
      ? r.parent.slice(SERVICE_ACCESS.length + 2)
      : undefined;
    const { patternType, permission, host } = r.inputs;
    if (!service || patternType !== 'LITERAL' || permission !== 'ALLOW' || host !== '*') {
      throw new Error(
        `ACL ${r.name} is not a literal ALLOW rule of one service (parent ${String(r.parent)}, ${String(patternType)} ${String(permission)} from ${String(host)})`,
      );
    }
    (rules[service] ??= []).push({
      resourceType: r.inputs.resourceType,
      resourceName: r.inputs.resourceName,
      operation: r.inputs.operation,
    } as ConfluentAclRule);
  }
  const grants: Record<string, AccessIntent> = Object.fromEntries(
    Object.entries(rules).map(([service, acls]) => [service, intentOfConfluentAcls(acls)]),
  );
  return { enforced: true, grants };
}
