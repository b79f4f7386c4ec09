import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { DOCUMENT_MIN_CHARS, documentOutputs } from '../../documentOutputs';
import { OUTPUT_LIST_MAX, renderText } from '../../plan/render';
import { committedStackConfig, PROJECT_DIR, synthesizeWith, writeCatalog } from '../harness/plan';

/** Lines of a terminal a person reads without scrolling. */
const SCREEN = 60;

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

  it('the plan of the local stack: one screen plus one line per resource, details with --verbose', async () => {
    const config = committedStackConfig('local');
    const { plan } = await synthesizeWith(config, 'local');
    const text = renderText(plan);
    const lines = text.split('\n').length;
    assert.ok(
      lines <= SCREEN + plan.resources.length,
      `${lines} lines for ${plan.resources.length} resources:\n${text}`,
    );
    // The monitoring summary is counted; its lists are in the verbose plan.
    const monitoring = plan.outputs.monitoring as { alerts: string[]; unwatched: unknown[] };
    assert.ok(
      monitoring.alerts.length > OUTPUT_LIST_MAX,
      'the committed local stack has more alerts than a list shows',
    );
    assert.match(
      text,
      new RegExp(`^ {4}alerts: ${monitoring.alerts.length} \\(listed with --verbose\\)$`, 'm'),
    );
    for (const alert of monitoring.alerts) assert.ok(!text.includes(alert), alert);
    const verbose = renderText(plan, { verbose: true });
    for (const alert of monitoring.alerts) assert.ok(verbose.includes(alert), alert);
    assert.match(verbose, /^ {6}partitions: \d+$/m);

    // Ten more topics nobody uses: ten more resources, at most ten more lines (long lists are counted).
    const catalog = parse(readFileSync(path.join(PROJECT_DIR, 'topics/catalog.yaml'), 'utf8')) as {
      topics: { name: string; partitions: number }[];
    };
    const more = Array.from({ length: 10 }, (_, i) => ({ name: `extra.topic.${i}`, partitions: 1 }));
    const bigger = await synthesizeWith(
      {
        ...config,
        'kafka:catalog': writeCatalog(stringify({ ...catalog, topics: [...catalog.topics, ...more] })),
      },
      'local',
    );
    const grown = renderText(bigger.plan).split('\n').length;
    assert.equal(bigger.plan.resources.length, plan.resources.length + more.length);
    assert.ok(grown <= lines + more.length, `${grown} lines after adding ${more.length} topics to ${lines}`);
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
