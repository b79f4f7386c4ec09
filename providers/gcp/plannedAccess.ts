import { AccessIntent } from '../../kafka/access';
import { PlannedAccess, PlannedResource } from '../backend';
import { GcpAclEntry, intentsOfGcpAcls } from './acls';
import { kafkaPrincipal } from './principal';

const SERVICE_ACCESS = 'kafka-platform:gcp:ServiceAccess';
const ACCOUNT = 'gcp:serviceaccount/account:Account';
const ACL = 'gcp:managedkafka/acl:Acl';

/**
 * The access a plan grants each service, read from its ACL resources: each service has its own
 * Google service account, whose e-mail is its Kafka principal, so the entries naming it are its
 * access. An entry for any other principal throws.
 */
export function gcpPlannedAccess(resources: readonly PlannedResource[]): PlannedAccess {
  const serviceOf = new Map<string, string>();
  const grants: Record<string, AccessIntent> = {};
  for (const r of resources) {
    if (r.type === SERVICE_ACCESS) grants[r.name] = { write: [], read: [], groups: [] };
    if (r.type === ACCOUNT && r.parent?.startsWith(`${SERVICE_ACCESS}::`)) {
      const email = `${String(r.inputs.accountId)}@${String(r.inputs.project)}.iam.gserviceaccount.com`;
      serviceOf.set(kafkaPrincipal(email), r.parent.slice(SERVICE_ACCESS.length + 2));
    }
  }
  const acls = resources
    .filter((r) => r.type === ACL)
    .map((r) => ({ aclId: String(r.inputs.aclId), entries: r.inputs.aclEntries as GcpAclEntry[] }));
  for (const [principal, intent] of Object.entries(intentsOfGcpAcls(acls))) {
    const service = serviceOf.get(principal);
    if (!service) throw new Error(`an ACL names ${principal}, which is no service's account`);
    grants[service] = intent;
  }
  return { enforced: true, grants };
}
