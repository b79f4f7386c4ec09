/**
 * Adding a backend touches its folder, one registry line and its docs page: this test does exactly
 * that in a copy of the repository (a throwaway backend from ./newBackend/), then runs the policy
 * part of the conformance suite there, which runs the policy pack's guardrails on its example. The
 * same backend with its cluster type left out of its policy facts fails the suite: its cluster
 * would escape the production protection.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_DIR } from '../../harness/plan';

const SOURCES = path.join(__dirname, 'newBackend');
let copy: string;

function run(args: string[]): { code: number | null; out: string } {
  // A test run of its own, not a subtest of this one (node:test marks children by this variable).
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, args, { cwd: copy, env, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

const suite = () =>
  run(['--import', 'tsx', '--test', '--test-force-exit', 'tests/unit/providers/conformancePolicy.test.ts']);

describe('adding a backend: its folder, one registry line, its docs page', { timeout: 900_000 }, () => {
  before(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-new-backend-'));
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: PROJECT_DIR,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      if (!fs.existsSync(path.join(PROJECT_DIR, file))) continue;
      fs.mkdirSync(path.join(copy, path.dirname(file)), { recursive: true });
      fs.copyFileSync(path.join(PROJECT_DIR, file), path.join(copy, file));
    }
    fs.symlinkSync(path.join(PROJECT_DIR, 'node_modules'), path.join(copy, 'node_modules'));
    // The folder.
    const folder = path.join(copy, 'providers', 'throwaway');
    fs.mkdirSync(path.join(folder, 'examples'), { recursive: true });
    for (const f of ['index.ts', 'policyFacts.ts', 'ciAccess.ts'])
      fs.copyFileSync(path.join(SOURCES, `${f}.txt`), path.join(folder, f));
    fs.copyFileSync(path.join(SOURCES, 'basic.yaml.txt'), path.join(folder, 'examples', 'basic.yaml'));
    // The registry line (and its import).
    const registry = path.join(copy, 'providers', 'index.ts');
    const text = fs.readFileSync(registry, 'utf8');
    fs.writeFileSync(
      registry,
      `import { throwawayBackend } from './throwaway';\n${text.replace(
        /(export const BACKENDS[^=]*= \[\n)/,
        '$1  throwawayBackend,\n',
      )}`,
    );
    // Its docs page, generated from its settings declaration.
    const docs = run(['--import', 'tsx', 'scripts/settings-docs.ts']);
    assert.equal(docs.code, 0, docs.out);
  });

  after(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('the new backend passes the policy conformance suite: the pack covers its cluster and topics', () => {
    assert.ok(fs.existsSync(path.join(copy, 'docs', 'settings', 'throwaway.md')), 'its docs page');
    const r = suite();
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /policy conformance: throwaway/);
    assert.match(r.out, /in production, the pack refuses its unprotected cluster and topics/);
  });

  it('with its cluster type left out of its policy facts, the suite fails', () => {
    const facts = path.join(copy, 'providers', 'throwaway', 'policyFacts.ts');
    fs.writeFileSync(
      facts,
      fs.readFileSync(facts, 'utf8').replace("clusterTypes: ['throwaway:index:Cluster']", 'clusterTypes: []'),
    );
    const r = suite();
    assert.notEqual(r.code, 0);
    assert.match(r.out, /clusterTypes, or clusterElsewhere saying why the stack registers no cluster/);
  });
});
