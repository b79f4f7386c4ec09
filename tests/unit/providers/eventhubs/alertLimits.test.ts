/**
 * Azure Monitor's documented limits for the Event Hubs alerts, checked before any resource exists:
 * validateInput refuses the stack naming the setting to change.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ValidationError } from '../../../../config/problems';
import { validateInput } from '../../../../input';
import { monitoringDefinition } from '../../../../monitoring/definition';
import { defaultMonitoringSettings } from '../../../../monitoring/settings';
import { alertSpecs } from '../../../../providers/eventhubs/alertSpecs';
import { assertProblemLines } from '../../../harness/problems';
import { BASE } from './helpers';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-eh-limits-'));
after(() => fs.rmSync(DIR, { recursive: true, force: true }));

function catalogFile(name: string, topics: number): string {
  const names = Array.from({ length: topics }, (_, i) => `t${i}`);
  const file = path.join(DIR, `${name}.yaml`);
  fs.writeFileSync(
    file,
    [
      'topics:',
      ...names.map((t) => `  - name: ${t}\n    partitions: 1`),
      'services:',
      '  - name: reader',
      '    consumes:',
      ...names.map((t) => `      - { topic: ${t}, group: readers }`),
      '',
    ].join('\n'),
  );
  return file;
}

function problemsOf(values: Record<string, unknown>): string[] {
  try {
    validateInput(
      { values: { provider: 'eventhubs', eventhubs: BASE, ...values }, secretKeys: new Set() },
      'dev',
      DIR,
    );
    return [];
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return e.problems.map((p) => `${p.where}: ${p.message}`);
  }
}

describe('Event Hubs alerts within Azure Monitor’s documented limits, before up', () => {
  it('accepts a catalog within the stack’s share', () => {
    assert.deepEqual(problemsOf({ catalog: catalogFile('small', 3) }), []);
  });

  it('refuses more metric alert rules than kafka:monitoring.maxAlarms', () => {
    // 3 topics: 2 throughput + 1 stalled each, the namespace's 2 throughput and 4 error alerts.
    assertProblemLines(problemsOf({ catalog: catalogFile('share', 3), monitoring: { maxAlarms: 5 } }), [
      'kafka:monitoring.maxAlarms: this stack would register 15 metric alert rules',
    ]);
  });

  it('refuses more rules than Azure’s 5,000 per subscription, whatever the share', () => {
    assertProblemLines(
      problemsOf({ catalog: catalogFile('huge', 1700), monitoring: { maxAlarms: 100000 } }),
      [
        `${path.join(DIR, 'huge.yaml')} topics: 1700 topics need 1700 event hubs`,
        "kafka:monitoring.maxAlarms: this stack would register 5106 metric alert rules (2 per event hub, 1 per consumed event hub, plus the namespace's own), more than Azure's 5000 per subscription",
      ],
    );
  });

  it('keeps descriptions within 2,048 characters, with the runbook link', () => {
    const services = Array.from({ length: 200 }, (_, i) => ({
      name: `service-with-a-rather-long-name-${i}`,
      namespace: 'default',
      produces: [],
      consumes: [{ topic: 'orders', group: `group-with-a-rather-long-name-${i}` }],
    }));
    const def = monitoringDefinition(
      'dev',
      { topics: [{ name: 'orders', partitions: 1, config: {} }], services },
      defaultMonitoringSettings(),
    );
    const specs = alertSpecs(
      {
        enabled: true,
        serverErrors: 0,
        throttledRequests: 0,
        quotaExceededErrors: 0,
        emails: [],
        actionGroupIds: [],
      },
      def,
      undefined,
    );
    for (const s of specs) {
      assert.ok(s.description.length <= 2048, `${s.name}: ${s.description.length}`);
      assert.ok(s.description.endsWith(`Runbook: docs/monitoring/alerts/${s.kind}.md`));
    }
  });
});
