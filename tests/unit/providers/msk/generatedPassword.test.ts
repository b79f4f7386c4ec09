import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { PasswordProvider } from '../../../../providers/msk/generatedPassword';
import { SCRAM_PASSWORD_LENGTH } from '../../../../providers/msk/mskServiceAccess';

describe('generated SCRAM passwords', () => {
  const provider = new PasswordProvider();
  const create = async (length: number) => {
    const result = await provider.create({ length });
    assert.ok(result.outs, 'create returns the outputs');
    return { id: result.id, outs: result.outs };
  };

  it('makes a URL-safe password of the asked length, different every time it is created', async () => {
    const a = await create(SCRAM_PASSWORD_LENGTH);
    const b = await create(SCRAM_PASSWORD_LENGTH);
    assert.equal(a.outs.result.length, 32);
    assert.match(a.outs.result, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(a.outs.result, b.outs.result);
    assert.notEqual(a.id, a.outs.result, 'the id (never secret) does not reveal the password');
  });

  it('keeps the password across runs unless its length changes', async () => {
    const { outs } = await create(32);
    assert.deepEqual(await provider.diff('id', outs, { length: 32 }), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual((await provider.diff('id', outs, { length: 40 })).replaces, ['length']);
  });

  it('serialises for the Pulumi engine without capturing module state', async () => {
    const fn = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    assert.match(fn.text, /randomBytes/);
  });
});
