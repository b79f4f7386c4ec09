import { AclRule, intentOfAcls, principalOf } from '../../kafka/acls';
import { AccessIntent } from '../../kafka/access';
import { PlannedAccess, PlannedResource } from '../backend';
import { intentOfPolicy, PolicyDocument } from './accessPolicy';
import { ACL_ADMIN_USER } from './aclAdmin';

const SERVICE_ACCESS = 'kafka-platform:msk:ServiceAccess::';

/**
 * The access an MSK plan grants each service, read from what it registers: the IAM role policy of
 * each service (IAM mode, the cluster's auth decides), or each service's Kafka ACLs (SCRAM with
 * manageAcls). SCRAM without ACLs isolates nobody, and says so.
 */
export function mskPlannedAccess(resources: readonly PlannedResource[]): PlannedAccess {
  const cluster = resources.find((r) => r.type === 'aws:msk/cluster:Cluster');
  const sasl = (cluster?.inputs.clientAuthentication as { sasl?: { iam?: boolean } } | undefined)?.sasl;
  const iam = !cluster || sasl?.iam === true; // serverless clusters are IAM only
  const grants: Record<string, AccessIntent> = {};
  if (iam) {
    for (const r of resources) {
      if (r.type !== 'aws:iam/rolePolicy:RolePolicy' || !r.parent?.startsWith(SERVICE_ACCESS)) continue;
      grants[r.parent.slice(SERVICE_ACCESS.length)] = intentOfPolicy(
        JSON.parse(String(r.inputs.policy)) as PolicyDocument,
      );
    }
    return { enforced: true, grants };
  }
  const acls = resources.filter((r) => r.type === 'pulumi-nodejs:dynamic/kafka:Acls');
  if (acls.length === 0) {
    return {
      enforced: false,
      why: 'SCRAM without kafka:msk.manageAcls: one user per service but no ACLs, so the brokers let every user use every topic',
    };
  }
  for (const r of acls) {
    const principal = String(r.inputs.principal);
    if (principal === principalOf(ACL_ADMIN_USER)) continue;
    grants[principal.replace(/^User:/, '')] = intentOfAcls(r.inputs.bindings as AclRule[]);
  }
  // While MSK's default allow.everyone.if.no.acl.found=true holds, every user may still use each
  // topic and group no ACL names (ZooKeeper and KRaft alike): the ACLs only fence what they name.
  const configuration = resources.find((r) => r.type === 'aws:msk/configuration:Configuration');
  const properties = String(configuration?.inputs.serverProperties ?? '');
  if (!/^allow\.everyone\.if\.no\.acl\.found=false$/m.test(properties)) {
    return {
      enforced: false,
      why: 'SCRAM with kafka:msk.manageAcls but allow.everyone.if.no.acl.found still true (MSK’s default): each service’s ACLs exist, yet every user may use any topic or group no ACL names; set kafka:msk.brokerConfig allow.everyone.if.no.acl.found: false in a second run to enforce them',
    };
  }
  return { enforced: true, grants };
}
