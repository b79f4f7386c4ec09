import { isDeepStrictEqual } from 'node:util';
import { Plan, PlanResource } from './plan';
import { replacingPaths } from './replacements';

/** One value that differs between two plans, at a dotted path (`inputs.partitionCount`). */
export interface ValueChange {
  path: string;
  /** Absent: the value was not set before. */
  before?: unknown;
  /** Absent: the value is no longer set. */
  after?: unknown;
  /** For a list that only gained or lost items: those items (then `before`/`after` are absent). */
  added?: unknown[];
  removed?: unknown[];
}

/** A resource in both plans (same parent, type and name: the same URN) whose options or inputs differ. */
export interface ResourceChange {
  key: string;
  type: string;
  name: string;
  changes: ValueChange[];
  /** Changed inputs that force the provider to replace the resource (plan/replacements.ts). */
  replacedBy?: string[];
}

/** What a change to the program or its config does to one stack's offline plan. */
export interface PlanDiff {
  stack: string;
  added: PlanResource[];
  removed: PlanResource[];
  changed: ResourceChange[];
  /** Service env entries that differ, by service (`KAFKA_PRODUCES`, ...), secrets as "[secret]". */
  env: { service: string; changes: ValueChange[] }[];
  outputs: ValueChange[];
}

/**
 * The difference between the plan before (`base`, absent when the stack did not exist) and after
 * (`head`, absent when the change deletes the stack). Resources are matched by what makes their
 * URN (parent, type, name), so a rename or a new parent shows as one removed and one added, as
 * `pulumi up` would replace it. Both plans are already redacted, so the difference holds no secret.
 */
export function diffPlans(base: Plan | undefined, head: Plan | undefined): PlanDiff {
  const stack = head?.stack ?? base?.stack;
  if (stack === undefined) throw new Error('diffPlans needs at least one plan');
  const before = new Map((base?.resources ?? []).map((r) => [keyOf(r), r]));
  const after = new Map((head?.resources ?? []).map((r) => [keyOf(r), r]));
  const changed: ResourceChange[] = [];
  for (const [key, r] of after) {
    const old = before.get(key);
    if (!old) continue;
    const changes = valueChanges(resourceFacts(old), resourceFacts(r));
    if (!changes.length) continue;
    const forcing = replacingPaths(
      r.type,
      changes.map((c) => c.path),
    );
    changed.push({
      key,
      type: r.type,
      name: r.name,
      changes,
      ...(forcing.length ? { replacedBy: forcing } : {}),
    });
  }
  const beforeEnv = new Map((base?.services ?? []).map((s) => [s.name, s.env]));
  const afterEnv = new Map((head?.services ?? []).map((s) => [s.name, s.env]));
  const services = [...new Set([...beforeEnv.keys(), ...afterEnv.keys()])].sort();
  return {
    stack,
    added: [...after].filter(([k]) => !before.has(k)).map(([, r]) => r),
    removed: [...before].filter(([k]) => !after.has(k)).map(([, r]) => r),
    changed,
    env: services
      .map((service) => ({
        service,
        changes: valueChanges(beforeEnv.get(service) ?? {}, afterEnv.get(service) ?? {}),
      }))
      .filter((e) => e.changes.length > 0),
    outputs: valueChanges(base?.outputs ?? {}, head?.outputs ?? {}),
  };
}

/** Whether the difference is empty: the change does nothing to this stack. */
export function isEmptyDiff(d: PlanDiff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length && !d.env.length && !d.outputs.length;
}

/** `parent>type::name`: what the resource's URN is made of. */
export function keyOf(r: Pick<PlanResource, 'parent' | 'type' | 'name'>): string {
  return `${r.parent ?? ''}>${r.type}::${r.name}`;
}

/** What a change to a resource can touch: its options and its inputs. */
function resourceFacts(r: PlanResource): Record<string, unknown> {
  return {
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    dependsOn: r.dependsOn,
    ...(r.provider ? { provider: r.provider } : {}),
    ...(r.read ? { read: true } : {}),
    inputs: r.inputs,
  };
}

/**
 * The leaf values that differ between two values, with their paths. Objects are walked key by
 * key. Lists whose items carry an identity (`Sid`, `name`) are matched item by item
 * (`Statement[Produce].Resource`); other lists show the items added and removed (a topic more in
 * a grant, an ACL binding less), or before and after whole when only their order changed. A
 * string holding a JSON document on both sides (an IAM policy, MSK topic configs) is compared as
 * that document, its paths marked `(json)`, so one changed statement shows, not two long strings.
 */
export function valueChanges(before: unknown, after: unknown, at = ''): ValueChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  const [beforeDoc, afterDoc] = [jsonDocument(before), jsonDocument(after)];
  if (beforeDoc !== undefined && afterDoc !== undefined)
    return valueChanges(beforeDoc, afterDoc, `${at}(json)`);
  if (Array.isArray(before) && Array.isArray(after)) return listChanges(before, after, at);
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = at ? `${at}.${k}` : k;
      if (!(k in before)) return [{ path: p, after: after[k] }];
      if (!(k in after)) return [{ path: p, before: before[k] }];
      return valueChanges(before[k], after[k], p);
    });
  }
  return [{ path: at, before, after }];
}

const IDENTITY_KEYS = ['Sid', 'name'];

function listChanges(before: unknown[], after: unknown[], at: string): ValueChange[] {
  const id = IDENTITY_KEYS.find((k) =>
    [...before, ...after].every((v) => isRecord(v) && typeof v[k] === 'string'),
  );
  if (id) {
    const byId = (items: unknown[]) =>
      Object.fromEntries(items.map((v) => [(v as Record<string, string>)[id], v]));
    const [b, a] = [byId(before), byId(after)];
    if (Object.keys(b).length === before.length && Object.keys(a).length === after.length) {
      const ids = [...new Set([...Object.keys(b), ...Object.keys(a)])];
      return ids.flatMap((k) => {
        const p = `${at}[${k}]`;
        if (!(k in b)) return [{ path: p, after: a[k] }];
        if (!(k in a)) return [{ path: p, before: b[k] }];
        return valueChanges(b[k], a[k], p);
      });
    }
  }
  const removed = without(before, after);
  const added = without(after, before);
  if (!removed.length && !added.length) return [{ path: at, before, after }];
  return [{ path: at, ...(added.length ? { added } : {}), ...(removed.length ? { removed } : {}) }];
}

/** The items of `items` that `other` lacks, counting duplicates. */
function without(items: unknown[], other: unknown[]): unknown[] {
  const left = [...other];
  return items.filter((v) => {
    const i = left.findIndex((o) => isDeepStrictEqual(o, v));
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

function jsonDocument(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== 'string' || !v.startsWith('{')) return undefined;
  try {
    const doc: unknown = JSON.parse(v);
    return isRecord(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
