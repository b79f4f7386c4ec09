import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BACKENDS } from '../../../providers';
import {
  cloudStacks,
  DEPLOYED_STACKS_FILE,
  deployedStackProblems,
  findStack,
  repoStacks,
} from '../../../plan/stacks';
import { PROJECT_DIR } from '../../harness/plan';

describe('the repository stacks (plan/stacks.ts): what CI matrices and snapshots run over', () => {
  it('are the committed Pulumi.<stack>.yaml files and every registered backend example', () => {
    const stacks = repoStacks(PROJECT_DIR);
    const committed = fs
      .readdirSync(PROJECT_DIR)
      .filter((f) => /^Pulumi\..+\.yaml$/.test(f) && !f.startsWith('Pulumi.e2e-'))
      .map((f) => f.slice('Pulumi.'.length, -'.yaml'.length))
      .sort();
    assert.deepEqual(
      stacks.filter((s) => s.kind === 'committed').map((s) => s.name),
      committed,
    );
    const examples = BACKENDS.flatMap((b) => (b.available ? b.conformance.examples : []));
    assert.deepEqual(
      [...new Set(stacks.map((s) => s.configFile))].sort(),
      [...new Set([...committed.map((n) => `Pulumi.${n}.yaml`), ...examples])].sort(),
    );
    assert.equal(new Set(stacks.map((s) => s.snapshot)).size, stacks.length, 'one snapshot file each');
  });

  it('a new stack file is planned by itself; CI deploys only the stacks the deployed list names; test stacks (e2e-*) never appear', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-stacks-'));
    try {
      fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), 'name: x\n');
      fs.writeFileSync(path.join(dir, 'Pulumi.staging.yaml'), 'config:\n  kafka:provider: msk\n');
      fs.writeFileSync(path.join(dir, 'Pulumi.prod-eu.yaml'), 'config:\n  kafka:provider: confluent\n');
      fs.writeFileSync(path.join(dir, 'Pulumi.e2e-local-1a2b3c.yaml'), 'config:\n  kafka:provider: local\n');
      fs.writeFileSync(path.join(dir, 'Pulumi.laptop.yaml'), 'config:\n  kafka:provider: local\n');
      fs.writeFileSync(path.join(dir, 'Pulumi.example.yaml'), 'config:\n  kafka:provider: msk\n');
      fs.mkdirSync(path.join(dir, '.github'));
      fs.writeFileSync(path.join(dir, DEPLOYED_STACKS_FILE), 'stacks: [staging, prod-eu, gitops]\n');
      fs.writeFileSync(
        path.join(dir, 'Pulumi.gitops.yaml'),
        'config:\n  kafka:provider: msk\n  kafka:kubernetes: { mode: render }\n',
      );
      const stacks = repoStacks(dir);
      assert.deepEqual(
        cloudStacks(stacks).map((s) => [s.name, s.provider, s.production, s.kubeContext, s.needsKubeconfig]),
        [
          ['gitops', 'msk', false, null, false],
          ['prod-eu', 'confluent', true, '', true],
          ['staging', 'msk', false, '', true],
        ],
      );
      assert.equal(findStack(stacks, 'example')?.deployed, false, 'committed, planned, not deployed');
      assert.deepEqual(deployedStackProblems(dir), []);
      fs.writeFileSync(path.join(dir, DEPLOYED_STACKS_FILE), 'stacks:\n  - staging\n  - typo\n  - laptop\n');
      assert.deepEqual(deployedStackProblems(dir), [
        '.github/deployed-stacks.yaml:3: stack "typo" has no Pulumi.typo.yaml in the project directory',
        '.github/deployed-stacks.yaml:4: stack "laptop" is kafka:provider local (an existing cluster on a developer\'s machine): CI deploys only msk, eventhubs, confluent, gcp stacks',
      ]);
      assert.ok(!stacks.some((s) => s.name.startsWith('e2e-')));
      assert.equal(findStack(stacks, 'laptop')?.kind, 'committed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run plan -- --list cloud --json gives the matrix the workflows run (cloud stacks, production marked)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/plan.ts', '--list', 'cloud', '--json'], {
      cwd: PROJECT_DIR,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as {
      name: string;
      provider: string;
      production: boolean;
      kubeContext: string | null;
    }[];
    assert.deepEqual(list, cloudStacks(repoStacks(PROJECT_DIR)));
    assert.ok(list.every((s) => s.provider !== 'local'));
    // The placeholder MSK stacks (fake VPC ids, account 123456789012) are examples: never deployed.
    assert.ok(!list.some((s) => s.name === 'dev' || s.name === 'prod'));
    const all = repoStacks(PROJECT_DIR);
    assert.equal(findStack(all, 'dev')?.kubeContext, 'dev-eks');
    assert.equal(findStack(all, 'prod')?.production, true);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'cli/plan.ts', '--list', 'nope'], {
      cwd: PROJECT_DIR,
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--list: "nope" is not one of all, committed, cloud, examples/);
  });
});
