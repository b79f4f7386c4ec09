import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { Fields, pathText } from '../config/fields';
import { Problem, show } from '../config/problems';
import { readGroupMonitoring, readTopicMonitoring } from './thresholdOverrides';
import { Catalog, Consumption, patchedContainers, Service, Topic } from './catalog';
import {
  collisionKey,
  DNS_LABEL,
  DNS_LABEL_HINT,
  DNS_SUBDOMAIN,
  DNS_SUBDOMAIN_HINT,
  KAFKA_NAME_PATTERN,
  topicNameProblem,
} from './names';
import { normaliseTopicConfig } from './topicConfigs';

type Path = readonly (string | number)[];

const TOPIC_KEYS = ['name', 'partitions', 'replicationFactor', 'config', 'description', 'monitoring'];
const SERVICE_KEYS = [
  'name',
  'namespace',
  'deployment',
  'container',
  'containers',
  'serviceAccount',
  'produces',
  'consumes',
];

/**
 * Turns a path in the catalog (`['topics', 1, 'partitions']`) into the `where` of a problem:
 * `file:line:col topics[1].partitions (topic "orders.paid")`. Backends use it for their own
 * catalog rules, so their problems point into the file like every other catalog problem.
 */
export type CatalogLocator = (path: readonly (string | number)[]) => string;

/**
 * Parses and validates catalog YAML. Pure: takes the text and the file name used in messages.
 * Returns the catalog, every problem found (each with its file:line:column and the name of the
 * topic or service it is in) and the locator that wrote them.
 */
