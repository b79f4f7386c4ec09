import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { personalStackInit } from '../../config/personalStack';
import { repoStacks } from '../../plan/stacks';
import { committedStackConfig, PROJECT_DIR, planWith } from '../harness/plan';

/** A developer's own settings live in a personal stack: no committed file changes, no check breaks. */
describe('personal stacks (local-<name>) beside the committed local stack', () => {
  it('are never planned, snapshotted or deployed by CI: repoStacks leaves them out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'personal-stack-'));
    fs.copyFileSync(path.join(PROJECT_DIR, 'Pulumi.local.yaml'), path.join(dir, 'Pulumi.local.yaml'));
    fs.writeFileSync(
      path.join(dir, 'Pulumi.local-alice.yaml'),
      stringify({ config: committedStackConfig('local') }),
    );
    const names = repoStacks(dir).map((s) => s.name);
    assert.ok(names.includes('local'));
    assert.ok(!names.includes('local-alice'), names.join(', '));
  });

  it('their config files are git-ignored, so `git add .` never commits one', () => {
    const ignored = spawnSync('git', ['check-ignore', '-q', 'Pulumi.local-alice.yaml'], { cwd: PROJECT_DIR });
    assert.equal(ignored.status, 0, 'Pulumi.local-alice.yaml is not ignored');
    const committed = spawnSync('git', ['check-ignore', '-q', 'Pulumi.local.yaml'], { cwd: PROJECT_DIR });
    assert.equal(committed.status, 1, 'the committed stack must stay tracked');
  });

  it('start from the committed config with one’s own broker, and write env files of their own', async () => {
    const committed = committedStackConfig('local');
    const local = committed['kafka:local'] as Record<string, unknown>;
    const plan = await planWith(
      { ...committed, 'kafka:local': { ...local, bootstrapServers: 'my-broker:9092' } },
      'local-alice',
    );
    const topics = plan.resources.filter((r) => r.type.endsWith('dynamic/kafka:Topic'));
    assert.ok(topics.length > 0);
    for (const t of topics)
      assert.deepEqual((t.inputs.connection as { brokers: string[] }).brokers, ['my-broker:9092']);
    const services = plan.outputs.services as Record<string, { envFiles?: { host: string } }>;
    for (const [name, s] of Object.entries(services))
      assert.equal(s.envFiles?.host, `rendered/local-alice/env/host/${name}.env`);
  });

  it('docs/local-development.md gives the Pulumi command that starts one', () => {
    const doc = fs.readFileSync(path.join(PROJECT_DIR, 'docs/local-development.md'), 'utf8');
    assert.ok(doc.includes(personalStackInit('<you>')), personalStackInit('<you>'));
  });
});
