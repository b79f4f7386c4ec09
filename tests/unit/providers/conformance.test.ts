/**
 * The backend conformance suite: every built backend in the registry, run from each of its
 * example stack configs through the real program under the offline-plan mocks, must
 * - give every catalog topic exactly one topic resource;
 * - give every service access matching exactly what it produces and consumes;
 * - hand every service an env the client library's own parser accepts;
 * - keep every secret value inside Pulumi secrets (outputs, ConfigMaps, any other input);
 * - run the offline plan;
 * - refuse bad settings, each by its exact key, before any resource is registered.
 * A new backend is found through providers/index.ts; it passes this suite or it does not land.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { kafkaConfigFromEnv, parseKafkaEnv } from '../../../client';
import { Declaration, Setting, wrongValueFor } from '../../../config/declare';
import { accessIntents } from '../../../kafka/access';
import { offlineMocks } from '../../../plan/mockState';
import { Plan, synthesizeStack, Synthesis, toPlan } from '../../../plan/plan';
import { renderJson } from '../../../plan/render';
import { readStackConfig, SECRET_PLACEHOLDER } from '../../../plan/stackConfig';
import { CORE_OUTPUTS } from '../../../program';
import { BACKENDS } from '../../../providers';
import { BuiltBackend } from '../../../providers/backend';
import { PROJECT_DIR, programUnderMocks } from '../../harness/plan';

const BUILT = BACKENDS.filter((b): b is BuiltBackend => b.available);
const CATALOGS = {
  'the example’s catalog': undefined,
  'the conformance catalog': 'tests/unit/providers/conformance-catalog.yaml',
};

/** `Pulumi.dev.yaml` runs as stack `dev`, `providers/x/examples/y.yaml` as stack `y`. */
function stackOf(example: string): string {
  return path
    .basename(example)
    .replace(/^Pulumi\./, '')
    .replace(/\.yaml$/, '');
}

/** Example stack configs with another catalog are written here, and removed at the end. */
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-conformance-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** The example stack config, or a copy of it with another catalog. */
function withCatalog(example: string, catalog: string | undefined): string {
  if (!catalog) return path.join(PROJECT_DIR, example);
  const text = fs.readFileSync(path.join(PROJECT_DIR, example), 'utf8');
  const file = path.join(TMP, `${stackOf(example)}-${path.basename(catalog, '.yaml')}.yaml`);
  fs.writeFileSync(file, text.replace(/^config:\n/m, `config:\n  kafka:catalog: ${catalog}\n`));
  return file;
}

function isSecretValue(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** Every string outside a secret, with where it is. */
function plainStrings(value: unknown, where: string, out: [string, string][] = []): [string, string][] {
  if (isSecretValue(value)) return out;
  if (typeof value === 'string') out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => plainStrings(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) plainStrings(v, `${where}.${k}`, out);
  }
  return out;
}

/** The stack outputs as values, secret outputs left out (they are never printed in plain). */
async function plainOutputs(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    if (await pulumi.isSecret(value)) return undefined;
    return plainOutputs(await new Promise<unknown>((resolve) => value.apply(resolve)));
  }
  if (Array.isArray(value)) return Promise.all(value.map(plainOutputs));
  if (value && typeof value === 'object' && !pulumi.Resource.isInstance(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await plainOutputs(v)]),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

