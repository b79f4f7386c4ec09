/**
 * Each cloud's naming rules (NAME_RULES in providers/<backend>/limits.ts) against the rule as its
 * documentation states it, transcribed here independently, on generated names around the limits:
 * a name our rule accepts is accepted by the documented rule and vice versa. And the names the
 * backends derive from stack, topic and service names always satisfy them, or validation refuses
 * them with a message naming the key or catalog entry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Catalog, Service } from '../../../topics/catalog';
import {
  KAFKA_TOPIC_RULE,
  NameRule,
  nameProblem,
  rulePattern,
  STACK_NAME_RULE,
} from '../../../providers/nameRules';
import { NAME_RULES as CONFLUENT } from '../../../providers/confluent/limits';
import { NAME_RULES as EVENTHUBS } from '../../../providers/eventhubs/limits';
import { NAME_RULES as MSK, SCRAM_SECRET_PREFIX } from '../../../providers/msk/limits';
import { confluentCatalogProblems, serviceAccountName } from '../../../providers/confluent/catalogRules';
import { ConfluentSettings, defaultEnvironmentName } from '../../../providers/confluent/settings';
import { federatedCredentialName, identityNameOf, ruleNameOf } from '../../../providers/eventhubs/access';
import { defaultClusterName } from '../../../providers/msk/settings';
import { dashboardName } from '../../../providers/msk/dashboardBody';
import { alarmName } from '../../../providers/msk/alertSpecs';
import { scramSecretName } from '../../../providers/msk/mskServiceAccess';

const RUNS = { numRuns: 300 };

/** Each rule as its page words it (the URL is in the rule), written out without the rule's code. */
const DOCUMENTED: [NameRule, (name: string) => boolean][] = [
  // Topic.java: not "." or "..", at most 249, [a-zA-Z0-9._-].
  [KAFKA_TOPIC_RULE, (n) => n !== '.' && n !== '..' && /^[a-zA-Z0-9._-]{1,249}$/.test(n)],
  // stack_name.go: non-empty, at most 100, ^[A-Za-z0-9_.-]*$.
  [STACK_NAME_RULE, (n) => /^[A-Za-z0-9_.-]{1,100}$/.test(n)],
  // resource-name-rules (6-50, letter first, letter/digit last) and the API pattern (8 or more).
  [EVENTHUBS.namespace, (n) => /^[a-zA-Z][a-zA-Z0-9-]{6,50}[a-zA-Z0-9]$/.test(n) && n.length <= 50],
  [EVENTHUBS.eventHub, (n) => /^[A-Za-z0-9]([A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$/.test(n)],
  [EVENTHUBS.authorizationRule, (n) => /^[A-Za-z0-9]([A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$/.test(n)],
  [EVENTHUBS.userAssignedIdentity, (n) => /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/.test(n)],
  [EVENTHUBS.federatedIdentityCredential, (n) => /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/.test(n)],
  [MSK.cluster, (n) => /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/.test(n)],
  [MSK.alarm, (n) => [...n].length >= 1 && [...n].length <= 255],
  [MSK.dashboard, (n) => /^[A-Za-z0-9_-]{1,255}$/.test(n)],
  [MSK.scramSecret, (n) => /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(n)],
  [CONFLUENT.serviceAccount, (n) => [...n].length >= 1 && [...n].length <= 64],
  [CONFLUENT.environment, (n) => /^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?$/.test(n) && n.length <= 64],
];

/** Characters that matter to some rule: every class edge, a few outside all of them, one astral. */
const ALPHABET = [...'aZ09.-_/+=@ :é', '😀'];
const char = fc.constantFrom(...ALPHABET);

/** Names of a length around the rule's bounds (0, min, max, max + 1 and in between). */
function namesAround(rule: NameRule): fc.Arbitrary<string> {
  const lengths = fc.oneof(
    fc.constantFrom(0, rule.min - 1, rule.min, rule.max, rule.max + 1).filter((n) => n >= 0),
    fc.integer({ min: 0, max: rule.max + 2 }),
  );
  return fc.oneof(
    lengths.chain((n) => fc.string({ unit: char, minLength: n, maxLength: n })),
    // Names of allowed characters only, so the edge and length rules are reached too.
    lengths.chain((n) => fc.string({ unit: fc.constantFrom(...'aZ09'), minLength: n, maxLength: n })),
    ...(rule.reserved ?? []).map((r) => fc.constant(r)),
  );
}

describe('naming rules: ours agree with the documented ones', () => {
  for (const [rule, documented] of DOCUMENTED) {
    it(`${rule.what} (${rule.doc})`, () => {
      fc.assert(
        fc.property(namesAround(rule), (name) => {
          const ours = nameProblem(rule, name) === undefined;
          assert.equal(
            ours,
            documented(name),
            `${JSON.stringify(name)}: ${nameProblem(rule, name) ?? 'accepted'}`,
          );
          assert.equal(
            rulePattern(rule).test(name),
            ours,
            `pattern of ${rule.what} on ${JSON.stringify(name)}`,
          );
        }),
        RUNS,
      );
    });
  }

  it('says what is wrong, which rule and where it is documented', () => {
    assert.equal(
      nameProblem(EVENTHUBS.authorizationRule, 'orders-'),
      '"orders-": an Event Hubs authorization rule name starts and ends with a letter or digit (https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsofteventhub)',
    );
    assert.match(
      nameProblem(CONFLUENT.serviceAccount, 'x'.repeat(65))!,
      /is 65 characters; a Confluent service account display name has 1-64/,
    );
  });
});

/** Generated names of our inputs: stack names, Kafka topic names, service names (DNS labels). */
const stackName = fc.string({ unit: fc.constantFrom(...'aZ09._-'), minLength: 1, maxLength: 100 });
const dnsLabel = fc
  .string({ unit: fc.constantFrom(...'az09-'), minLength: 1, maxLength: 63 })
  .filter((s) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s));
const eventHubsNamespace = fc
  .string({ unit: fc.constantFrom(...'aZ09-'), minLength: 8, maxLength: 50 })
  .map((s) => `n${s.slice(1, -1)}0`);

const fits = (rule: NameRule, name: string) => assert.equal(nameProblem(rule, name), undefined, name);

describe('derived names satisfy the rules', () => {
  it('MSK: default cluster name, dashboard, alarms and SCRAM secrets from any stack and service', () => {
    fc.assert(
      fc.property(
        stackName,
        dnsLabel,
        fc.constantFrom('eu-west-1', 'ap-southeast-2'),
        (stack, service, region) => {
          const cluster = defaultClusterName(stack);
          fits(MSK.cluster, cluster);
          fits(MSK.dashboard, dashboardName(stack, cluster, region));
          fits(MSK.alarm, alarmName(`${cluster}-${stack}`, `lag-${service}-${'x'.repeat(200)}`));
          const secret = scramSecretName(stack, service);
          fits(MSK.scramSecret, secret);
          assert.ok(secret.startsWith(SCRAM_SECRET_PREFIX));
        },
      ),
      RUNS,
    );
  });

  it('Event Hubs: SAS rule, identity and federated credential names from any namespace, service and ServiceAccount', () => {
    fc.assert(
      fc.property(eventHubsNamespace, dnsLabel, dnsLabel, (namespace, service, k8sNamespace) => {
        fits(EVENTHUBS.namespace, namespace);
        fits(EVENTHUBS.authorizationRule, ruleNameOf(service));
        fits(EVENTHUBS.userAssignedIdentity, identityNameOf(namespace, service));
        fits(EVENTHUBS.federatedIdentityCredential, federatedCredentialName(k8sNamespace, `${service}.sa`));
      }),
      RUNS,
    );
  });

  it('Confluent: the default environment name from any stack name', () => {
    fc.assert(
      fc.property(stackName, (stack) => fits(CONFLUENT.environment, defaultEnvironmentName(stack))),
      RUNS,
    );
    assert.equal(defaultEnvironmentName('team.dev'), 'kafka-team-dev');
    assert.equal(defaultEnvironmentName('dev_'), 'kafka-dev');
  });

  const confluent = (prefix: string): ConfluentSettings => ({
    environment: { kind: 'create', displayName: 'kafka-test', streamGovernance: 'ESSENTIALS' },
    clusterName: prefix,
    clusterType: 'basic',
    cloud: 'AWS',
    region: 'eu-west-1',
    availability: 'SINGLE_ZONE',
    serviceAccountPrefix: prefix,
    keyVersions: {},
    allowClusterReplacement: false,
    monitoring: { enabled: true, passwordFile: '/p' },
  });
  const catalogOf = (services: string[]): Catalog => ({
    topics: [],
    services: services.map((name): Service => ({ name, namespace: 'default', produces: [], consumes: [] })),
  });

  it('Confluent: a service account name over 64 characters is refused, naming the catalog entry or the key', () => {
    const prefixes = fc
      .string({ unit: fc.constantFrom(...'aZ09._-'), minLength: 1, maxLength: 64 })
      .map((s) => `k${s.slice(1)}`);
    fc.assert(
      fc.property(prefixes, dnsLabel, (prefix, service) => {
        const s = confluent(prefix);
        const problems = confluentCatalogProblems(s, catalogOf([service]), 'c.yaml');
        const tooLong = nameProblem(CONFLUENT.serviceAccount, serviceAccountName(s, service)) !== undefined;
        const refused = problems.some((p) => p.where === `c.yaml services[0].name (${service})`);
        assert.equal(refused, tooLong, serviceAccountName(s, service));
        const ownTooLong =
          nameProblem(CONFLUENT.serviceAccount, serviceAccountName(s, 'manager')) !== undefined;
        assert.equal(
          problems.some((p) => p.where === 'kafka:confluent.serviceAccountPrefix'),
          ownTooLong,
          prefix,
        );
      }),
      RUNS,
    );
    const [problem] = confluentCatalogProblems(
      confluent('kafka-platform-shared-organisation-production'),
      catalogOf(['order-fulfilment-worker']),
      'c.yaml',
    );
    assert.deepEqual(problem, {
      where: 'c.yaml services[0].name (order-fulfilment-worker)',
      message:
        'its service account name "kafka-platform-shared-organisation-production-order-fulfilment-worker" is 69 characters; a Confluent service account display name has 1-64 (https://github.com/confluentinc/terraform-provider-confluent/blob/v2.82.0/docs/resources/confluent_service_account.md); shorten the service name or kafka:confluent.serviceAccountPrefix',
    });
  });
});
