import * as pulumi from '@pulumi/pulumi';
import { OAuthProvider, SaslMechanism, SecurityProtocol } from '../client/contract';
import { Problem } from '../config/problems';
import { BackendSettingsParser, SecretRef, Settings } from '../config/settings';
import { Catalog } from '../topics/catalog';
import { CatalogLocator } from '../topics/parseCatalog';

/**
 * How services reach the cluster. The same for every service of a stack; credentials are per
 * service and live in {@link ServiceAccess}.
 */
export interface Connection {
  /** Comma-separated bootstrap servers as services must dial them. */
  bootstrapServers: pulumi.Input<string>;
  securityProtocol: SecurityProtocol;
  /** SASL mechanism; absent for PLAINTEXT/SSL. */
  saslMechanism?: SaslMechanism;
  /** How OAUTHBEARER tokens are minted (MSK IAM, Entra ID); absent otherwise. */
  oauthProvider?: OAuthProvider;
  /** PEM of a private CA services must trust (self-managed clusters only). */
  caPem?: pulumi.Input<string>;
  /** Further non-secret env a backend needs, e.g. AWS_REGION for MSK IAM token signing. */
  extraEnv?: Record<string, pulumi.Input<string>>;
}

/** What one service gets to authenticate, produced by the backend from the catalog. */
export interface ServiceAccess {
  /** SASL user name; a Pulumi secret. */
  username?: pulumi.Output<string>;
  /** SASL password; a Pulumi secret. */
  password?: pulumi.Output<string>;
  /** Annotations the service's Kubernetes ServiceAccount needs (e.g. the IRSA role ARN). */
  serviceAccountAnnotations?: Record<string, pulumi.Input<string>>;
  /** Labels the service's ServiceAccount needs (e.g. Azure workload identity); pod labels are podLabels. */
  serviceAccountLabels?: Record<string, string>;
  /**
   * Labels the service's pods need, set by the Deployment patch (e.g. Azure workload identity's
   * `azure.workload.identity/use: "true"`, which its webhook reads from pods, not ServiceAccounts).
   */
  podLabels?: Record<string, string>;
}

/** What a backend hands to the rest of the program. */
export interface BackendResult {
  connection: Connection;
  /** Access per catalog service, by service name. */
  access: Record<string, ServiceAccess>;
  /** Topic resources by topic name, so consumers of the topics can depend on them. */
  topics: Record<string, pulumi.Resource>;
  /** Non-secret facts worth a stack output (cluster ARN, console URL, ...). */
  outputs: Record<string, pulumi.Input<unknown>>;
}

export interface BackendContext<B> {
  settings: Settings<B>;
  catalog: Catalog;
  /** Resolves a secret config key to a Pulumi secret. */
  secret(ref: SecretRef): pulumi.Output<string>;
}

/**
 * A backend: parses its own stack settings and turns (settings, catalog) into cloud resources,
 * the connection and per-service credentials. Each backend is one module under providers/.
 */
export interface Backend<B = unknown> extends BackendSettingsParser {
  create(ctx: BackendContext<B>): BackendResult;
  /**
   * What the catalog asks for that this backend's cluster cannot do (e.g. more replicas than
   * brokers), reported with the settings problems before any resource is registered. `locate`
   * gives each problem its file:line:col in the catalog.
   */
  catalogProblems?(settings: Settings<B>, catalog: Catalog, locate: CatalogLocator): Problem[];
}
