import * as pulumi from '@pulumi/pulumi';
import { OAuthProvider, SaslMechanism, SecurityProtocol } from '../client/contract';
import { SettingsSection } from '../config/declare';
import { Problem } from '../config/problems';
import { SecretRef } from '../config/rawConfig';
import { CoreSettings } from '../config/stackSettings';
import { AccessIntent } from '../kafka/access';
import { MonitoringSummary } from '../monitoring/coverage';
import { MonitoringDefinition } from '../monitoring/definition';
import { MonitoringSettings } from '../monitoring/settings';
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
  /**
   * Non-secret facts worth a stack output (cluster ARN, console URL, ...). The stack outputs them
   * under the backend's name (`msk: { clusterArn, ... }`), so they never clash with the core outputs.
   */
  outputs: Record<string, pulumi.Input<unknown>>;
  /** The dashboard and alerts registered from the monitoring definition; absent when it is off. */
  monitoring?: MonitoringSummary;
}

export interface BackendContext<S> {
  /** Stack-wide settings: stack name, protect, allowTopicDeletion, owner. */
  core: CoreSettings;
  /** The backend's own settings, as its section parsed them. */
  settings: S;
  catalog: Catalog;
  /** Resolves a secret config key to a Pulumi secret. */
  secret(ref: SecretRef): pulumi.Output<string>;
  /**
   * What to watch (monitoring/definition.ts): one definition from the catalog and `kafka:monitoring`
   * that the backend maps to its dashboard and alerts; absent with `kafka:monitoring.enabled: false`.
   */
  monitoring?: MonitoringDefinition;
}

/** What a cloud provider would compute for one resource type (ids, ARNs, endpoints), for the offline plan. */
export type ComputedState = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;
/** The result of a provider function (data source), for the offline plan. */
export type CallResult = (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;

/** What lets `npm run plan` run a backend without credentials or network. */
export interface OfflineMocks {
  /** Computed state by resource type token (`aws:msk/cluster:Cluster`); an `id` string becomes the resource's id. */
  computed: Record<string, ComputedState>;
  /** Provider function results by invoke token. */
  calls?: Record<string, CallResult>;
  /**
   * The values these mocks hand out for secret outputs (generated passwords, API key secrets): the
   * conformance suite proves none of them ever shows outside a Pulumi secret.
   */
  secretValues?: readonly string[];
}

/** A resource as the offline plan shows it (plan/plan.ts PlanResource). */
export interface PlannedResource {
  type: string;
  name: string;
  /** `type::name` of its parent. */
  parent: string | null;
  inputs: Record<string, unknown>;
}

/** The access a plan grants, read back from its resources by the backend that made them. */
export type PlannedAccess =
  | {
      /** One identity per service, restricted to what it was granted. */
      enforced: true;
      /** What each service may do, by service name. */
      grants: Record<string, AccessIntent>;
      /**
       * Parts of the intent the service cannot restrict (e.g. consumer groups on a platform that
       * authorises groups for the whole namespace), each with why; left empty in `grants`.
       */
      unrestricted?: { [K in keyof AccessIntent]?: string };
    }
  /** The cluster does not restrict services from each other; `why` says so in the suite's output. */
  | { enforced: false; why: string };

/**
 * A backend: one folder under providers/ and one line in providers/index.ts. It owns its settings
 * section, turns (settings, catalog) into cloud resources, the connection and per-service access,
 * and brings what the offline plan and the conformance suite need to run it.
 */
export interface Backend<S = unknown> {
  /** `kafka:provider` value, settings docs page and stack output key. */
  readonly name: string;
  /** Human name, e.g. `AWS MSK`. */
  readonly title: string;
  readonly available: true;
  /** `kafka:<name>` and any secret keys of its own, declared once. */
  readonly settings: SettingsSection<S>;
  /**
   * What the catalog asks for that this backend's cluster cannot do (e.g. more replicas than
   * brokers, more alarms than the account allows), reported with the settings problems before any
   * resource is registered. `locate` gives each problem its file:line:col in the catalog.
   */
  catalogProblems?(
    settings: S,
    catalog: Catalog,
    core: CoreSettings & { monitoring: MonitoringSettings },
    locate: CatalogLocator,
  ): Problem[];
  /** Registers the cluster, topics and per-service access. */
  create(ctx: BackendContext<S>): BackendResult;
  /** Fresh offline-plan mocks for one run. */
  offlineMocks(): OfflineMocks;
  /** What tests/unit/providers/conformance.test.ts needs to hold the backend to the contract. */
  readonly conformance: {
    /** Stack config files (`Pulumi.<stack>.yaml` format) it runs, relative to the project directory. */
    readonly examples: readonly string[];
    /** The access its resources in a plan grant, per service. */
    access(resources: readonly PlannedResource[]): PlannedAccess;
  };
}

/**
 * A backend that is planned but not built: selecting it is a validation error naming what is
 * available, never fake resources. Its keys are reserved so setting them is not called a typo.
 */
export interface PlannedBackend {
  readonly name: string;
  readonly title: string;
  readonly available: false;
  /** Its future config keys (without namespace). */
  readonly keys: readonly string[];
}

export type RegisteredBackend = Backend | PlannedBackend;

/** The top-level config keys a registered backend owns. */
export function keysOf(backend: RegisteredBackend): readonly string[] {
  return backend.available ? Object.keys(backend.settings.keys) : backend.keys;
}