export function parseCatalog(
  text: string,
  file: string,
): { catalog: Catalog; problems: Problem[]; locate: CatalogLocator } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: Problem[] = [];
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  for (const error of doc.errors) {
    problems.push({
      where: position(error.pos[0]),
      message: `invalid YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (problems.length > 0) {
    return { catalog: { topics: [], services: [] }, problems, locate: (path) => `${file} ${pathText(path)}` };
  }

  const raw: unknown = doc.toJS();
  const locate: CatalogLocator = (path) => {
    const offset = offsetOf(doc.contents, path);
    const at = offset === undefined ? file : position(offset);
    return path.length === 0 ? at : `${at} ${pathText(path)}${nameOf(raw, path)}`;
  };
  const f = new Fields(problems, locate, false);
  const root = f.object(raw, []);
  f.onlyKeys(root, [], ['topics', 'services', 'groups']);

  const topics = f.list(root.topics, ['topics']).map((raw, i) => readTopic(f, raw, ['topics', i]));
  const services = f.list(root.services, ['services']).map((raw, i) => readService(f, raw, ['services', i]));
  if (root.topics === undefined) f.report(['topics'], 'is required: list the topics (may be empty: [])');

  checkDuplicates(
    f,
    topics,
    'topics',
    'topic',
    (t) => collisionKey(t.name),
    (t, other) =>
      t.name === other.name
        ? 'is declared twice'
        : `collides with "${other.name}" ("." and "_" are the same in Kafka metric names)`,
  );
  checkDuplicates(
    f,
    services,
    'services',
    'service',
    (s) => s.name,
    () => 'is declared twice',
  );

  checkSharedContainers(f, services);

  const declared = new Set(topics.map((t) => t.name));
  services.forEach((s, i) => {
    s.produces.forEach((topic, j) => {
      if (!declared.has(topic)) f.report(['services', i, 'produces', j], undeclared(topic));
    });
    s.consumes.forEach((c, j) => {
      if (c.topic && !declared.has(c.topic))
        f.report(['services', i, 'consumes', j, 'topic'], undeclared(c.topic));
      if (c.deadLetter && !declared.has(c.deadLetter))
        f.report(['services', i, 'consumes', j, 'deadLetter'], undeclared(c.deadLetter));
    });
  });

  const consumed = new Set(services.flatMap((s) => s.consumes.map((c) => c.group)));
  const groups = readGroupMonitoring(f, root.groups, ['groups'], consumed);

  const valid = (x: { name: string }) => x.name !== '';
  return {
    catalog: {
      topics: topics.filter(valid),
      services: services.filter(valid),
      ...(groups.length ? { groups } : {}),
    },
    problems,
    locate,
  };
}

/**
 * ` (topic "orders.paid")` for a path inside a named topic or service: in a catalog of a thousand
 * topics the name is what a person searches for, not the index.
 */
function nameOf(raw: unknown, path: Path): string {
  const [list, index] = path;
  const nouns: Record<string, string | undefined> = { topics: 'topic', services: 'service', groups: 'group' };
  const noun = nouns[String(list)];
  if (noun === undefined || typeof index !== 'number') return '';
  const items = (raw as Record<string, unknown> | null)?.[list as string];
  const name = Array.isArray(items) ? (items[index] as { name?: unknown } | null)?.name : undefined;
  if (typeof name !== 'string' || name === '') return '';
  return ` (${noun} ${show(name)})`;
}

function undeclared(topic: string): string {
  return `refers to topic "${topic}", which is not declared under topics`;
}

function readTopic(f: Fields, raw: unknown, path: Path): Topic {
  const obj = f.object(raw, path);
  f.onlyKeys(obj, path, TOPIC_KEYS);
  const name = f.requiredString(obj.name, [...path, 'name']) ?? '';
  if (name) {
    const problem = topicNameProblem(name);
    if (problem) f.report([...path, 'name'], problem);
  }
  const partitions = f.integer(obj.partitions, [...path, 'partitions'], { min: 1, max: 100000 });
  if (obj.partitions === undefined) f.report([...path, 'partitions'], 'is required: a whole number >= 1');
  const replicationFactor = f.integer(obj.replicationFactor, [...path, 'replicationFactor'], {
    min: 1,
    max: 32767,
  });
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(f.object(obj.config, [...path, 'config']))) {
    const result = normaliseTopicConfig(key, value);
    if (result.problem !== undefined) f.report([...path, 'config', key], result.problem);
    else config[key] = result.value;
  }
  const description = f.string(obj.description, [...path, 'description']);
  const monitoring = readTopicMonitoring(f, obj.monitoring, [...path, 'monitoring']);
  return {
    name,
    partitions: partitions ?? 1,
    replicationFactor,
    config,
    ...(description ? { description } : {}),
    ...(monitoring ? { monitoring } : {}),
  };
}

function readService(f: Fields, raw: unknown, path: Path): Service {
  const obj = f.object(raw, path);
  f.onlyKeys(obj, path, SERVICE_KEYS);
  const dns = { pattern: DNS_LABEL, patternHint: DNS_LABEL_HINT };
  const name = f.requiredString(obj.name, [...path, 'name'], dns) ?? '';
  const namespace = f.string(obj.namespace, [...path, 'namespace'], dns) ?? 'default';
  const deployment = f.string(obj.deployment, [...path, 'deployment'], {
    pattern: DNS_SUBDOMAIN,
    patternHint: DNS_SUBDOMAIN_HINT,
  });
  const container = f.string(obj.container, [...path, 'container'], dns);
  const serviceAccount = f.string(obj.serviceAccount, [...path, 'serviceAccount'], {
    pattern: DNS_SUBDOMAIN,
    patternHint: DNS_SUBDOMAIN_HINT,
  });
  if (container && !deployment) f.report([...path, 'container'], 'only applies together with deployment');
  const containers = readContainers(f, obj, path, { deployment, container, namespace });
  const produces = f.stringList(obj.produces, [...path, 'produces']);
  const consumes = f.list(obj.consumes, [...path, 'consumes']).flatMap((c, j) => {
    const read = readConsumption(f, c, [...path, 'consumes', j]);
    return read ? [read] : [];
  });
  const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  const declaresNothing = isEmpty(obj.produces) && isEmpty(obj.consumes);
  if (name && declaresNothing) {
    f.report(path, `service "${name}" neither produces nor consumes any topic`);
  }
  dupes(produces).forEach((t) => f.report([...path, 'produces'], `lists "${t}" more than once`));
  dupes(consumes.map((c) => `${c.topic} as ${c.group}`)).forEach((t) =>
    f.report([...path, 'consumes'], `lists "${t}" more than once`),
  );
  return {
    name,
    namespace,
    produces,
    consumes,
    ...(deployment ? { deployment } : {}),
    ...(container ? { container } : {}),
    ...(containers?.length ? { containers } : {}),
    ...(serviceAccount ? { serviceAccount } : {}),
  };
}

/**
 * The containers a Deployment patch targets. Server-side apply matches list entries by container
 * name, so "every container" cannot be expressed without naming them: a deployment needs them.
 */
function readContainers(
  f: Fields,
  obj: Record<string, unknown>,
  path: Path,
  s: { deployment?: string; container?: string; namespace: string },
): string[] | undefined {
  const at = [...path, 'containers'];
  const containers =
    obj.containers === undefined
      ? undefined
      : f.list(obj.containers, at).flatMap((c, j) => {
          const name = f.string(c, [...at, j], { pattern: DNS_LABEL, patternHint: DNS_LABEL_HINT });
          return name === undefined ? [] : [name];
        });
  if (containers !== undefined) {
    if (!s.deployment) f.report(at, 'only applies together with deployment');
    if (s.container) f.report(at, 'set either container or containers, not both');
    if (Array.isArray(obj.containers) && obj.containers.length === 0) {
      f.report(at, 'is empty: name at least one container of the Deployment');
    }
    dupes(containers).forEach((c) => f.report(at, `lists "${c}" more than once`));
  }
  if (s.deployment && !s.container && obj.containers === undefined) {
    f.report(
      [...path, 'deployment'],
      'needs the container(s) to patch: server-side apply matches containers by name, so set ' +
        `container: <name> or containers: [<name>, ...] (kubectl get deployment ${s.deployment} -n ${s.namespace} ` +
        "-o jsonpath='{.spec.template.spec.containers[*].name}')",
    );
  }
  return containers;
}

/**
 * envFrom is an atomic list under server-side apply: two services patching the same container
 * would fight over it (each apply conflicts with the other's field manager).
 */
function checkSharedContainers(f: Fields, services: Service[]): void {
  const owner = new Map<string, { service: string; index: number }>();
  services.forEach((s, index) => {
    for (const c of patchedContainers(s)) {
      const key = `${s.namespace}/${s.deployment}/${c}`;
      const first = owner.get(key);
      if (!first) owner.set(key, { service: s.name, index });
      else if (first.service !== s.name) {
        f.report(
          ['services', index, 'deployment'],
          `container "${c}" of Deployment ${s.namespace}/${s.deployment} is already patched by service ` +
            `"${first.service}" (services[${first.index}]): a container gets the env of one service only`,
        );
      }
    }
  });
}

function readConsumption(f: Fields, raw: unknown, path: Path): Consumption | undefined {
  if (typeof raw === 'string') {
    f.report(path, `consumes "${raw}" without a consumer group: write { topic: ${raw}, group: <group id> }`);
    return undefined;
  }
  const obj = f.object(raw, path);
  f.onlyKeys(obj, path, ['topic', 'group', 'deadLetter']);
  const topic = f.requiredString(obj.topic, [...path, 'topic']);
  if (obj.group === undefined && topic) {
    f.report(path, `consumer of "${topic}" has no group: every consumer needs a consumer group id`);
    return undefined;
  }
  const group = f.string(obj.group, [...path, 'group'], {
    pattern: KAFKA_NAME_PATTERN,
    patternHint: 'may only contain letters, digits, ".", "_" and "-"',
  });
  // Where the consuming service puts a record its handler keeps failing on (docs/client.md).
  const deadLetter = f.string(obj.deadLetter, [...path, 'deadLetter'], {
    pattern: KAFKA_NAME_PATTERN,
    patternHint: 'may only contain letters, digits, ".", "_" and "-"',
  });
  if (deadLetter !== undefined && deadLetter === topic) {
    f.report(
      [...path, 'deadLetter'],
      `is the consumed topic "${topic}" itself: name a separate dead-letter topic`,
    );
  }
  return topic && group ? { topic, group, ...(deadLetter ? { deadLetter } : {}) } : undefined;
}

function checkDuplicates<T extends { name: string }>(
  f: Fields,
  items: T[],
  list: string,
  noun: string,
  key: (item: T) => string,
  message: (item: T, first: T) => string,
): void {
  const seen = new Map<string, { item: T; index: number }>();
  items.forEach((item, index) => {
    if (!item.name) return;
    const k = key(item);
    const first = seen.get(k);
    if (first) {
      f.report(
        [list, index, 'name'],
        `${noun} ${show(item.name)} ${message(item, first.item)} (first at ${list}[${first.index}])`,
      );
    } else {
      seen.set(k, { item, index });
    }
  });
}

function dupes(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** Source offset of the node at `path`, or of its nearest existing ancestor. */
function offsetOf(node: unknown, path: Path): number | undefined {
  let current = node;
  let best = rangeStart(node);
  for (const step of path) {
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
      if (!pair) break;
      current = pair.value ?? pair.key;
      best = rangeStart(pair.value) ?? rangeStart(pair.key) ?? best;
    } else if (isSeq(current) && typeof step === 'number') {
      current = current.items[step];
      best = rangeStart(current) ?? best;
    } else {
      break;
    }
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}
