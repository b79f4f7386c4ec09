import { ADOPTION_POLICIES, AdoptionPolicy } from '../topics/ownership';
import { choice, flag, readNamespace, SettingsSection, text } from './declare';
import { oneOf, show } from './problems';

/** `kafka:topicResources`: one engine resource per topic, or topics grouped into shards. */
export const TOPIC_RESOURCES = ['per-topic', 'sharded'] as const;
export type TopicResources = (typeof TOPIC_RESOURCES)[number];

/** The catalog every stack reads unless `kafka:catalog` says otherwise. */
export const DEFAULT_CATALOG = 'topics/catalog.yaml';

/**
 * The `owner` tag when the project key `kafka-platform:owner` is not set. Declared only here
 * (not as a default in Pulumi.yaml) so `pulumi up`, the offline plan and the docs agree.
 */
export const DEFAULT_OWNER = 'platform-team';

/** Stack-wide settings every feature may read: which backend, which catalog, how careful to be. */
export interface CoreSettings {
  /** The Pulumi stack name; names resources and picks the protect default. */
  stack: string;
  /** The chosen backend (`kafka:provider`). */
  provider: string;
  /** Path of the topic catalog, relative to the project directory. */
  catalogPath: string;
  /** Protect clusters and topics against `pulumi destroy` and replacement. */
  protect: boolean;
  /** Let Pulumi delete topics removed from the catalog instead of only dropping them from state. */
  allowTopicDeletion: boolean;
  /** What a topic resource does with a topic that already exists on the cluster (admin-API backends). */
  topicAdoption: AdoptionPolicy;
  /** How admin-API topics map to engine resources: one per topic, or a few shards for large catalogs. */
  topicResources: TopicResources;
  /** Owner tag for cloud resources: project key `kafka-platform:owner`, else {@link DEFAULT_OWNER}. */
  owner: string;
}

/** What the core section needs to know of a backend: its `kafka:provider` value and whether it is built. */
export interface BackendChoice {
  readonly name: string;
  readonly title: string;
  readonly available: boolean;
}

/** The core keys; `provider`'s allowed values are the registered backends. */
function coreKeys(backends: readonly BackendChoice[]) {
  return {
    provider: choice(
      backends.map((b) => b.name),
      {
        required: true,
        why: 'Which backend runs the stack: one module under providers/ per value.',
        constraint: backends
          .filter((b) => !b.available)
          .map((b) => `\`${b.name}\` (${b.title}) is planned, not available yet`)
          .join('; '),
      },
    ),
    catalog: text({
      default: DEFAULT_CATALOG,
      type: 'path',
      why: 'The topic catalog the stack provisions, relative to the project directory.',
    }),
    protect: flag({
      defaultText: '`true` for stacks named `prod*`, else `false`',
      why: 'Protects clusters, keys and topics against `pulumi destroy` and replacement.',
    }),
    allowTopicDeletion: flag({
      default: false,
      why: 'Deletes topics removed from the catalog; otherwise they are only dropped from state and stay on the cluster.',
      constraint:
        'not `true` together with `kafka:protect`; it takes effect from the `pulumi up` after the one that sets it (a resource deletes with the options it was last updated with), and is read again when a delete runs',
    }),
    topicAdoption: choice(ADOPTION_POLICIES, {
      default: 'unmanaged',
      why: 'What a new topic resource does with a topic of the same name that already exists on the cluster (local, MSK Serverless): `unmanaged` adopts it when no other stack manages it, `shared` also when one does, `never` refuses; it must match the catalog either way.',
    }),
    topicResources: choice(TOPIC_RESOURCES, {
      default: 'per-topic',
      why: 'How the topics of the `local` backend map to engine resources (MSK Serverless topics stay per-topic): `per-topic` is one resource per topic; `sharded` groups them into at most 16 resources by a stable hash of the name, so preview and up stay fast with thousands of topics while the preview still names each topic and what changes in it (see docs/large-catalogs.md). Switching either way deletes and recreates nothing on the cluster.',
    }),
  };
}

/**
 * `kafka:provider`, `kafka:catalog`, `kafka:protect`, `kafka:allowTopicDeletion`,
 * `kafka:topicAdoption`, `kafka:topicResources` and the project key `owner`.
 */
export function coreSection(backends: readonly BackendChoice[]): SettingsSection<CoreSettings> {
  const keys = coreKeys(backends);
  return {
    name: 'core',
    title: 'Core settings',
    intro:
      'Settings of the stack as a whole: which backend runs it, which catalog it provisions, and how careful ' +
      '`pulumi up` must be with what exists. Every backend reads them.',
    keys,
    declaredIn: __filename,
    notes: [
      '## Project key `owner`',
      '',
      'Not in the `kafka:` namespace: `kafka-platform:owner` (a project key; set it with',
      `\`pulumi config set owner TEAM\`), default \`${DEFAULT_OWNER}\`. It becomes the \`owner\` tag of cloud resources.`,
    ].join('\n'),
    parse(input) {
      const { f, raw, stack } = input;
      const ns = readNamespace(input, keys);
      const provider = ns.read('provider');
      const chosen = backends.find((b) => b.name === provider);
      if (provider && (!chosen || !chosen.available)) {
        const ready = backends
          .filter((b) => b.available)
          .map((b) => b.name)
          .sort();
        f.report(['provider'], `${show(provider)} is not available yet (available now: ${oneOf(ready)})`);
      }
      const protect = ns.read('protect') ?? /^prod/.test(stack);
      const allowTopicDeletion = ns.read('allowTopicDeletion');
      if (protect && allowTopicDeletion) {
        f.report(
          ['allowTopicDeletion'],
          'cannot be true while kafka:protect is true (protected topics are never deleted)',
        );
      }
      // Pulumi passes config values as strings; an unset or empty owner takes the default.
      const owner = raw.project?.owner;
      return {
        stack,
        // No backend while the problem is reported; nothing is built from invalid settings.
        provider: provider ?? '',
        catalogPath: ns.read('catalog'),
        protect,
        allowTopicDeletion,
        topicAdoption: ns.read('topicAdoption'),
        topicResources: ns.read('topicResources'),
        owner: typeof owner === 'string' && owner !== '' ? owner : DEFAULT_OWNER,
      };
    },
  };
}
