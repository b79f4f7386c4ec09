import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CI_ACCESS_FILE, ciAccessJson } from '../../../plan/ciAccess';
import { BACKENDS } from '../../../providers';
import { OIDC_IDENTITIES } from '../../../providers/backendFacts';
import { PROJECT_DIR } from '../../harness/plan';

const read = (rel: string) => fs.readFileSync(path.join(PROJECT_DIR, rel), 'utf8');

/** CI learns what a backend needs from its folder (providers/<backend>/ciAccess.ts), never from a list of its own. */
describe('CI access needs, from each backend', () => {
  it('the committed backends.json is what the registry says (npm run regen)', () => {
    assert.equal(read(CI_ACCESS_FILE), ciAccessJson());
  });

  it('every built backend has an entry, with an identity the stack-access action knows', () => {
    const json = JSON.parse(ciAccessJson()) as Record<string, { deploy: boolean; oidc?: string }>;
    for (const b of BACKENDS.filter((x) => x.available)) {
      assert.ok(json[b.name], b.name);
      if (json[b.name]!.deploy) assert.ok(OIDC_IDENTITIES.includes(json[b.name]!.oidc as never), b.name);
    }
    const action = read('.github/actions/stack-access/action.yml');
    for (const id of OIDC_IDENTITIES.filter((i) => i !== 'none'))
      assert.ok(action.includes(`steps.backend.outputs.oidc == '${id}'`), `a step for ${id}`);
  });

  it('the action and pulumi-stack.sh name no backend', () => {
    const names = BACKENDS.map((b) => b.name);
    for (const file of ['.github/actions/stack-access/action.yml', 'scripts/ci/pulumi-stack.sh']) {
      const code = read(file)
        .split('\n')
        .filter((l) => !/^\s*#/.test(l) && !/description:/.test(l))
        .join('\n');
      for (const name of names)
        assert.doesNotMatch(code, new RegExp(`['"]${name}['"]|== ${name}\\b`), `${file} names ${name}`);
    }
  });
});
