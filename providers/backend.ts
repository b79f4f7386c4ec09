import * as pulumi from '@pulumi/pulumi';
import { OAuthProvider, SaslMechanism, SecurityProtocol } from '../client/contract';
import { SectionInput, SettingsSection } from '../config/declare';
import { Problem } from '../config/problems';
import { SecretRef } from '../config/rawConfig';
import { CoreSettings } from '../config/stackSettings';
import { CiAccess, PolicyFacts } from './backendFacts';
import { AccessIntent } from '../kafka/access';
import { MonitoringSummary } from '../monitoring/coverage';
import { MonitoringDefinition } from '../monitoring/definition';
import { MonitoringSettings } from '../monitoring/settings';
import { Catalog, Service } from '../topics/catalog';
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

/** One service's access as its backend registered it (see {@link BackendParts.serviceAccess}). */
export interface ServiceGrant {
  /** What the service authenticates with; goes to its Kubernetes ServiceAccount, Secret and env. */
  access: ServiceAccess;
  /** The resource that grants it, so resources needing every grant first (MSK's ACLs) can wait for it. */
  resource?: pulumi.Resource;
  /**
   * Non-secret per-service facts for the stack output, by output key (`serviceRoles: <role ARN>`):
   * KafkaBackend gathers them over all services as `{ serviceRoles: { <service>: <role ARN> } }`.
   */
  outputs?: Record<string, pulumi.Input<unknown>>;
}

/** What a backend registered from the monitoring definition (see {@link BackendParts.monitoring}). */
export interface BackendMonitoring {
  /** The dashboard and alerts for the plan and the user; absent when there is no definition. */
  summary?: MonitoringSummary;
  /** Facts its {@link BackendParts.outputs} places in the stack output (alarm topic, dashboard name, ...). */
  outputs: Record<string, pulumi.Input<unknown>>;
}

/** What {@link BackendParts.outputs} gets from KafkaBackend to assemble the stack output. */
export interface AssembledOutputs {
  /** Every {@link ServiceGrant.outputs} key, gathered over the catalog's services: key -> service -> value. */
  perService: Record<string, Record<string, pulumi.Input<unknown>>>;
  /** What {@link BackendParts.monitoring} returned; absent when the backend registered none. */
  monitoring?: BackendMonitoring;
}

/**
 * What a backend's `create` registers itself (its cluster and topics) and the factories for the
 * rest. KafkaBackend (providers/kafkaBackend.ts) runs them in the same order for every backend:
 * access per catalog service, what needs every grant, monitoring, then the outputs.
 */
export interface BackendParts {
  connection: Connection;
  /** Topic resources by topic name, so consumers of the topics can depend on them. */
  topics: Record<string, pulumi.Resource>;
  /** Registers one catalog service's identity and grants; called once per service, in catalog order. */
  serviceAccess(service: Service): ServiceGrant;
  /** Registers what needs every service's grant first (e.g. MSK's ACLs); by service name. */
  afterAccess?(grants: Record<string, ServiceGrant>): void;
  /** Registers the dashboard and alerts (from the context's monitoring definition); undefined when off. */
  monitoring?(): BackendMonitoring | undefined;
  /** The backend's stack output (see {@link BackendResult.outputs}), from its own facts and the assembled ones. */
  outputs(assembled: AssembledOutputs): Record<string, pulumi.Input<unknown>>;
}

/** What every backend's `create` gets from the stack, whichever backend it is. */
export interface StackContext {
  /**
   * The stack's KafkaBackend component (providers/kafkaBackend.ts): every resource the backend
   * registers sits under it, with the options of {@link atBackend}.
   */
  parent: pulumi.Resource;
  /** Stack-wide settings: stack name, protect, allowTopicDeletion, owner. */
  core: CoreSettings;
  catalog: Catalog;
  /** Resolves a secret config key to a Pulumi secret. */
  secret(ref: SecretRef): pulumi.Output<string>;
  /**
   * What to watch (monitoring/definition.ts): one definition from the catalog and `kafka:monitoring`
   * that the backend maps to its dashboard and alerts; absent with `kafka:monitoring.enabled: false`.
   */
  monitoring?: MonitoringDefinition;
}

/**
 * Options for a resource a backend registers at its top level: under the stack's KafkaBackend, and
 * aliased to the root of the stack, where stacks made before that component have it, so `pulumi up`
 * on them moves it without replacing or deleting anything. Its children follow by their parent's alias.
 */
export function atBackend(ctx: Pick<StackContext, 'parent'>): {
  parent: pulumi.Resource;
  aliases: pulumi.Input<pulumi.Alias>[];
} {
  return { parent: ctx.parent, aliases: [{ parent: pulumi.rootStackResource }] };
}

/** What a backend's `create` gets: the stack's context and its own settings, typed by the backend. */
export interface BackendContext<S> extends StackContext {
  /** The backend's own settings, as its section parsed them. */
  settings: S;
}

/** The stack-wide settings a backend's catalog rules may read. */
export type CatalogRuleContext = CoreSettings & { monitoring: MonitoringSettings };

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
 * A backend as it is written: one folder under providers/, made with {@link defineBackend}, and one
 * line in providers/index.ts. It owns its settings section, turns (settings, catalog) into cloud
 * resources, the connection and per-service access, and brings what the offline plan and the
 * conformance suite need to run it. `S` is its settings type: the functions that take settings are
 * properties (not methods), so strict function types check every pairing.
 */
