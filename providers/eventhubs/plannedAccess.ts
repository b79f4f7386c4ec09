import { AccessIntent } from '../../kafka/access';
import { PlannedAccess, PlannedResource } from '../backend';
import { roleOf } from './access';

const SERVICE_ACCESS = 'kafka-platform:eventhubs:ServiceAccess';
const NAMESPACE = 'azure-native:eventhub:Namespace';
const ROLE_ASSIGNMENT = 'azure-native:authorization:RoleAssignment';
/** An event hub's ARM id: the only scope a service's role may have. */
const HUB_SCOPE = /\/providers\/Microsoft\.EventHub\/namespaces\/[^/]+\/eventhubs\/([^/]+)$/i;

/** Why consumer groups are not in the grants: Event Hubs cannot restrict them per identity. */
export const GROUPS_UNRESTRICTED =
  'Event Hubs authorises Kafka consumer groups for the whole namespace: Data Receiver on an event hub lets a service read it in any group';

/**
 * The access an Event Hubs plan grants each service, read from what it registers. Entra mode: the
 * role assignments under each service, each on one event hub as Data Sender (write) or Data
 * Receiver (read); anything else (another role, a wider scope) throws. SAS mode isolates services
 * only by Send/Listen, namespace-wide, and says so.
 */
export function eventHubsPlannedAccess(resources: readonly PlannedResource[]): PlannedAccess {
  const namespace = resources.find((r) => r.type === NAMESPACE);
  if (namespace?.inputs.disableLocalAuth !== true) {
    return {
      enforced: false,
      why: 'SAS (kafka:eventhubs.authMode sas): each service has its own rule with only Send and/or Listen, but rules are namespace-wide, so Send reaches every event hub and Listen reads them all; authMode entra grants per event hub',
    };
  }
  const grants: Record<string, AccessIntent> = {};
  for (const r of resources) {
    if (r.type === SERVICE_ACCESS) grants[r.name] = { write: [], read: [], groups: [] };
  }
  for (const r of resources) {
    if (r.type !== ROLE_ASSIGNMENT || !r.parent?.startsWith(`${SERVICE_ACCESS}::`)) continue;
    const service = r.parent.slice(SERVICE_ACCESS.length + 2);
    const scope = String(r.inputs.scope);
    const hub = HUB_SCOPE.exec(scope)?.[1];
    if (!hub) throw new Error(`${service}: role assigned at ${scope}, not on one event hub`);
    const role = roleOf(String(r.inputs.roleDefinitionId));
    if (!role)
      throw new Error(`${service}: ${String(r.inputs.roleDefinitionId)} is more than Data Sender/Receiver`);
    const grant = (grants[service] ??= { write: [], read: [], groups: [] });
    (role === 'sender' ? grant.write : grant.read).push(hub);
  }
  const sorted = (values: string[]) => [...new Set(values)].sort();
  return {
    enforced: true,
    grants: Object.fromEntries(
      Object.entries(grants).map(([name, g]) => [
        name,
        { write: sorted(g.write), read: sorted(g.read), groups: [] },
      ]),
    ),
    unrestricted: { groups: GROUPS_UNRESTRICTED },
  };
}
