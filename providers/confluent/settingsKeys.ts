import { choice, custom, flag, group, moved, Path, text, whole } from '../../config/declare';
import { Fields } from '../../config/fields';
import { show } from '../../config/problems';
import { rulePattern } from '../nameRules';
import {
  AVAILABILITIES,
  CLOUDS,
  CLUSTER_TYPES,
  MAX_CKU_AZURE,
  MIN_CKU_MULTI_ZONE,
  STREAM_GOVERNANCE_PACKAGES,
  NAME_RULES,
  TYPE_LIMITS,
} from './limits';

/**
 * Every key of `kafka:confluent`, declared once: type, default, constraint and why. The parser in
 * settings.ts reads values through these declarations, and docs/settings/confluent.md is generated
 * from them (npm run settings:docs).
 */

/** Confluent Cloud API credentials: the Pulumi provider's own config keys, set with --secret only. */
export const CLOUD_API_KEY = 'confluentcloud:cloudApiKey';
export const CLOUD_API_SECRET = 'confluentcloud:cloudApiSecret';

const ENV_ID = /^env-[a-z0-9]+$/;
/** Display names of environments and clusters; also the stem of service account names. */
const DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const REGION = /^[a-z][a-z0-9-]{2,30}[a-z0-9]$/;
/** Key versions are short whole numbers; more than two alive at once is never needed to rotate. */
export const MAX_KEY_VERSIONS = 2;

export const ENVIRONMENT_FIELDS = {
  id: text({
    pattern: ENV_ID,
    hint: 'is not a Confluent Cloud environment id like env-a1b2c3',
    type: 'environment id',
    defaultText: 'unset: the stack creates an environment',
    why: 'An existing environment to put the cluster in (the stack then neither creates nor deletes it).',
    constraint: '`env-…`; not together with `displayName` or `streamGovernance`',
  }),
  displayName: text({
    pattern: rulePattern(NAME_RULES.environment),
    hint: 'must be 1-64 letters, digits, "_" or "-", starting and ending with a letter or digit',
    defaultText: '`kafka-<stack>` (a stack name’s `.` becomes `-`)',
    why: 'Name of the environment this stack creates.',
    constraint: `as Confluent documents it: ${NAME_RULES.environment.doc}`,
  }),
  streamGovernance: choice(STREAM_GOVERNANCE_PACKAGES, {
    default: 'ESSENTIALS',
    why: 'Stream Governance package of the environment this stack creates (Schema Registry and catalog features; ADVANCED is billed).',
  }),
};

export const MONITORING_FIELDS = {
  enabled: flag({
    default: true,
    why: '`false` creates no metrics service account or key and outputs no Prometheus configuration.',
  }),
  consumerLagMessages: moved('`kafka:monitoring.consumerLagMessages`', 'integer'),
  consumerLagMinutes: moved('`kafka:monitoring.consumerLagMinutes`', 'integer'),
  throughputPercent: moved('`kafka:monitoring.throughputPercent`', 'integer'),
  throughputMinutes: moved('`kafka:monitoring.throughputMinutes`', 'integer'),
  passwordFile: text({
    type: 'path',
    pattern: /^\/[^\s]+$/,
    hint: 'must be an absolute path without spaces',
    defaultText: '`/etc/prometheus/secrets/confluent-metrics-<stack>/password`',
    why: 'Where Prometheus reads the Metrics API key secret from (a mounted Secret), so the scrape configuration holds no secret.',
  }),
};