export interface BackendSpec<S> {
  /** `kafka:provider` value, settings docs page and stack output key. */
  readonly name: string;
  /** Human name, e.g. `AWS MSK`. */
  readonly title: string;
  /** `kafka:<name>` and any secret keys of its own, declared once. */
  readonly settings: SettingsSection<S>;
  /**
   * What the catalog asks for that this backend's cluster cannot do (e.g. more replicas than
   * brokers, more alarms than the account allows), reported with the settings problems before any
   * resource is registered. `locate` gives each problem its file:line:col in the catalog.
   */
  readonly catalogProblems?: (
    settings: S,
    catalog: Catalog,
    core: CatalogRuleContext,
    locate: CatalogLocator,
  ) => Problem[];
  /** Registers the cluster and topics, and hands KafkaBackend the factories for the rest. */
  readonly create: (ctx: BackendContext<S>) => BackendParts;
  /**
   * The bootstrap servers a process on the Compose host dials, when they differ from what
   * containers dial (`local` only): a stack without Kubernetes writes env files for both.
   */
  readonly hostBootstrapServers?: (settings: S) => string;
  /** Fresh offline-plan mocks for one run. */
  readonly offlineMocks: () => OfflineMocks;
  /** Its resource types as the policy pack checks them (`policyFacts.ts` of its folder). */
  readonly policy: PolicyFacts;
  /** What CI needs to preview and deploy its stacks (`ciAccess.ts` of its folder). */
  readonly ciAccess: CiAccess;
  /** What tests/unit/providers/conformance.test.ts needs to hold the backend to the contract. */
  readonly conformance: {
    /** Stack config files (`Pulumi.<stack>.yaml` format) it runs, relative to the project directory. */
    readonly examples: readonly string[];
    /** The access its resources in a plan grant, per service. */
    access(resources: readonly PlannedResource[]): PlannedAccess;
  };
}

/**
 * A backend as the registry holds it: everything that does not depend on its settings type, and
 * `choose`, which parses its section and binds the result in one step. Nothing outside the
 * backend's own folder can hand it settings of the wrong type: there is no function here that takes
 * them.
 */
export interface Backend<S> extends BackendSpec<S> {
  readonly available: true;
  /** Parses `kafka:<name>` (problems go to `input.f`) and binds the settings to this backend. */
  choose(input: SectionInput): BoundBackend;
}

/** The registry's view of any built backend, whatever its settings type. */
export interface BuiltBackend {
  readonly name: string;
  readonly title: string;
  readonly available: true;
  readonly settings: SettingsSection<unknown>;
  readonly offlineMocks: () => OfflineMocks;
  readonly policy: PolicyFacts;
  readonly ciAccess: CiAccess;
  readonly conformance: BackendSpec<unknown>['conformance'];
  choose(input: SectionInput): BoundBackend;
}

/**
 * The chosen backend, bound to its parsed settings: what parsing hands to the program, the plan
 * and the validation of the catalog. Nothing after parsing looks a backend up by name or passes
 * settings around.
 */
export interface BoundBackend {
  /** `kafka:provider` value and stack output key. */
  readonly name: string;
  readonly title: string;
  /** Its rules for the catalog (see {@link BackendSpec.catalogProblems}); none by default. */
  catalogProblems(catalog: Catalog, core: CatalogRuleContext, locate: CatalogLocator): Problem[];
  /** Registers the cluster and topics, and hands KafkaBackend the factories for the rest. */
  create(ctx: StackContext): BackendParts;
  /** See {@link BackendSpec.hostBootstrapServers}; absent for backends dialled the same from everywhere. */
  readonly hostBootstrapServers?: string;
  /** Fresh offline-plan mocks for one run. */
  offlineMocks(): OfflineMocks;
  /** The settings it was bound to when `backend` is the backend that bound them (tests read them so). */
  settingsOf<T>(backend: BackendSpec<T>): T | undefined;
}

/** Binds settings to the backend that declared their type: a wrong pairing does not compile. */
export function bindBackend<S>(backend: BackendSpec<S>, settings: NoInfer<S>): BoundBackend {
  const host = backend.hostBootstrapServers?.(settings);
  return {
    name: backend.name,
    title: backend.title,
    catalogProblems: (catalog, core, locate) =>
      backend.catalogProblems?.(settings, catalog, core, locate) ?? [],
    create: (ctx) => backend.create({ ...ctx, settings }),
    ...(host !== undefined ? { hostBootstrapServers: host } : {}),
    offlineMocks: () => backend.offlineMocks(),
    settingsOf: <T>(other: BackendSpec<T>) =>
      (other as unknown) === backend ? (settings as unknown as T) : undefined,
  };
}

/** Makes a backend for the registry from its spec: one call in the backend's index.ts. */
export function defineBackend<S>(spec: BackendSpec<S>): Backend<S> {
  const backend: Backend<S> = {
    ...spec,
    available: true,
    choose: (input) => bindBackend(backend, spec.settings.parse(input)),
  };
  return backend;
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

export type RegisteredBackend = BuiltBackend | PlannedBackend;

/** The top-level config keys a registered backend owns. */
export function keysOf(backend: RegisteredBackend): readonly string[] {
  return backend.available ? Object.keys(backend.settings.keys) : backend.keys;
}
