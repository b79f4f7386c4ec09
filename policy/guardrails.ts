import { Policies } from '@pulumi/policy';
import { noCredentialInConfigMap, noCredentialInOutputs } from './credentials';
import { mskCustomerManagedKey, mskTlsInTransit } from './encryption';
import { StackFacts } from './facts';
import { noAdminRolesForServices, noWildcardTopicGrants } from './leastPrivilege';
import { noPublicNetworkInProduction } from './network';
import { protectProduction } from './protection';
import { productionReplicationFactor } from './replication';

/** The pack's name, as `pulumi preview --policy-pack policy` reports it. */
export const PACK_NAME = 'kafka-platform-guardrails';

/**
 * Every guardrail of the pack, each mandatory (policy/index.ts): a violation fails `pulumi
 * preview` and stops `pulumi up` before anything changes. `facts` tells them the stack they check.
 */
export function guardrails(facts: () => StackFacts): Policies {
  return [
    mskTlsInTransit,
    mskCustomerManagedKey,
    noPublicNetworkInProduction(facts),
    protectProduction(facts),
    productionReplicationFactor(facts),
    noCredentialInConfigMap(facts),
    noCredentialInOutputs(facts),
    noWildcardTopicGrants,
    noAdminRolesForServices,
  ];
}
