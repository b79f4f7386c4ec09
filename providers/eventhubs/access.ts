import { createHash } from 'node:crypto';
import { accessIntent } from '../../kafka/access';
import { Service } from '../../topics/catalog';
import { ROLES, RULE_NAME_MAX } from './limits';

/** The two data roles a service may get; Data Owner never. */
export type DataRole = 'sender' | 'receiver';

/** One role assignment of a service: a data role on one event hub. */
export interface RoleGrant {
  /** The topic, i.e. the one event hub the role is scoped to. */
  topic: string;
  /** Sender for a produced topic, receiver for a consumed one. */
  role: DataRole;
}

/**
 * The role assignments of one service, from the catalog's access intent and nothing else: Data
 * Sender on each event hub it produces to, Data Receiver on each it consumes. Kafka consumer groups
 * need no grant of their own on Event Hubs (they are not authorised per identity).
 */
export function roleGrants(service: Service): RoleGrant[] {
  const { write, read } = accessIntent(service);
  return [
    ...write.map((topic) => ({ topic, role: 'sender' as const })),
    ...read.map((topic) => ({ topic, role: 'receiver' as const })),
  ];
}

/** The rights of a service's SAS rule: Send if it produces, Listen if it consumes; never Manage. */
export function sasRights(service: Service): ('Send' | 'Listen')[] {
  const { write, read } = accessIntent(service);
  return [...(write.length > 0 ? ['Send' as const] : []), ...(read.length > 0 ? ['Listen' as const] : [])];
}

/**
 * The full id of a built-in role, in the subscription of `armId` (any resource id of the stack):
 * `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>`.
 */
export function roleDefinitionId(armId: string, role: DataRole): string {
  const subscription = /^\/subscriptions\/([^/]+)\//i.exec(armId)?.[1];
  if (!subscription) throw new Error(`not an Azure resource id: ${armId}`);
  return `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${ROLES[role]}`;
}

/** The data role a role definition id names, or undefined for any other role (Data Owner included). */
export function roleOf(definitionId: string): DataRole | undefined {
  const guid = definitionId.split('/').pop()?.toLowerCase();
  if (guid === ROLES.sender) return 'sender';
  if (guid === ROLES.receiver) return 'receiver';
  return undefined;
}

/** A name of at most `max` characters: kept when it fits, else shortened with a hash so it stays unique. */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}

/** The SAS rule name of a service (rule names have at most 50 characters). */
export function ruleNameOf(service: string): string {
  return fitName(service, RULE_NAME_MAX);
}

/** The managed identity name of a service: unique per namespace, at most 128 characters. */
export function identityNameOf(namespaceName: string, service: string): string {
  return fitName(`id-${namespaceName}-${service}`, 128);
}

/** The federated credential name of a service's ServiceAccount: at most 120 of letters, digits, "-" and "_". */
export function federatedCredentialName(namespace: string, serviceAccount: string): string {
  return fitName(`aks-${namespace}-${serviceAccount}`.replace(/[^A-Za-z0-9_-]/g, '-'), 120);
}
