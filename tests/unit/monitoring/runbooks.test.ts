import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALERT_KINDS } from '../../../monitoring/alertKinds';
import { DEFAULT_RUNBOOK_BASE } from '../../../monitoring/settings';
import { PROJECT_DIR } from '../../harness/plan';

const kinds = Object.keys(ALERT_KINDS);
const read = (rel: string) => fs.readFileSync(path.join(PROJECT_DIR, rel), 'utf8');

describe('runbooks: one docs page per alert kind', () => {
  it('every alert kind has its page, saying what the alert means and what to do', () => {
    for (const kind of kinds) {
      const page = read(`${DEFAULT_RUNBOOK_BASE}/${kind}.md`);
      assert.match(page, new RegExp(`^# Alert: .+ \\(\`${kind}\`\\)`), `${kind}.md heading`);
      assert.match(page, /\*\*What it means\.\*\*/, `${kind}.md says what it means`);
      assert.match(page, /^## What to do$/m, `${kind}.md says what to do`);
    }
  });

  it('there is no page for an alert that does not exist', () => {
    const pages = fs
      .readdirSync(path.join(PROJECT_DIR, DEFAULT_RUNBOOK_BASE))
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    assert.deepEqual(pages, [...kinds].sort());
  });

  it('relative links of the pages point to files that exist', () => {
    for (const kind of kinds) {
      const rel = `${DEFAULT_RUNBOOK_BASE}/${kind}.md`;
      for (const [, target] of read(rel).matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) {
        if (/^https?:/.test(target!)) continue;
        const full = path.resolve(path.dirname(path.join(PROJECT_DIR, rel)), target!);
        assert.ok(fs.existsSync(full), `${rel} links to ${target}, which does not exist`);
      }
    }
  });
});
