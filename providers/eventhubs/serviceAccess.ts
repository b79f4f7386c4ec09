import * as authorization from '@pulumi/azure-native/authorization';
import * as eventhub from '@pulumi/azure-native/eventhub';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as pulumi from '@pulumi/pulumi';
import { serviceAccountName } from '../../k8s/serviceIdentity';
import { Service } from '../../topics/catalog';
import { ServiceAccess } from '../backend';
import {
  federatedCredentialName,
  identityNameOf,
  roleDefinitionId,
  roleGrants,
  ruleNameOf,
  sasRights,
} from './access';
import { WORKLOAD_IDENTITY_AUDIENCE } from './limits';
import { AuthMode } from './settingsKeys';

/** The SASL user name Event Hubs expects with a connection string as the password. */
export const SAS_USERNAME = '$ConnectionString';
/** Annotations and labels the AKS workload identity webhook reads (azure-workload-identity docs). */
export const WORKLOAD_IDENTITY = {
  clientId: 'azure.workload.identity/client-id',
  tenantId: 'azure.workload.identity/tenant-id',
  use: 'azure.workload.identity/use',
} as const;

export interface EventHubsServiceAccessArgs {
  /** The catalog service: its topics decide the grants, its namespace and ServiceAccount the trust. */
  service: Service;
  /** `entra`: managed identity + role assignments; `sas`: one authorization rule. */
  authMode: AuthMode;
  /** The namespace's name output, so rules and keys wait for the namespace. */
  namespaceName: pulumi.Input<string>;
  /** The namespace name as configured, for the identity's name. */
  configuredNamespace: string;
  /** The stack's resource group: identities and rules live next to the namespace. */
  resourceGroupName: pulumi.Input<string>;
  /** Region of the managed identity (kafka:eventhubs.location). */
  location: string;
  /** Event hubs by topic name: each role assignment is scoped to one of them. */
  hubs: Record<string, pulumi.CustomResource>;
  /** The AKS OIDC issuer the federated credential trusts (entra only). */
  oidcIssuer?: string;
  /** Tags on the managed identity (project, stack, owner). */
  tags: Record<string, string>;
}

/**
 * What one service may do on the namespace, exactly as the catalog says and nothing more:
 * - entra: a user-assigned managed identity that only the service's Kubernetes ServiceAccount can
 *   use (federated credential), with Data Sender on each event hub it produces to and Data Receiver
 *   on each it consumes; nothing at namespace scope, never Data Owner.
 * - sas: a namespace authorization rule with only Send and/or Listen; its connection string is a
 *   Pulumi secret that reaches only the service's Kubernetes Secret.
 */
export class EventHubsServiceAccess extends pulumi.ComponentResource {
  readonly access: ServiceAccess;
  /** Non-secret facts for the stack outputs: the identity's client id, or the rule name. */
  readonly summary: Record<string, pulumi.Input<string>>;

  constructor(name: string, args: EventHubsServiceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:eventhubs:ServiceAccess', name, {}, opts);
    const parent = { parent: this };
    const { service } = args;

    if (args.authMode === 'sas') {
      const rule = new eventhub.NamespaceAuthorizationRule(
        name,
        {
          authorizationRuleName: ruleNameOf(service.name),
          namespaceName: args.namespaceName,
          resourceGroupName: args.resourceGroupName,
          rights: sasRights(service),
        },
        parent,
      );
      const keys = eventhub.listNamespaceKeysOutput(
        {
          authorizationRuleName: rule.name,
          namespaceName: args.namespaceName,
          resourceGroupName: args.resourceGroupName,
        },
        parent,
      );
      // Only the connection string is a credential; the user name is the constant SAS_USERNAME,
      // which the connection puts in the ConfigMap.
      this.access = { password: pulumi.secret(keys.primaryConnectionString) };
      this.summary = { sasRule: rule.name };
    } else {
      const serviceAccount = serviceAccountName(service);
      const identity = new managedidentity.UserAssignedIdentity(
        name,
        {
          resourceName: identityNameOf(args.configuredNamespace, service.name),
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          tags: args.tags,
        },
        parent,
      );
      new managedidentity.FederatedIdentityCredential(
        name,
        {
          resourceName: identity.name,
          resourceGroupName: args.resourceGroupName,
          federatedIdentityCredentialResourceName: federatedCredentialName(service.namespace, serviceAccount),
          issuer: args.oidcIssuer ?? '',
          subject: `system:serviceaccount:${service.namespace}:${serviceAccount}`,
          audiences: [WORKLOAD_IDENTITY_AUDIENCE],
        },
        parent,
      );
      for (const { topic, role } of roleGrants(service)) {
        const hub = args.hubs[topic];
        if (!hub) throw new Error(`no event hub for topic ${topic} (the catalog validates references)`);
        new authorization.RoleAssignment(
          `${name}-${role}-${topic}`,
          {
            principalId: identity.principalId,
            // The identity is new: without the type, ARM may look it up before Entra has replicated it.
            principalType: 'ServicePrincipal',
            roleDefinitionId: hub.id.apply((id) => roleDefinitionId(id, role)),
            scope: hub.id,
            description: `kafka-platform: ${service.name} ${role === 'sender' ? 'produces to' : 'consumes'} ${topic}`,
          },
          parent,
        );
      }
      this.access = {
        serviceAccountAnnotations: {
          [WORKLOAD_IDENTITY.clientId]: identity.clientId,
          [WORKLOAD_IDENTITY.tenantId]: identity.tenantId,
        },
        // The webhook reads the label from pods (since its v1.0); on the ServiceAccount it is what
        // older webhooks read, and harmless for newer ones.
        serviceAccountLabels: { [WORKLOAD_IDENTITY.use]: 'true' },
        podLabels: { [WORKLOAD_IDENTITY.use]: 'true' },
      };
      this.summary = { clientId: identity.clientId };
    }
    this.registerOutputs(this.summary);
  }
}
