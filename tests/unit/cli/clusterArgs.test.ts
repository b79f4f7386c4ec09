import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterArgValues, connectionFromArgs } from '../../../cli/clusterArgs';

const env = { KAFKA_PW: 's3cret' };
const noFile = (file: string): string => {
  if (file === 'ca.pem') return 'PEM';
  throw new Error('ENOENT');
};

describe('connectionFromArgs', () => {
  it('plain brokers', () => {
    assert.deepEqual(connectionFromArgs({ brokers: 'a:9092,b:9092' }, env), {
      connection: { brokers: ['a:9092', 'b:9092'], tls: false, connectTimeoutMs: 10000 },
      problems: [],
    });
  });

  it('SCRAM over TLS with a private CA, password from the environment', () => {
    const { connection } = connectionFromArgs(
      {
        brokers: 'a:9096',
        tls: true,
        'ca-file': 'ca.pem',
        'sasl-mechanism': 'scram-sha-512',
        username: 'u',
        'password-env': 'KAFKA_PW',
        'connect-timeout-ms': '2000',
      },
      env,
      noFile,
    );
    assert.deepEqual(connection, {
      brokers: ['a:9096'],
      tls: true,
      caPem: 'PEM',
      connectTimeoutMs: 2000,
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 's3cret' },
    });
  });

  const bad: [string, ClusterArgValues, string[]][] = [
    ['no brokers', {}, ['--brokers is required, e.g. --brokers localhost:19092']],
    ['broker without port', { brokers: 'a' }, ['--brokers: "a" is not host:port']],
    [
      'bad timeout',
      { brokers: 'a:1', 'connect-timeout-ms': '5' },
      ['--connect-timeout-ms: "5" must be a whole number from 500 to 300000'],
    ],
    [
      'unknown mechanism, no user, no password variable',
      { brokers: 'a:1', 'sasl-mechanism': 'gssapi' },
      [
        '--sasl-mechanism: "gssapi" is not one of plain, scram-sha-256, scram-sha-512',
        '--username is required with --sasl-mechanism',
        '--password-env VAR is required with --sasl-mechanism (the password is read from $VAR)',
      ],
    ],
    [
      'PLAIN without TLS',
      { brokers: 'a:1', 'sasl-mechanism': 'plain', username: 'u', 'password-env': 'KAFKA_PW' },
      ['--sasl-mechanism plain sends the password in clear text: add --tls'],
    ],
    [
      'password variable not set',
      { brokers: 'a:1', 'sasl-mechanism': 'scram-sha-256', username: 'u', 'password-env': 'NOPE' },
      ['--password-env: environment variable NOPE is not set or empty'],
    ],
    [
      'user without mechanism',
      { brokers: 'a:1', username: 'u' },
      ['--username and --password-env need --sasl-mechanism'],
    ],
    [
      'CA file without TLS, unreadable',
      { brokers: 'a:1', 'ca-file': 'missing.pem' },
      ['--ca-file only applies with --tls', '--ca-file: cannot read "missing.pem"'],
    ],
  ];
  for (const [name, values, expected] of bad) {
    it(`refuses: ${name}`, () => {
      const result = connectionFromArgs(values, env, noFile);
      assert.equal(result.connection, undefined);
      assert.deepEqual(result.problems, expected);
    });
  }
});
