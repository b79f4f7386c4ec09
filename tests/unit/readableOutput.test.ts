import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { DOCUMENT_MIN_CHARS, documentOutputs } from '../../documentOutputs';
import { renderText } from '../../plan/render';
import { committedStackConfig, synthesizeWith } from '../harness/plan';

/** Stack outputs a person reads in a terminal: values and paths, never whole documents. */
describe('readable output of the committed local stack', () => {
  it('no stack output is a document: dashboards and rules are files `up` writes, named by path', async () => {
    const { synthesis, plan } = await synthesizeWith(committedStackConfig('local'), 'local');
    const long: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (typeof v === 'string' && v.length >= DOCUMENT_MIN_CHARS) long.push(at);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
    };
    walk(plan.outputs, 'outputs');
    assert.deepEqual(long, []);
    const own = synthesis.platform.backend.outputs as { monitoring?: Record<string, string> };
    const local = plan.outputs.local as { monitoring: Record<string, string> };
    for (const [key, document] of Object.entries(own.monitoring ?? {})) {
      if (document.length < DOCUMENT_MIN_CHARS) continue;
      const file = synthesis.platform.documents.find((d) => d.key === `local.monitoring.${key}`);
      assert.equal(local.monitoring[key], file?.path);
      assert.match(
        file?.path ?? '',
        new RegExp(`^rendered/local/outputs/local\\.monitoring\\.${key}\\.(json|yml)$`),
      );
      assert.equal(file?.content.trimEnd(), document.trimEnd());
    }
    assert.ok(synthesis.platform.documents.length >= 1, 'the local stack has a dashboard');
    // The stack outputs as `pulumi stack output` prints them: one screen.
    assert.ok(stringify(plan.outputs).split('\n').length <= 60, stringify(plan.outputs));
  });

  it('the plan of the local stack: one screen plus its resources', async () => {
    const { plan } = await synthesizeWith(committedStackConfig('local'), 'local');
    const lines = renderText(plan).split('\n').length;
    assert.ok(
      lines <= 60 + 20 * plan.resources.length,
      `${lines} lines for ${plan.resources.length} resources`,
    );
  });

  it('documentOutputs keeps short values and non-plain objects as they are', () => {
    const big = `{${'"x": 1,'.repeat(DOCUMENT_MIN_CHARS)}}`;
    const { outputs, files } = documentOutputs(
      { a: 'short', n: 3, list: ['x'], nested: { d: big } },
      'b',
      's',
    );
    assert.deepEqual(outputs, {
      a: 'short',
      n: 3,
      list: ['x'],
      nested: { d: 'rendered/s/outputs/b.nested.d.json' },
    });
    assert.deepEqual(
      files.map((f) => f.key),
      ['b.nested.d'],
    );
  });
});
