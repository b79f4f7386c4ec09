import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyFacts, PublicAccessCheck, ReplicationFact } from '../providers/backendFacts';

/** Where backends live; each folder with a `policyFacts.ts` is one the pack covers. */
const PROVIDERS_DIR = path.join(__dirname, '..', 'providers');

/**
 * Every backend's policy facts by backend folder, read from `providers/<backend>/policyFacts.ts`
 * without the registry (which loads the cloud SDKs the pack never loads): a new backend folder is
 * covered by every guardrail as soon as it holds the file, and the conformance suite
 * (tests/unit/providers/conformancePolicy.test.ts) fails a registered backend without one.
 */
export function backendPolicyFacts(dir = PROVIDERS_DIR): Record<string, PolicyFacts> {
  const out: Record<string, PolicyFacts> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'policyFacts.ts');
    if (!fs.existsSync(file)) continue;
    const facts = (require(file) as { POLICY_FACTS?: PolicyFacts }).POLICY_FACTS;
    if (!facts) throw new Error(`${path.relative(path.dirname(dir), file)} exports no POLICY_FACTS`);
    out[name] = facts;
  }
  return out;
}

/** What the guardrails check, merged over every backend. */
export interface MergedPolicyFacts {
  clusterTypes: readonly string[];
  topicTypes: readonly string[];
  replicationFactor: Record<string, ReplicationFact>;
  publicAccess: Record<string, PublicAccessCheck>;
}

/**
 * The union of the backends' facts. Backends may share a type (the admin-API topic of `local` and
 * MSK Serverless) when they say the same of it; anything else is a contradiction the pack refuses.
 */
export function mergeFacts(byBackend: Record<string, PolicyFacts>): MergedPolicyFacts {
  const replicationFactor: Record<string, ReplicationFact> = {};
  const publicAccess: Record<string, PublicAccessCheck> = {};
  const replicationFrom: Record<string, string> = {};
  const publicFrom: Record<string, string> = {};
  for (const [name, facts] of Object.entries(byBackend)) {
    for (const [type, fact] of Object.entries(facts.replicationFactor)) {
      const before = replicationFactor[type];
      if (before && JSON.stringify(before) !== JSON.stringify(fact))
        throw new Error(
          `${type}: ${replicationFrom[type]} and ${name} say different things of its replication factor`,
        );
      replicationFactor[type] = fact;
      replicationFrom[type] = name;
    }
    for (const [type, check] of Object.entries(facts.publicAccess)) {
      if (publicAccess[type] && publicAccess[type] !== check)
        throw new Error(`${type}: both ${publicFrom[type]} and ${name} check its public access`);
      publicAccess[type] = check;
      publicFrom[type] = name;
    }
  }
  const all = Object.values(byBackend);
  return {
    clusterTypes: [...new Set(all.flatMap((f) => f.clusterTypes))],
    topicTypes: [...new Set(all.flatMap((f) => f.topicTypes))],
    replicationFactor,
    publicAccess,
  };
}

let merged: MergedPolicyFacts | undefined;

/** The facts of every backend in this repository, read once. */
export function policyFacts(): MergedPolicyFacts {
  return (merged ??= mergeFacts(backendPolicyFacts()));
}