export const CONFLUENT_FIELDS = {
  environment: group({
    defaultText: 'created: `{ displayName: kafka-<stack>, streamGovernance: ESSENTIALS }`',
    why: 'The Confluent Cloud environment of the cluster: created by this stack, or an existing one by id.',
    fields: ENVIRONMENT_FIELDS,
  }),
  clusterType: choice(CLUSTER_TYPES, {
    required: true,
    why: 'The cluster type decides limits, SLA, networking and price: `basic` for development, the others for production.',
    constraint:
      'partition, throughput and message-size limits per type are in [docs/confluent.md](../confluent.md#limits-per-cluster-type); Basic clusters are single-zone; `enterprise` is refused (private networking only, which this backend does not create)',
  }),
  cloud: choice(CLOUDS, {
    required: true,
    why: 'The cloud the cluster runs in; put it where the services run.',
  }),
  region: text({
    required: true,
    pattern: REGION,
    hint: 'is not a cloud region name like eu-west-1, westeurope or europe-west1',
    type: 'region',
    why: 'The cloud region of the cluster (never taken from ambient config).',
    constraint:
      'the cloud’s own region name, e.g. `eu-west-1` (AWS), `westeurope` (Azure), `europe-west1` (GCP)',
  }),
  availability: choice(AVAILABILITIES, {
    default: 'SINGLE_ZONE',
    why: 'Single or multi-zone replica placement; multi-zone survives a zone outage.',
    constraint: `\`MULTI_ZONE\` is not available on Basic clusters, and on Dedicated clusters needs ${MIN_CKU_MULTI_ZONE} or more CKUs; it cannot change once the cluster exists (the cluster would be replaced)`,
  }),
  cku: whole({
    min: 1,
    max: TYPE_LIMITS.dedicated.maxUnits,
    defaultText: 'required with `clusterType: dedicated`',
    why: 'Confluent Units for Kafka of a Dedicated cluster: its capacity, limits and price.',
    constraint: `Dedicated only; at least ${MIN_CKU_MULTI_ZONE} with \`MULTI_ZONE\`; at most ${MAX_CKU_AZURE} on \`AZURE\`. Organisations without an agreement can buy up to 4 (credit card) or 24 (invoice) CKUs; more by request`,
  }),
  clusterName: text({
    pattern: DISPLAY_NAME,
    hint: 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    defaultText: '`kafka-<stack>`',
    why: 'Display name of the cluster; also the default prefix of the service accounts.',
  }),
  serviceAccountPrefix: text({
    pattern: DISPLAY_NAME,
    hint: 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    defaultText: '`clusterName`',
    why: 'Service account display names are unique in the whole organisation: each is `<prefix>-<service>`, so stacks sharing an organisation need different prefixes.',
  }),
  keyVersions: custom({
    shape: 'mapping',
    type: 'mapping of service to list of integers',
    defaultText: '`[1]` for every service',
    why: 'Which Kafka API keys of a service exist; the highest is the one delivered. Rotate by adding the next version, then removing the old one on a later run.',
    constraint: `services of the catalog; ${MAX_KEY_VERSIONS} versions at most, ascending, each 1 or more. See [key rotation](../confluent.md#rotating-a-services-api-key)`,
    read: readKeyVersions,
  }),
  allowClusterReplacement: flag({
    default: false,
    why: 'Confluent Cloud cannot change `cloud`, `region`, `availability` or the environment (`environment.id`) of an existing cluster: a change replaces the cluster with every topic and its data, and leaving an environment this stack created deletes it. Such a change is refused unless this is `true` for that run.',
    constraint: 'set it only for the run that replaces the cluster on purpose, then remove it',
  }),
  monitoring: group({
    defaultText: 'on',
    why: 'A metrics service account with a Metrics API key, and a Prometheus scrape configuration, alerting rules and Grafana dashboard as stack outputs (thresholds: `kafka:monitoring`).',
    fields: MONITORING_FIELDS,
  }),
};

/** Where these declarations live, named in the generated docs. */
export const CONFLUENT_KEYS_FILE = __filename;

export const CONFLUENT_KEYS = {
  confluent: group({
    defaultText: 'required with `kafka:provider: confluent`',
    why: 'The Confluent Cloud environment and cluster, access per service, and monitoring.',
    fields: CONFLUENT_FIELDS,
  }),
};

/** `{ service: [1, 2] }`: each list ascending, distinct, whole numbers of 1 or more, at most two. */
function readKeyVersions(f: Fields, value: unknown, path: Path): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [service, raw] of Object.entries(f.object(value, path))) {
    const at = [...path, service];
    const versions = f.list(raw, at).flatMap((v, i) => {
      const n = f.integer(v, [...at, i], { min: 1 });
      return n === undefined ? [] : [n];
    });
    if (!Array.isArray(raw)) continue;
    if (raw.length === 0) {
      f.report(at, 'lists no key version: a service needs one key (remove the entry for the default [1])');
    } else if (raw.length > MAX_KEY_VERSIONS) {
      f.report(
        at,
        `${show(raw)} keeps ${raw.length} keys: at most ${MAX_KEY_VERSIONS} (the one in use and the next) are needed to rotate`,
      );
    } else if (versions.some((v, i) => i > 0 && v <= versions[i - 1]!)) {
      f.report(at, `${show(raw)} must be ascending without repeats, the delivered key last, e.g. [1, 2]`);
    }
    if (versions.length === raw.length) out[service] = versions;
  }
  return out;
}
