// GitHub's rules for the committed workflows, checked with GitHub's own code where it exists:
// every workflow and composite action is parsed and converted by @actions/workflow-parser (the
// parser of GitHub's Actions language services, which also loads the local reusable workflows
// and checks their inputs), and every `${{ }}` expression is evaluated by @actions/expressions for
// each matrix value `npm run plan -- --list cloud` can produce. The rules GitHub applies at run
// time and no library encodes are written here with their documentation cited.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { cloudStacks, DEPLOYED_STACKS_FILE, repoStacks, RepoStack } from '../../../plan/stacks';
import { PROJECT_DIR } from '../../harness/plan';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string | boolean;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  if?: string;
  uses?: string;
  needs?: string | string[];
  environment?: unknown;
  permissions?: Record<string, string> | string;
  steps?: Step[];
  with?: Record<string, unknown>;
  strategy?: { matrix?: Record<string, unknown> };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(PROJECT_DIR, '.github', 'workflows');
const ACTIONS = path.join(PROJECT_DIR, '.github', 'actions');
const workflowFiles = () => fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const actionFiles = () => fs.readdirSync(ACTIONS).map((d) => path.join(ACTIONS, d, 'action.yml'));
const read = (name: string) => parse(fs.readFileSync(path.join(WORKFLOWS, name), 'utf8')) as Workflow;

/** Every `run:` script of the workflows and composite actions, with where it is. */
function runScripts(): { where: string; run: string }[] {
  const out: { where: string; run: string }[] = [];
  for (const f of workflowFiles()) {
    for (const [id, job] of Object.entries(read(f).jobs)) {
      for (const s of job.steps ?? [])
        if (s.run) out.push({ where: `${f} ${id} "${s.name ?? s.id ?? ''}"`, run: s.run });
    }
  }
  for (const f of actionFiles()) {
    const action = parse(fs.readFileSync(f, 'utf8')) as { runs: { steps?: Step[] } };
    for (const s of action.runs.steps ?? []) {
      if (s.run) out.push({ where: `${path.relative(PROJECT_DIR, f)} "${s.name ?? ''}"`, run: s.run });
    }
  }
  return out;
}

/**
 * The matrix values `npm run plan -- --list cloud --json` can produce, from real stack files of
 * every shape through plan/stacks.ts: Kubernetes on a named context, on the current context
 * (kubeContext `''`), render mode and disabled (null), production or not, each backend.
 */
function listedStackShapes(): RepoStack[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-shapes-'));
  try {
    const files: Record<string, string> = {
      'Pulumi.staging.yaml':
        'config:\n  kafka:provider: msk\n  kafka:kubernetes: { enabled: true, context: staging-eks }\n',
      'Pulumi.current.yaml': 'config:\n  kafka:provider: eventhubs\n',
      'Pulumi.prod-eu.yaml': 'config:\n  kafka:provider: confluent\n  kafka:kubernetes: { enabled: true }\n',
      'Pulumi.gitops.yaml': 'config:\n  kafka:provider: msk\n  kafka:kubernetes: { mode: render }\n',
      'Pulumi.nok8s.yaml': 'config:\n  kafka:provider: msk\n  kafka:kubernetes: { enabled: false }\n',
    };
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    fs.mkdirSync(path.join(dir, '.github'));
    fs.writeFileSync(
      path.join(dir, DEPLOYED_STACKS_FILE),
      'stacks: [staging, current, prod-eu, gitops, nok8s]\n',
    );
    const listed = cloudStacks(repoStacks(dir));
    assert.equal(listed.length, 5);
    return JSON.parse(JSON.stringify(listed)) as RepoStack[]; // as the workflow receives it
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Loaded in before(): both packages are ECMAScript modules only.
let wp: typeof import('@actions/workflow-parser');
let actionsParser: typeof import('@actions/workflow-parser/actions/index');
let ex: typeof import('@actions/expressions');

before(async () => {
  wp = await import('@actions/workflow-parser');
  actionsParser = await import('@actions/workflow-parser/actions/index');
  ex = await import('@actions/expressions');
});

/** The `${{ }}` expressions in a string. */
function expressionsIn(text: string): string[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]!.trim());
}