function urnOf(resource: pulumi.Resource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply(resolve));
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('backend registry', () => {
  it('names are unique and clash with no core stack output', () => {
    const names = BACKENDS.map((b) => b.name);
    assert.deepEqual(sorted(names), [...names].sort(), 'unique names');
    for (const name of names) assert.ok(!(CORE_OUTPUTS as readonly string[]).includes(name), name);
  });

  it('each built backend owns the section `kafka:<name>` and docs/settings/<name>.md', () => {
    for (const b of BUILT) {
      assert.equal(b.settings.name, b.name);
      assert.equal(b.settings.keys[b.name]?.shape, 'mapping', `kafka:${b.name} is a mapping`);
      assert.ok(fs.existsSync(path.join(PROJECT_DIR, 'docs', 'settings', `${b.name}.md`)));
    }
  });

  it('each built backend has examples, and every committed stack is an example of its backend', () => {
    for (const b of BUILT) {
      assert.ok(b.conformance.examples.length > 0, `${b.name} has an example`);
      for (const e of b.conformance.examples) assert.ok(fs.existsSync(path.join(PROJECT_DIR, e)), e);
    }
    // Stacks made by the e2e suite (Pulumi.e2e-*.yaml, git-ignored) are not committed ones.
    const committed = fs
      .readdirSync(PROJECT_DIR)
      .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f) && !f.startsWith('Pulumi.e2e-'));
    assert.ok(committed.length > 0);
    for (const file of committed) {
      const { stackConfig } = readStackConfig(PROJECT_DIR, stackOf(file));
      const provider = stackConfig!.config['kafka:provider'];
      const backend = BUILT.find((b) => b.name === provider);
      assert.ok(backend?.conformance.examples.includes(file), `${file} is an example of ${provider}`);
    }
  });
});

