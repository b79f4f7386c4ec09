import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { principalOf } from '../../kafka/acls';

/**
 * A service account with one role on one cluster (`crnPattern` is the cluster's CRN, never the
 * organisation's). Its API key must depend on `binding`: a key used before its role has synced
 * gets 401/403.
 */
export function clusterRoleAccount(
  name: string,
  o: { displayName: string; description: string; roleName: string; crnPattern: pulumi.Input<string> },
  parent: pulumi.Resource,
): { account: confluentcloud.ServiceAccount; binding: confluentcloud.RoleBinding } {
  const account = new confluentcloud.ServiceAccount(
    name,
    { displayName: o.displayName, description: o.description },
    { parent },
  );
  const binding = new confluentcloud.RoleBinding(
    name,
    { principal: account.id.apply(principalOf), roleName: o.roleName, crnPattern: o.crnPattern },
    { parent },
  );
  return { account, binding };
}