/** GitHub's status functions and hashFiles: runtime functions the library leaves to its host. */
const HOST_FUNCTIONS = ['always', 'success', 'failure', 'cancelled', 'hashFiles'].map((name) => ({
  name,
  minArgs: 0,
  maxArgs: 255,
}));

/** Evaluates one expression with GitHub's evaluator and these contexts (plain JSON). */
function evaluate(expression: string, contexts: Record<string, unknown>): unknown {
  const lexed = new ex.Lexer(expression).lex();
  const tree = new ex.Parser(lexed.tokens, Object.keys(contexts), HOST_FUNCTIONS).parse();
  const data = JSON.parse(JSON.stringify(contexts), ex.data.reviver) as InstanceType<
    typeof ex.data.Dictionary
  >;
  const fns = new Map(
    HOST_FUNCTIONS.map((f) => [
      f.name.toLowerCase(), // the evaluator looks functions up by lower-case name
      {
        ...f,
        call: () =>
          f.name === 'hashFiles' ? new ex.data.StringData('0123abcd') : new ex.data.BooleanData(true),
      },
    ]),
  );
  const result = new ex.Evaluator(tree, data, fns).evaluate();
  return JSON.parse(JSON.stringify(result, ex.data.replacer)) as unknown;
}

/** Every string of a YAML tree with its path; `if:` values are expressions even without `${{ }}`. */
function strings(node: unknown, at: string[] = []): { at: string[]; text: string }[] {
  if (typeof node === 'string') return [{ at, text: node }];
  if (Array.isArray(node)) return node.flatMap((n, i) => strings(n, [...at, String(i)]));
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => strings(v, [...at, k]));
  return [];
}

