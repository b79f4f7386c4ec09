import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ENV } from '../../../client/contract';
import { CONTRACT_JSON, contractJson } from '../../../clients/python/scripts/contract';

test('the Python package contract is generated from client/contract.ts (run npm run python:contract)', () => {
  assert.equal(readFileSync(CONTRACT_JSON, 'utf8'), contractJson());
});

test('the generated contract names every variable of ENV with its doc comment', () => {
  const contract = JSON.parse(contractJson()) as { variables: { key: string; name: string; doc: string }[] };
  assert.deepEqual(
    contract.variables.map((v) => [v.key, v.name]),
    Object.entries(ENV),
  );
  for (const v of contract.variables) assert.ok(v.doc.length > 0, `${v.name} has a doc comment`);
});
