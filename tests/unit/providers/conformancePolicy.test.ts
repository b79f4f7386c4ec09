/**
 * The backend conformance suite, policy part: every built backend in the registry is covered by
 * every guardrail of the policy pack. Its folder's `policyFacts.ts` is what the pack reads (the
 * pack finds backend folders itself, it never loads the registry), its facts name a type for its
 * cluster (or say why it has none) and for its topics, and under a production stack name the pack
 * really stops its unprotected cluster and topics, checks its topics' replication factor where the
 * stack chooses it, and knows what makes its cluster public. A new backend is found through
 * providers/index.ts; tests/unit/providers/newBackend.test.ts adds one in a copy of the repository.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { Registration } from '../../../plan/mockRuntime';
import { synthesizeStack, Synthesis } from '../../../plan/plan';
import { backendPolicyFacts } from '../../../policy/backendFacts';
import { BACKENDS } from '../../../providers';
import { BuiltBackend } from '../../../providers/backend';
import { PROJECT_DIR } from '../../harness/plan';
import { policyNamed, urnOf, violations } from '../policy/policyHarness';

const BUILT = BACKENDS.filter((b): b is BuiltBackend => b.available);
const PROD = { stack: 'prod', config: {} };

const stackOf = (example: string) =>
  path
    .basename(example)
    .replace(/^Pulumi\./, '')
    .replace(/\.yaml$/, '');

const urnOfResource = (r: pulumi.Resource) => new Promise<string>((resolve) => r.urn.apply(resolve));

/** Runs one guardrail over a registration as if it were in production stack `prod`. */
function check(policy: string, r: Registration, props = r.inputs, protect = r.protect) {
  return violations(
    policyNamed(PROD, policy),
    { type: r.type, props, protect, urn: urnOf('prod', [r.type], r.name), name: r.name },
    PROD,
  );
}

describe('the policy pack covers every registered backend', () => {
  const found = backendPolicyFacts();

  it('the pack finds each backend’s facts in its folder, and they are the registry’s', () => {
    for (const backend of BUILT) {
      assert.ok(found[backend.name], `providers/${backend.name}/policyFacts.ts exports POLICY_FACTS`);
      assert.equal(
        found[backend.name],
        backend.policy,
        `${backend.name}: policy is its folder's POLICY_FACTS`,
      );
    }
  });

  for (const backend of BUILT) {
    describe(`policy conformance: ${backend.name}`, () => {
      const facts = backend.policy;

      it('names its cluster types (or why it has no cluster) and its topic types, each with its facts', () => {
        assert.ok(
          facts.clusterTypes.length > 0 || !!facts.clusterElsewhere,
          'clusterTypes, or clusterElsewhere saying why the stack registers no cluster',
        );
        assert.ok(facts.topicTypes.length > 0, 'topicTypes');
        for (const type of facts.clusterTypes)
          assert.ok(facts.publicAccess[type], `${type}: publicAccess says what makes it public`);
        for (const type of facts.topicTypes)
          assert.ok(facts.replicationFactor[type], `${type}: replicationFactor says where it comes from`);
      });

      for (const example of backend.conformance.examples) {
        describe(example, () => {
          let synthesis: Synthesis;
          before(async () => {
            synthesis = await synthesizeStack({
              projectDir: PROJECT_DIR,
              stack: stackOf(example),
              configFile: path.join(PROJECT_DIR, example),
            });
          });

          it('its topic resources are of its topic types', async () => {
            const byUrn = new Map(synthesis.registrations.map((r) => [r.urn, r]));
            for (const [name, resource] of Object.entries(synthesis.platform.backend.topics)) {
              const r = byUrn.get(await urnOfResource(resource));
              assert.ok(r && facts.topicTypes.includes(r.type), `${name}: ${r?.type} is in topicTypes`);
            }
          });

          it('its cluster is of its cluster types', () => {
            const clusters = synthesis.registrations.filter((r) => facts.clusterTypes.includes(r.type));
            if (facts.clusterElsewhere) assert.equal(clusters.length, 0, facts.clusterElsewhere);
            else assert.ok(clusters.length > 0, `a resource of ${facts.clusterTypes.join(', ')}`);
          });

          it('in production, the pack refuses its unprotected cluster and topics', async () => {
            const guarded = synthesis.registrations.filter(
              (r) => facts.clusterTypes.includes(r.type) || facts.topicTypes.includes(r.type),
            );
            assert.ok(guarded.length >= synthesis.input.catalog.topics.length);
            for (const r of guarded) {
              const found = await check('protect-production-clusters-and-topics', r, r.inputs, false);
              assert.equal(found.length, 1, `${r.type} ${r.name}: ${found.join('; ') || 'not reported'}`);
            }
          });

          it('in production, the pack refuses a topic with one replica where the stack chooses it', async () => {
            for (const r of synthesis.registrations) {
              const fact = facts.replicationFactor[r.type];
              if (!fact || !('input' in fact)) continue;
              const found = await check('production-replication-factor', r, { ...r.inputs, [fact.input]: 1 });
              assert.equal(found.length, 1, `${r.type} ${r.name}`);
            }
          });

          it('the pack checks the network exposure of each of its cluster resources', async () => {
            for (const r of synthesis.registrations.filter((x) => facts.clusterTypes.includes(x.type))) {
              assert.equal(typeof facts.publicAccess[r.type], 'function', r.type);
              // Whatever the example sets, the check runs on these inputs and says why in words.
              const found = await check('no-public-network-in-production', r);
              for (const why of found) assert.match(why, /production stack "prod"/);
            }
          });
        });
      }
    });
  }
});