describe("GitHub's rules, with GitHub's own parser and expression evaluator", () => {
  it('every workflow parses and converts with @actions/workflow-parser, local reusable workflows loaded', async () => {
    for (const file of workflowFiles()) {
      const content = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
      const parsed = wp.parseWorkflow({ name: file, content }, new wp.NoOperationTraceWriter());
      const errors = parsed.context.errors.getErrors().map((e) => e.message);
      assert.deepEqual(errors, [], file);
      const template = await wp.convertWorkflowTemplate(
        parsed.context,
        parsed.value!,
        {
          getFileContent: async (ref) => {
            const p = path.join(PROJECT_DIR, ref.path);
            return { name: ref.path, content: fs.readFileSync(p, 'utf8') };
          },
        },
        { fetchReusableWorkflowDepth: 1 },
      );
      assert.deepEqual(template.errors ?? [], [], file);
    }
  });

  it('every composite action parses with @actions/workflow-parser', () => {
    for (const file of actionFiles()) {
      const parsed = actionsParser.parseAction(
        { name: file, content: fs.readFileSync(file, 'utf8') },
        new wp.NoOperationTraceWriter(),
      );
      assert.deepEqual(
        parsed.context.errors.getErrors().map((e) => e.message),
        [],
        file,
      );
    }
  });

  it("each `uses:` of a reusable workflow grants at least the permissions the called workflow's jobs request", () => {
    // "The GITHUB_TOKEN permissions passed from the caller workflow can be only downgraded (not
    // elevated) by the called workflow" (https://docs.github.com/en/actions/how-tos/reuse-automations/reuse-workflows#access-and-permissions);
    // a called job that asks for more makes GitHub refuse the whole run when it loads it.
    const level = (v: string | undefined) => ({ none: 0, read: 1, write: 2 })[v ?? 'none'] ?? 0;
    const scopes = (p: Record<string, string> | string | undefined): Record<string, string> | undefined => {
      if (p === undefined) return undefined;
      if (typeof p === 'string') {
        const all = p === 'write-all' ? 'write' : p === 'read-all' ? 'read' : 'none';
        return Object.fromEntries(
          [
            'actions',
            'contents',
            'id-token',
            'issues',
            'pull-requests',
            'deployments',
            'checks',
            'statuses',
          ].map((s) => [s, all]),
        );
      }
      return p;
    };
    const problems: string[] = [];
    let calls = 0;
    for (const file of workflowFiles()) {
      const wf = read(file);
      for (const [id, job] of Object.entries(wf.jobs)) {
        if (!job.uses?.startsWith('./.github/workflows/')) continue;
        calls++;
        const granted = scopes(job.permissions) ?? scopes(wf.permissions);
        assert.ok(
          granted,
          `${file} ${id}: no permissions stated, so they depend on the repository's default`,
        );
        const called = read(path.basename(job.uses));
        for (const [calledId, calledJob] of Object.entries(called.jobs)) {
          const requested = scopes(calledJob.permissions) ?? scopes(called.permissions) ?? {};
          for (const [scope, want] of Object.entries(requested)) {
            if (level(granted[scope]) < level(want)) {
              problems.push(
                `${file} job ${id} grants ${scope}: ${granted[scope] ?? 'none'}, but ${path.basename(job.uses)} job ${calledId} requests ${scope}: ${want}`,
              );
            }
          }
        }
      }
    }
    assert.ok(calls >= 4, 'ci.yml and pulumi-up.yml are called');
    assert.deepEqual(problems, []);
  });

  it("every `${{ }}` evaluates with GitHub's evaluator for every stack `plan --list` can produce; kubeconfig access iff the stack needs it", () => {
    const shapes = listedStackShapes();
    assert.ok(
      shapes.some((s) => s.kubeContext === ''),
      "a stack on the current context (kubeContext '')",
    );
    const list = JSON.stringify(shapes);
    let evaluated = 0;
    const kubeInputs: { stack: string; value: unknown }[] = [];
    for (const file of workflowFiles()) {
      const wf = read(file);
      for (const stack of shapes) {
        const contexts = {
          github: {
            event: {
              pull_request: {
                number: 7,
                head: { sha: 'abc123', repo: { full_name: 'acme/kafka-platform' } },
              },
              workflow_run: { id: 42, event: 'pull_request', head_sha: 'abc123' },
            },
            repository: 'acme/kafka-platform',
            server_url: 'https://github.com',
            run_id: 42,
            sha: 'abc123',
            ref: 'refs/heads/main',
            token: '***',
          },
          matrix: { stack },
          needs: {
            stacks: { result: 'success', outputs: { cloud: list, staging: list, production: list } },
            test: { result: 'success' },
            up: { result: 'skipped' },
          },
          inputs: { stacks: list },
          steps: {
            stack: { outputs: { name: stack.name } },
            preview: { outcome: 'success' },
            check: { outputs: { status: 'clean' } },
            diff: { outputs: { exit: '0' } },
            head: { outputs: { current: 'true' } },
          },
          vars: {},
          secrets: {},
          env: {},
          runner: { os: 'Linux' },
          strategy: {},
          job: {},
        };
        for (const { at, text } of strings(wf.jobs)) {
          const isIf = at[at.length - 1] === 'if';
          const exprs = isIf && !text.includes('${{') ? [text] : expressionsIn(text);
          for (const e of exprs) {
            assert.doesNotThrow(() => evaluate(e, contexts), `${file} ${at.join('.')}: ${e}`);
            evaluated++;
            if (at[at.length - 1] === 'needs-kubeconfig') {
              kubeInputs.push({ stack: stack.name, value: evaluate(e, contexts) });
            }
          }
        }
      }
    }
    assert.ok(evaluated > 100);
    // preview, drift and pulumi-up each pass it for each stack shape.
    assert.equal(kubeInputs.length, 3 * shapes.length);
    for (const { stack, value } of kubeInputs) {
      const shape = shapes.find((s) => s.name === stack)!;
      // An action input is a string: true -> 'true', as stack-access compares it.
      assert.equal(String(value), String(shape.kubeContext !== null), `needs-kubeconfig of ${stack}`);
    }
  });

  it("stack-access's guards run for a stack on the current context (kubeContext '') with no access configured", () => {
    const action = parse(fs.readFileSync(path.join(ACTIONS, 'stack-access', 'action.yml'), 'utf8')) as {
      runs: { steps: Step[] };
    };
    const refuse = action.runs.steps.find((s) => s.name === 'Refuse a stack without Kubernetes access')!;
    const current = listedStackShapes().find((s) => s.kubeContext === '')!;
    // What preview.yml passes for that stack, evaluated as above, then the guard's condition.
    const needs = evaluate('matrix.stack.needsKubeconfig', { matrix: { stack: current } });
    const inputs = {
      'needs-kubeconfig': String(needs),
      'eks-cluster': '',
      'aks-cluster': '',
      kubeconfig: '',
      'kube-context': current.kubeContext,
    };
    const condition = expressionsIn(String(refuse.if))[0]!;
    assert.equal(evaluate(condition, { inputs }), true, 'the refusal runs');
    // The defect: `kubeContext != null` is false for '' in GitHub's expressions.
    assert.equal(evaluate('matrix.stack.kubeContext != null', { matrix: { stack: current } }), false);
  });

  it('no step writes $GITHUB_OUTPUT from a command substitution (its failure would be swallowed)', () => {
    // `echo "x=$(cmd)" >> "$GITHUB_OUTPUT"` exits 0 whatever cmd did; `x="$(cmd)"` under bash -e fails the step.
    const writesOutput = /GITHUB_OUTPUT/;
    const offenders: string[] = [];
    const scripts = [
      ...runScripts(),
      ...fs
        .readdirSync(path.join(PROJECT_DIR, 'scripts', 'ci'))
        .filter((f) => f.endsWith('.sh'))
        .map((f) => ({
          where: `scripts/ci/${f}`,
          run: fs.readFileSync(path.join(PROJECT_DIR, 'scripts', 'ci', f), 'utf8'),
        })),
    ];
    for (const { where, run } of scripts) {
      for (const line of run.split('\n')) {
        if (writesOutput.test(line) && /\$\(/.test(line.replace(/^\s*#.*/, '')))
          offenders.push(`${where}: ${line.trim()}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

describe('the fixes of issue 20, as GitHub would run them', () => {
  it('the offline plan difference has a workflow of its own that waits for nothing, and plan-comment.yml follows it', () => {
    const comment = read('plan-comment.yml');
    const followed = (comment.on.workflow_run as { workflows: string[] }).workflows;
    assert.deepEqual(followed, ['plan-diff']);
    const diff = read('plan-diff.yml');
    assert.equal((diff as unknown as { name: string }).name, 'plan-diff');
    assert.deepEqual(Object.keys(diff.on), ['pull_request']);
    for (const [id, job] of Object.entries(diff.jobs)) {
      assert.equal(job.needs, undefined, `${id} waits for no other job (not the tests)`);
      assert.equal(job.environment, undefined, `${id} waits for no reviewer`);
      assert.equal(job.uses, undefined);
    }
    assert.ok(!('offline-plan-diff' in read('preview.yml').jobs), 'not in the preview run any more');
  });

  it('deploys are ordered: one deploy run at a time, never cancelled, and no update of a commit main has moved past', () => {
    const deploy = read('deploy.yml');
    assert.ok(deploy.concurrency, 'workflow-level concurrency');
    assert.equal(deploy.concurrency['cancel-in-progress'], false);
    assert.equal(expressionsIn(deploy.concurrency.group).length, 0, 'one group for every run');
    const steps = read('pulumi-up.yml').jobs.up!.steps!;
    const head = steps.findIndex((s) => s.run?.includes('scripts/ci/still-main-head.sh'));
    const up = steps.findIndex((s) => s.with?.command === 'up');
    assert.ok(head >= 0 && head < up);
    const headId = steps[head]!.id!;
    for (const s of steps.slice(head + 1)) {
      if (s.run?.includes('require-reviewers.sh')) continue;
      assert.match(
        String(s.if),
        new RegExp(`steps\\.${headId}\\.outputs\\.current == 'true'`),
        s.name ?? s.uses,
      );
    }
  });

  it('a production up fails unless its environment exists with required reviewers (checked before up)', () => {
    const steps = read('pulumi-up.yml').jobs.up!.steps!;
    const check = steps.findIndex((s) => s.run?.includes('scripts/ci/require-reviewers.sh'));
    const up = steps.findIndex((s) => s.with?.command === 'up');
    assert.ok(check >= 0 && check < up);
    assert.equal(steps[check]!.if, 'matrix.stack.production');
    // The decision, on the shapes GitHub documents for "Get an environment"
    // (https://docs.github.com/en/rest/deployments/environments#get-an-environment).
    const verdict = (answer: unknown) =>
      execFileSync('jq', ['-r', '-f', path.join(PROJECT_DIR, 'scripts/ci/required-reviewers.jq')], {
        input: JSON.stringify(answer),
        encoding: 'utf8',
      }).trim();
    assert.equal(
      verdict({
        name: 'prod',
        protection_rules: [
          { id: 3, type: 'wait_timer', wait_timer: 30 },
          {
            id: 4,
            type: 'required_reviewers',
            prevent_self_review: true,
            reviewers: [{ type: 'Team', reviewer: { slug: 'platform' } }],
          },
        ],
      }),
      'ok',
    );
    assert.equal(verdict({ name: 'prod', protection_rules: [] }), 'has no required reviewers');
    assert.equal(verdict({ name: 'prod' }), 'has no required reviewers');
    assert.equal(
      verdict({ name: 'prod', protection_rules: [{ id: 4, type: 'required_reviewers', reviewers: [] }] }),
      'has no required reviewers',
    );
    assert.equal(
      verdict({ name: 'prod', protection_rules: [{ id: 1, type: 'branch_policy' }] }),
      'has no required reviewers',
    );
  });

  it('the fork-written difference is posted inside a fence no line of it can close', () => {
    const hostile = 'ok\n```\n@octocat [x](https://evil) <img src=x>\n````` more\n~~~\n';
    const out = execFileSync('bash', [path.join(PROJECT_DIR, 'scripts/ci/fence.sh')], {
      input: hostile,
      encoding: 'utf8',
    });
    const lines = out.trimEnd().split('\n');
    const fence = /^(`+)text$/.exec(lines[0]!)![1]!;
    assert.ok(fence.length >= 6, 'longer than the longest backtick run (5)');
    assert.equal(lines[lines.length - 1], fence);
    // CommonMark: a code fence closes only on a line of at least as many backticks.
    for (const line of lines.slice(1, -1)) assert.ok(!line.trimStart().startsWith(fence), line);
    assert.equal(lines.slice(1, -1).join('\n'), hostile.trimEnd());
    const step = read('plan-comment.yml').jobs.comment!.steps!.find((s) => s.run?.includes('pr-comment.sh'))!;
    assert.match(step.run!, /plan-diff\.md \| bash scripts\/ci\/fence\.sh/);
  });

  it("previews are commented by our own marker script, which edits only github-actions[bot]'s comments; never by pulumi/actions", () => {
    for (const file of workflowFiles()) {
      for (const job of Object.values(read(file).jobs)) {
        for (const s of job.steps ?? []) {
          if (s.uses?.startsWith('pulumi/actions@'))
            assert.ok(!s.with?.['comment-on-pr'], `${file}: ${s.name}`);
        }
      }
    }
    const steps = read('preview.yml').jobs.preview!.steps!;
    const comment = steps.find((s) => s.run?.includes('scripts/ci/preview-comment.sh'))!;
    assert.equal(comment.if, 'always()', 'a failed preview replaces the earlier comment too');
    const script = fs.readFileSync(path.join(PROJECT_DIR, 'scripts/ci/preview-comment.sh'), 'utf8');
    assert.match(script, /marker="<!-- kafka-platform: pulumi preview of \$stack -->"/);
    assert.match(script, /fence\.sh/);
    assert.match(script, /pr-comment\.sh" "\$pr" "\$body" "\$marker"/);
    const prComment = fs.readFileSync(path.join(PROJECT_DIR, 'scripts/ci/pr-comment.sh'), 'utf8');
    assert.match(prComment, /select\(\.user\.login == \\"github-actions\[bot\]\\" and/);
  });

  it('a failing stack list fails the step that reads it (bash -e, as GitHub runs `run:`)', () => {
    // The step of preview.yml / drift.yml, run as GitHub runs it (bash --noprofile --norc -eo pipefail),
    // with the list command failing.
    const step = read('drift.yml').jobs.stacks!.steps!.find((s) => s.id === 'list')!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'list-step-'));
    try {
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "plan failed" >&2\nexit 1\n', { mode: 0o755 });
      const out = path.join(dir, 'out');
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
        env: { PATH: `${bin}:/usr/bin:/bin`, GITHUB_OUTPUT: out },
        encoding: 'utf8',
      });
      assert.notEqual(r.status, 0, 'the step fails');
      assert.ok(
        !fs.existsSync(out) || !fs.readFileSync(out, 'utf8').includes('cloud='),
        'no empty list is output',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a drift issue that stays open says "Still drifting" / "Still failing"', () => {
    const script = path.join(PROJECT_DIR, 'scripts/ci/drift-issue.sh');
    const phrase = (status: string) =>
      execFileSync(
        'bash',
        ['-c', `eval "$(sed -n '/^still_phrase()/,/^}/p' "$0")"; still_phrase "$1"`, script, status],
        {
          encoding: 'utf8',
        },
      ).trim();
    assert.equal(phrase('drift'), 'Still drifting');
    assert.equal(phrase('failed'), 'Still failing');
  });

  it('ci.yml installs Node, Java, Go and the pinned Pulumi, and restores the test tools keyed on their pins, before .ci/run', () => {
    const steps = read('ci.yml').jobs.test!.steps!;
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const run = at((s) => s.run === 'bash .ci/run');
    const order = [
      at((s) => !!s.uses?.startsWith('actions/setup-node@')),
      at((s) => !!s.uses?.startsWith('actions/setup-java@')),
      at((s) => !!s.uses?.startsWith('actions/setup-go@')),
      at((s) => !!s.uses?.startsWith('pulumi/actions@')),
      at((s) => !!s.uses?.startsWith('actions/cache@')),
    ];
    for (const i of order) assert.ok(i >= 0 && i < run, String(order));
    assert.equal(steps[order[3]!]!.with!['pulumi-version-file'], '.github/pulumi-version');
    const cache = steps[order[4]!]!.with!;
    const pulumi = `v${fs.readFileSync(path.join(PROJECT_DIR, '.github/pulumi-version'), 'utf8').trim()}`;
    const kube = /K8S_VERSION="\$\{K8S_VERSION:-(v[0-9.]+)\}"/.exec(
      fs.readFileSync(path.join(PROJECT_DIR, 'scripts/kube-apiserver.sh'), 'utf8'),
    )![1]!;
    // The folders the getters fill (and find again), under the pinned versions.
    assert.deepEqual(
      String(cache.path)
        .trim()
        .split('\n')
        .map((l) => l.trim()),
      [`~/.cache/pulumi-engine-${pulumi}/bin`, `~/.cache/kube-${kube}/bin`],
    );
    assert.ok(String(cache.key).includes(`pulumi-${pulumi}`) && String(cache.key).includes(`kube-${kube}`));
  });

  it('nothing CI runs or documents reaches outside the repository (no ../shared, no /work/shared)', () => {
    const files = [
      '.ci/run',
      ...fs.readdirSync(path.join(PROJECT_DIR, 'scripts')).map((f) => `scripts/${f}`),
      ...fs.readdirSync(path.join(PROJECT_DIR, 'scripts', 'ci')).map((f) => `scripts/ci/${f}`),
      ...fs.readdirSync(path.join(PROJECT_DIR, 'scripts', 'tools')).map((f) => `scripts/tools/${f}`),
      ...workflowFiles().map((f) => `.github/workflows/${f}`),
      ...fs.readdirSync(path.join(PROJECT_DIR, 'tests', 'harness')).map((f) => `tests/harness/${f}`),
      'docs/ci.md',
      'docs/testing.md',
    ].filter((f) => fs.statSync(path.join(PROJECT_DIR, f)).isFile());
    const offenders = files.filter((f) =>
      /(\.\.\/|\/work\/)shared\//.test(fs.readFileSync(path.join(PROJECT_DIR, f), 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
});
