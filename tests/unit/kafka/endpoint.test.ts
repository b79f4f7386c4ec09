import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHostPort, PASSWORD_MECHANISMS, sendsPasswordInClear } from '../../../kafka/endpoint';

describe('endpoint rules shared by kafka:local, kafka:migration and the cluster CLIs', () => {
  it('a broker is host:port, no scheme, no empty host', () => {
    for (const ok of ['localhost:19092', 'b-1.x.kafka.eu-west-1.amazonaws.com:9098', '10.0.0.1:9092']) {
      assert.ok(isHostPort(ok), ok);
    }
    for (const bad of ['localhost', 'PLAINTEXT://a:9092', ':9092', 'a:', 'a:123456', 'a b:1']) {
      assert.ok(!isHostPort(bad), bad);
    }
  });

  it('only PLAIN sends the password in clear text', () => {
    assert.deepEqual(
      PASSWORD_MECHANISMS.filter((m) => sendsPasswordInClear(m)),
      ['plain'],
    );
  });
});
