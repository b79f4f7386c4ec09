import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { iamPolicies, NoIamPolicy, PolicyDocument, StackIamPolicies } from '../../../plan/iamPolicy';
import { Plan, planStack } from '../../../plan/plan';
import { repoStacks } from '../../../plan/stacks';
import { DEPENDENT_ACTIONS_NOT_USED, MSK_DEPLOY_PERMISSIONS } from '../../../providers/msk/deployPermissions';
import { makeTempDirSync } from '../../harness/kafka';
import { PROJECT_DIR } from '../../harness/plan';

const LINT = path.join(PROJECT_DIR, 'scripts', 'iam-policy-lint.sh');

/**
 * A managed policy holds at most 6,144 characters, whitespace not counted
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length).
 */
const MANAGED_POLICY_MAX = 6144;

interface LintResult {
  file: string;
  findings: { issue: string; detail: string }[];
}

/** Runs the offline IAM linter (parliament + the Service Authorization Reference) on documents. */
function lint(docs: Record<string, PolicyDocument>, waive = Object.keys(DEPENDENT_ACTIONS_NOT_USED)) {
  const dir = makeTempDirSync('iam-lint-');
  try {
    const files = Object.entries(docs).map(([name, doc]) => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(doc, null, 2));
      return file;
    });
    const run = spawnSync('bash', [LINT, ...waive.map((w) => `--waive=${w}`), ...files], {
      encoding: 'utf8',
    });
    const results = run.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LintResult)
      .map((r) => ({ ...r, file: path.basename(r.file, '.json') }));
    return { status: run.status, stderr: run.stderr, results };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const mskStacks = repoStacks(PROJECT_DIR).filter((s) => s.provider === 'msk');

async function planOf(s: (typeof mskStacks)[number]): Promise<Plan> {
  return planStack({
    projectDir: PROJECT_DIR,
    stack: s.name,
    configFile: path.join(PROJECT_DIR, s.configFile),
  });
}

describe(
  'IAM policies of the deploying identities (npm run plan -- --iam-policy)',
  { timeout: 600_000 },
  () => {
    it('covers the committed MSK stacks and examples', () => {
      assert.ok(mskStacks.some((s) => s.name === 'prod'));
      assert.ok(mskStacks.length >= 3, mskStacks.map((s) => s.name).join(', '));
    });

    it('every MSK stack: the linter finds nothing, every action is in the reference, within the size quota', async () => {
      const docs: Record<string, PolicyDocument> = {};
      for (const s of mskStacks) {
        const policies = iamPolicies(await planOf(s), 'msk');
        docs[`${s.name}-preview`] = policies.preview;
        docs[`${s.name}-deploy`] = policies.deploy;
      }
      for (const [name, doc] of Object.entries(docs)) {
        const size = JSON.stringify(doc).replace(/\s/g, '').length;
        assert.ok(size <= MANAGED_POLICY_MAX, `${name}: ${size} characters`);
      }
      const { status, stderr, results } = lint(docs);
      assert.deepEqual(
        results.filter((r) => r.findings.length > 0),
        [],
      );
      assert.equal(status, 0, stderr);
      assert.deepEqual(results.map((r) => r.file).sort(), Object.keys(docs).sort());
    });

    it('is derived from the plan: each AWS resource type it registers grants its actions, preview only reads', async () => {
      const prod = mskStacks.find((s) => s.name === 'prod')!;
      const plan = await planOf(prod);
      const policies: StackIamPolicies = iamPolicies(plan, 'msk');
      const actions = (doc: PolicyDocument) => new Set(doc.Statement.flatMap((s) => s.Action));
      const deploy = actions(policies.deploy);
      const preview = actions(policies.preview);
      const types = new Set(
        plan.resources.filter((r) => r.type.startsWith('aws:') && !r.read).map((r) => r.type),
      );
      assert.ok(types.size > 5);
      for (const type of types) {
        const perms = MSK_DEPLOY_PERMISSIONS[type]!;
        for (const a of [...perms.read, ...perms.write]) assert.ok(deploy.has(a), `${type}: ${a}`);
        for (const a of perms.write) assert.ok(!preview.has(a), `preview must not ${a}`);
      }
      // Names come from the plan: the cluster's name, the alarm names' prefix, the log group.
      const text = JSON.stringify(policies.deploy);
      assert.match(text, /arn:aws:kafka:eu-west-1:\*:cluster\/kafka-prod\/\*/);
      assert.match(text, /arn:aws:logs:eu-west-1:\*:log-group:\/aws\/msk\/kafka-prod"/);
      // A type the plan does not register contributes nothing (prod is IAM: no SCRAM secrets).
      assert.ok(!deploy.has('secretsmanager:CreateSecret'));
    });

    it('the linter is real: an unknown action, an action on a resource it cannot take, a missing dependent action', () => {
      const TOPICS = 'arn:aws:kafka:eu-west-1:*:topic/kafka-prod/*';
      const bad: PolicyDocument = {
        Version: '2012-10-17',
        Statement: [
          // One statement each: parliament stops reading a statement at an unknown action.
          { Sid: 'Unknown', Effect: 'Allow', Action: ['kafka:CreateTopicz'], Resource: [TOPICS] },
          { Sid: 'Mismatch', Effect: 'Allow', Action: ['kafka:DescribeCluster'], Resource: [TOPICS] },
          { Sid: 'Dependent', Effect: 'Allow', Action: ['kafka:CreateTopic'], Resource: [TOPICS] },
        ],
      };
      const { status, results } = lint({ bad }, []);
      assert.equal(status, 1);
      const issues = results[0]!.findings.map((f) => `${f.issue} ${f.detail}`).join('\n');
      assert.match(issues, /UNKNOWN_ACTION .*kafka:CreateTopicz/);
      assert.match(issues, /RESOURCE_MISMATCH/);
      assert.match(issues, /MISSING_DEPENDENT_ACTION kafka:CreateTopic needs kafka-cluster:CreateTopic/);
    });

    it('other backends are told what applies to them instead of an AWS policy', async () => {
      const local = await planStack({ projectDir: PROJECT_DIR, stack: 'local' });
      assert.throws(
        () => iamPolicies(local, 'local'),
        (err: Error) => {
          assert.ok(err instanceof NoIamPolicy);
          assert.match(
            err.message,
            /^stack "local" uses an existing Kafka \(provider local\): no cloud identity applies/,
          );
          return true;
        },
      );
      for (const provider of ['eventhubs', 'confluent']) {
        assert.throws(
          () => iamPolicies({ ...local, stack: 'x' }, provider),
          new RegExp(`stack "x" uses .*: no AWS IAM policy applies\\. Its deploy`),
        );
      }
    });

    it('the CLI prints both documents as JSON, and refuses other backends with exit 2', () => {
      const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
      const run = (...args: string[]) =>
        spawnSync(tsx, ['cli/plan.ts', ...args], { cwd: PROJECT_DIR, encoding: 'utf8' });
      const prod = run('--stack', 'prod', '--iam-policy');
      assert.equal(prod.status, 0, prod.stderr);
      const doc = JSON.parse(prod.stdout) as StackIamPolicies;
      assert.equal(doc.stack, 'prod');
      assert.equal(doc.deploy.Version, '2012-10-17');
      assert.ok(doc.preview.Statement.length > 0);
      const local = run('--stack', 'local', '--iam-policy');
      assert.equal(local.status, 2);
      assert.equal(local.stdout, '');
      assert.match(local.stderr, /no cloud identity applies/);
    });
  },
);