for (const backend of BUILT) {
  describe(`conformance: ${backend.name}`, () => {
    for (const example of backend.conformance.examples) {
      for (const [catalogName, catalog] of Object.entries(CATALOGS)) {
        describe(`${example} with ${catalogName}`, () => {
          let synthesis: Synthesis;
          let plan: Plan;
          before(async () => {
            synthesis = await synthesizeStack({
              projectDir: PROJECT_DIR,
              stack: stackOf(example),
              configFile: withCatalog(example, catalog),
            });
            plan = await toPlan(stackOf(example), synthesis);
          });

          it('the offline plan runs', () => {
            assert.equal(synthesis.input.settings.provider, backend.name);
            const json = JSON.parse(renderJson(plan)) as Plan;
            assert.ok(json.resources.length > 0);
            assert.ok(backend.name in json.outputs, `outputs under "${backend.name}"`);
          });

          it('every catalog topic gets exactly one topic resource', async () => {
            const { catalog: c } = synthesis.input;
            const topics = synthesis.platform.backend.topics;
            assert.deepEqual(Object.keys(topics).sort(), c.topics.map((t) => t.name).sort());
            const byUrn = new Map(synthesis.registrations.map((r) => [r.urn, r]));
            const registered = await Promise.all(
              c.topics.map(async (t) => byUrn.get(await urnOf(topics[t.name]!))),
            );
            const types = new Set(registered.map((r) => r?.type));
            assert.equal(
              synthesis.registrations.filter((r) => types.has(r.type)).length,
              c.topics.length,
              'no second resource of a topic type',
            );
            c.topics.forEach((t, i) => {
              const inputs = Object.values(registered[i]?.inputs ?? {});
              assert.ok(inputs.includes(t.name), `${t.name}: its resource is registered with its name`);
              assert.ok(inputs.includes(t.partitions), `${t.name}: and its ${t.partitions} partitions`);
            });
          });

          it('every service gets access matching exactly what it produces and consumes', (t) => {
            const intents = accessIntents(synthesis.input.catalog);
            const access = backend.conformance.access(plan.resources);
            if (access.enforced) {
              const unrestricted = access.unrestricted ?? {};
              for (const [part, why] of Object.entries(unrestricted))
                t.diagnostic(`${part} not restricted: ${why}`);
              // What cannot be restricted must not be claimed either: it is left empty.
              const expected = Object.fromEntries(
                Object.entries(intents).map(([name, intent]) => [
                  name,
                  { ...intent, ...Object.fromEntries(Object.keys(unrestricted).map((part) => [part, []])) },
                ]),
              );
              assert.deepEqual(access.grants, expected);
            } else {
              assert.ok(access.why.length > 20, 'a backend that isolates no one says why');
              t.diagnostic(`not enforced per service: ${access.why}`);
            }
            // What each service is told it may do is the same intent, whatever enforces it.
            for (const s of plan.services) {
              const env = parseKafkaEnv(s.env);
              const groups = [...Object.values(env.groups), ...(env.defaultGroup ? [env.defaultGroup] : [])];
              assert.deepEqual(
                { write: sorted(env.produces), read: sorted(env.consumes), groups: sorted(groups) },
                intents[s.name],
                s.name,
              );
            }
          });

          it('the env every service receives satisfies the client library’s parser', () => {
            const { catalog: c } = synthesis.input;
            assert.deepEqual(
              plan.services.map((s) => s.name),
              c.services.map((s) => s.name).sort(),
            );
            for (const s of plan.services) {
              const config = kafkaConfigFromEnv(s.env);
              assert.ok(Array.isArray(config.brokers) && config.brokers.length > 0, `${s.name}: brokers`);
              assert.equal(config.clientId, s.name);
            }
          });

          it('no secret value shows outside a Pulumi secret', async () => {
            const values = [SECRET_PLACEHOLDER, ...synthesis.mocks.secretValues];
            const forms = values.flatMap((v) => [v, Buffer.from(v, 'utf8').toString('base64')]);
            const leaks = (strings: [string, string][]) =>
              strings.filter(([, s]) => forms.some((f) => s.includes(f))).map(([where]) => where);
            for (const r of synthesis.registrations) {
              assert.deepEqual(
                leaks(plainStrings(r.inputs, `${r.type}::${r.name}`)),
                [],
                'plain resource inputs',
              );
              if (r.type === 'kubernetes:core/v1:ConfigMap') {
                const data = Object.values((r.inputs.data ?? {}) as Record<string, unknown>);
                assert.ok(!data.some(isSecretValue), `${r.name}: a ConfigMap never holds a secret`);
              }
            }
            const outputs = await plainOutputs(synthesis.platform.outputs);
            assert.deepEqual(leaks(plainStrings(outputs, 'outputs')), [], 'plain stack outputs');
            const printed = JSON.stringify(plan);
            assert.deepEqual(
              values.filter((v) => printed.includes(v)),
              [],
              'what npm run plan prints',
            );
          });
        });
      }
    }

    it('npm run plan runs its first example (what users run)', () => {
      const [example] = backend.conformance.examples;
      const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
      const run = spawnSync(
        tsx,
        ['cli/plan.ts', '--stack', stackOf(example!), '--config-file', example!, '--json'],
        { cwd: PROJECT_DIR, encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as Plan).stack, stackOf(example!));
    });

    it('bad settings are refused, each by its key, before any resource is registered', async () => {
      const example = backend.conformance.examples[0]!;
      const { stackConfig } = readStackConfig(PROJECT_DIR, stackOf(example), path.join(PROJECT_DIR, example));
      const base = stackConfig!;
      const config = { ...base.config };
      const plain = new Set<string>();
      const expected: string[] = [];
      // Every key of the backend's section set to a value of the wrong kind, all at once.
      for (const [key, d] of Object.entries(backend.settings.keys)) {
        if (d.shape === 'secret') {
          config[`kafka:${key}`] = 'set in plain text';
          plain.add(`kafka:${key}`);
          expected.push(`kafka:${key}:`);
        } else if (d.shape === 'mapping' && d.fields) {
          const wrong = Object.fromEntries(
            Object.entries(d.fields).map(([k, inner]: [string, Declaration]) => [k, wrongValueFor(inner)]),
          );
          config[`kafka:${key}`] = JSON.stringify({ ...wrong, noSuchSetting: true });
          expected.push(
            ...Object.keys(wrong).map((k) => `kafka:${key}.${k}:`),
            `kafka:${key}.noSuchSetting:`,
          );
        } else {
          config[`kafka:${key}`] = JSON.stringify(wrongValueFor(d as Setting<unknown>));
          expected.push(`kafka:${key}:`);
        }
      }
      const { registrations, caught } = await programUnderMocks({
        project: base.project,
        stack: base.stack,
        config,
        secretKeys: base.secretKeys.filter((k) => !plain.has(k)),
        ...offlineMocks(backend),
      });
      assert.equal(registrations.length, 0, 'nothing registered');
      assert.ok(pulumi.RunError.isInstance(caught), 'a RunError: no stack trace for a user mistake');
      const message = (caught as Error).message;
      assert.ok(!message.includes('undefined'), message);
      for (const where of expected) assert.ok(message.includes(`  - ${where}`), `${where} in\n${message}`);
    });
  });
}
