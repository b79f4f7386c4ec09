import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEnvelope, encodeEnvelope } from '../../../client/envelope';

// Payloads JSON cannot carry faithfully fail at publish, naming the topic and the place.
describe('envelope: payloads that cannot travel', () => {
  const encode = (data: unknown) => encodeEnvelope(createEnvelope('orders.paid', data, 'svc'), 'orders.paid');

  for (const [what, data] of [
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
  ] as const) {
    it(`refuses ${what} (JSON would drop it silently)`, () => {
      assert.throws(() => encode(data), {
        name: 'EnvelopeError',
        message: `cannot publish to topic "orders.paid": the message is ${what}; pass a JSON value (null is allowed)`,
      });
    });
  }

  it('names the path of a BigInt, also inside arrays', () => {
    assert.throws(() => encode({ lines: [{ qty: 1 }, { qty: 2n }] }), {
      message:
        'cannot publish to topic "orders.paid": data.lines[1].qty is a BigInt, which JSON cannot hold; ' +
        'send it as a string (String(value)) or a number',
    });
  });

  it('names a circular reference', () => {
    const order: Record<string, unknown> = { id: 1 };
    order.self = order;
    assert.throws(() => encode({ order }), {
      message:
        'cannot publish to topic "orders.paid": data.order.self refers back to an enclosing object (circular structure)',
    });
  });

  it('accepts null and values with toJSON', () => {
    assert.match(encode(null), /"data":null/);
    assert.match(encode({ at: new Date(0) }), /"at":"1970-01-01T00:00:00.000Z"/);
  });
});
