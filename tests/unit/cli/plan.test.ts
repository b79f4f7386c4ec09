import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDirSync } from '../../harness/kafka';
import { PROJECT_DIR } from '../../harness/plan';

function plan(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_DIR, 'cli/plan.ts'), ...args],
    {
      cwd: PROJECT_DIR,
      encoding: 'utf8',
      env: { ...process.env, PULUMI_CONFIG: '', PULUMI_CONFIG_SECRET_KEYS: '' },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run plan (the CLI)', () => {
  it('prints one JSON document with stack, resources and service env', () => {
    const { code, stdout, stderr } = plan('--stack', 'local', '--json');
    assert.equal(code, 0, stderr);
    const doc = JSON.parse(stdout) as {
      stack: string;
      note: string;
      resources: { type: string; name: string; parent: string | null; protect: boolean; inputs: object }[];
      services: { name: string; env: Record<string, string> }[];
    };
    assert.equal(doc.stack, 'local');
    assert.match(doc.note, /not a diff against live state/);
    for (const r of doc.resources) {
      assert.deepEqual(
        Object.keys(r).filter((k) => ['type', 'name', 'parent', 'protect', 'inputs'].includes(k)),
        ['type', 'name', 'parent', 'protect', 'inputs'],
      );
    }
    assert.deepEqual(
      doc.services.map((s) => s.name),
      ['backend-api', 'ml-service'],
    );
    assert.equal(doc.services[0]?.env.KAFKA_BROKER_URL, 'redpanda:9092');
  });

  it('prints a readable plan that says it is offline', () => {
    const { code, stdout } = plan('--stack', 'local');
    assert.equal(code, 0);
    assert.match(stdout, /Offline synthesis/);
    assert.match(stdout, /\+ pulumi-nodejs:dynamic\/kafka:Topic {2}ml\.jobs\.requested/);
    assert.match(stdout, /KAFKA_SECURITY_PROTOCOL=PLAINTEXT/);
  });

  it('exits 2 with every validation message on stderr and no stack trace', () => {
    const dir = makeTempDirSync('plan-cli-');
    const file = path.join(dir, 'Pulumi.bad.yaml');
    fs.writeFileSync(
      file,
      'config:\n  kafka:provider: kinesis\n  kafka:protect: maybe\n  kafka:catalog: does/not/exist.yaml\n',
    );
    const { code, stdout, stderr } = plan('--stack', 'bad', '--config-file', file);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /kafka:provider: "kinesis" is not one of msk, eventhubs, confluent, local/);
    assert.match(stderr, /kafka:protect: must be true or false, got "maybe"/);
    assert.match(stderr, /kafka:catalog: catalog file "does\/not\/exist.yaml" does not exist/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  it('exits 2 on a missing stack file and on bad usage', () => {
    assert.equal(plan('--stack', 'nope').code, 2);
    assert.match(plan('--stack', 'nope').stderr, /Pulumi\.nope\.yaml: file not found/);
    assert.equal(plan().code, 2);
    assert.equal(plan('--bogus').code, 2);
  });
});
