import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  choice,
  Declaration,
  flag,
  group,
  items,
  readNamespace,
  secret,
  text,
  texts,
  whole,
  wrongValueFor,
} from '../../../config/declare';
import { Fields } from '../../../config/fields';
import { Problem } from '../../../config/problems';
import { configWhere } from '../../../config/rawConfig';

function collect(): { f: Fields; lines: () => string[] } {
  const problems: Problem[] = [];
  return {
    f: new Fields(problems, configWhere),
    lines: () => problems.map((p) => `${p.where}: ${p.message}`),
  };
}

describe('settings declarations: the parser reads what the docs show', () => {
  it('applies declared defaults and documents them', () => {
    const { f, lines } = collect();
    const port = whole({ min: 1, max: 65535, default: 9092, why: 'Port.' });
    const tls = flag({ default: false, why: 'TLS.' });
    const mode = choice(['a', 'b'], { default: 'a', why: 'Mode.' });
    assert.equal(port.read(f, undefined, ['x', 'port']), 9092);
    assert.equal(tls.read(f, 'true', ['x', 'tls']), true);
    assert.equal(mode.read(f, undefined, ['x', 'mode']), 'a');
    assert.deepEqual(lines(), []);
    assert.equal(port.defaultText, '`9092`');
    assert.equal(port.constraint, '1 to 65535');
    assert.equal(mode.constraint, '`a`, `b`');
  });

  it('reports each wrong value with its full key and what is allowed', () => {
    const { f, lines } = collect();
    whole({ min: 1, max: 10, why: 'n' }).read(f, 11, ['x', 'n']);
    choice(['a', 'b'], { required: true, why: 'm' }).read(f, undefined, ['x', 'm']);
    text({ pattern: /^v-/, hint: 'is not a v- id', why: 'id' }).read(f, 'w-1', ['x', 'id']);
    texts({ why: 'l' }).read(f, 'one', ['x', 'l']);
    assert.deepEqual(lines(), [
      'kafka:x.n: 11 is more than 10 (allowed: 1 to 10)',
      'kafka:x.m: is required (one of a, b)',
      'kafka:x.id: "w-1" is not a v- id',
      'kafka:x.l: must be a list, got "one"',
    ]);
  });

  it('reads mappings key by key and refuses keys that are not declared', () => {
    const { f, lines } = collect();
    const fields = { host: text({ required: true, why: 'h' }), port: whole({ default: 1, why: 'p' }) };
    const g = group({ why: 'g', fields }).read(f, { host: 'k', prot: 2 }, ['x']);
    assert.equal(g.read('host'), 'k');
    assert.equal(g.read('port'), 1);
    assert.equal(g.has('port'), false);
    const list = items({ why: 'i', fields }).read(f, [{ port: 2 }], ['y']);
    assert.equal(list[0]?.read('port'), 2);
    assert.equal(list[0]?.read('host'), undefined);
    assert.deepEqual(lines(), [
      'kafka:x.prot: is not a known setting (allowed: host, port)',
      'kafka:y[0].host: is required',
    ]);
  });

  it('accepts credential keys only when set with --secret', () => {
    const { f, lines } = collect();
    const keys = { pw: secret({ why: 'p' }), other: secret({ why: 'o' }) };
    const ns = readNamespace(
      { f, stack: 's', raw: { values: { pw: 'x', other: 'y' }, secretKeys: new Set(['pw']) } },
      keys,
    );
    assert.deepEqual(ns.secret('pw'), { key: 'pw' });
    assert.equal(ns.secret('other'), undefined);
    assert.deepEqual(lines(), [
      'kafka:other: holds a credential and must be set with: pulumi config set --secret kafka:other <value>',
    ]);
  });

  it('has a wrong value for every shape, which its reader reports', () => {
    const cases: [Declaration, string][] = [
      [text({ why: 's' }), 'must be a non-empty string'],
      [whole({ why: 'n' }), 'must be a whole number'],
      [flag({ why: 'b' }), 'must be true or false'],
      [texts({ why: 'l' }), 'must be a list'],
      [group({ why: 'g', fields: {} }), 'must be a mapping'],
    ];
    for (const [d, message] of cases) {
      const { f, lines } = collect();
      if (d.shape !== 'secret') d.read(f, wrongValueFor(d), ['x']);
      assert.equal(lines().length, 1, d.shape);
      assert.match(lines()[0]!, new RegExp(`^kafka:x: ${message}`));
    }
  });
});
