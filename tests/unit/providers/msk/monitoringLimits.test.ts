/**
 * CloudWatch's documented limits, checked before any resource exists: validateInput refuses the
 * stack (the program exits 2) naming the setting or the catalog line to change.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ValidationError } from '../../../../config/problems';
import { validateInput } from '../../../../input';
import { assertProblemLines } from '../../../harness/problems';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-msk-limits-'));
after(() => fs.rmSync(DIR, { recursive: true, force: true }));

const msk = {
  region: 'eu-west-1',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  subnets: [
    { id: 'subnet-0aa11bb22cc33dd44', az: 'eu-west-1a' },
    { id: 'subnet-0ee55ff66aa77bb88', az: 'eu-west-1b' },
    { id: 'subnet-0123456789abcdef0', az: 'eu-west-1c' },
  ],
  allowedCidrs: ['10.0.0.0/16'],
  identity: {
    type: 'irsa',
    oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
  },
};

/** A catalog of `topics` topics (the first with `firstTopic` extra keys) read by one group. */
function catalogFile(name: string, topics: number, firstTopic = ''): string {
  const names = Array.from({ length: topics }, (_, i) => `t${i}`);
  const text = [
    'topics:',
    ...names.map((t, i) => `  - name: ${t}\n    partitions: 1${i === 0 ? firstTopic : ''}`),
    'services:',
    '  - name: reader',
    '    consumes:',
    ...names.map((t) => `      - { topic: ${t}, group: readers }`),
    '',
  ].join('\n');
  const file = path.join(DIR, `${name}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

function problemsOf(values: Record<string, unknown>): string[] {
  try {
    validateInput({ values: { provider: 'msk', msk, ...values }, secretKeys: new Set() }, 'dev', DIR);
    return [];
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return e.problems.map((p) => `${p.where}: ${p.message}`);
  }
}

describe('MSK monitoring within CloudWatch’s documented limits, before up', () => {
  it('accepts a catalog within every limit', () => {
    assert.deepEqual(problemsOf({ catalog: catalogFile('small', 3) }), []);
  });

  it('refuses more Metrics Insights alarms than the stack’s share of the Region’s quota (defect 2)', () => {
    // 30 topics: 2 × 30 + 2 = 62 Insights alarms, over the default share 50 of 200.
    assertProblemLines(problemsOf({ catalog: catalogFile('insights', 30) }), [
      'kafka:monitoring.maxInsightsAlarms: this stack would register 62 Metrics Insights alarms',
    ]);
    assert.deepEqual(
      problemsOf({ catalog: catalogFile('insights', 30), monitoring: { maxInsightsAlarms: 62 } }),
      [],
      'a raised share passes',
    );
  });

  it('refuses more alarms than kafka:monitoring.maxAlarms', () => {
    assertProblemLines(problemsOf({ catalog: catalogFile('alarms', 3), monitoring: { maxAlarms: 10 } }), [
      'kafka:monitoring.maxAlarms: this stack would register 21 CloudWatch alarms',
    ]);
  });

  it('refuses throughput and throttling windows longer than the 3 hours Insights alarms see (defect 3)', () => {
    const file = catalogFile('window', 2, '\n    monitoring: { throughputMinutes: 240 }');
    assertProblemLines(
      problemsOf({
        catalog: file,
        monitoring: { throughputMinutes: 200, throttlingMinutes: 600 },
        msk: { ...msk, monitoring: 'PER_BROKER' },
      }),
      [
        `${file}:4:38 topics[0].monitoring.throughputMinutes (topic "t0"): 240 minutes is longer than the 180 minutes`,
        'kafka:monitoring.throughputMinutes: 200 minutes is longer than the 180 minutes',
        'kafka:monitoring.throttlingMinutes: 600 minutes is longer than the 180 minutes',
      ],
    );
  });
});
