/**
 * What a backend tells the rest of the repository about itself beyond the program: the facts the
 * policy pack checks its resources by, and the access CI needs to run its stacks. Each backend
 * folder holds them in `policyFacts.ts` and `ciAccess.ts`, plain data that loads no cloud SDK (the
 * policy pack reads every `providers/<backend>/policyFacts.ts` itself: policy/backendFacts.ts).
 */

/** Why a resource of one type is reachable from the internet, one line each; empty when it is not. */
export type PublicAccessCheck = (props: Record<string, unknown>) => string[];

/** Where a topic's replication factor comes from, for the production replication guardrail. */
export type ReplicationFact =
  /** The stack chooses it: the input that holds it. */
  | { readonly input: string }
  /** The service fixes it, so there is nothing to check: why. */
  | { readonly fixedBy: string };

/** The resource types of a backend, as the policy pack's guardrails need them (type tokens). */
export interface PolicyFacts {
  /**
   * Its Kafka clusters: production protection covers them. Empty only with `clusterElsewhere`,
   * so a new backend's cluster cannot escape the guardrail by being forgotten.
   */
  readonly clusterTypes: readonly string[];
  /** Why the backend registers no cluster (it uses an existing one), when `clusterTypes` is empty. */
  readonly clusterElsewhere?: string;
  /** Its topics: production protection covers them too. */
  readonly topicTypes: readonly string[];
  /** For each topic type: where its replication factor comes from. */
  readonly replicationFactor: Readonly<Record<string, ReplicationFact>>;
  /**
   * For every cluster type, and any other type that can open the cluster to the network (security
   * groups, network rule sets): what makes it public. The no-public-network guardrail runs these.
   */
  readonly publicAccess: Readonly<Record<string, PublicAccessCheck>>;
}

/** The cloud identities `.github/actions/stack-access` knows how to get by OpenID Connect. */
export const OIDC_IDENTITIES = ['none', 'aws', 'azure', 'google'] as const;
export type OidcIdentity = (typeof OIDC_IDENTITIES)[number];

/** What a CI runner needs to preview and deploy a stack of this backend. */
export type CiAccess =
  | {
      readonly deploy: true;
      /** The cloud identity the job assumes by OIDC (`none`: the backend needs no cloud login). */
      readonly oidc: OidcIdentity;
      /**
       * Provider config the runner sets on its copy of the stack from the job environment's secrets
       * (scripts/ci/pulumi-stack.sh): config key -> secret name, e.g.
       * `confluentcloud:cloudApiKey` -> `CONFLUENT_CLOUD_API_KEY`.
       */
      readonly secretConfig?: Readonly<Record<string, string>>;
    }
  /** CI never deploys it: why (plan/stacks.ts refuses it in .github/deployed-stacks.yaml). */
  | { readonly deploy: false; readonly why: string };
