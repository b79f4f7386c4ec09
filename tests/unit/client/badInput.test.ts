import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../config/problems';
import { parseKafkaEnv } from '../../../client/config';

/** Each row: a service env and the exact problem lines the service must see, all at once. */
interface EnvCase {
  name: string;
  env: Record<string, string>;
  expected: string[];
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const PASSWORD = 'pa55-w0rd-never-shown';
const sslScram = {
  KAFKA_BROKER_URL: 'broker:9096',
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_SASL_USERNAME: 'svc',
  KAFKA_SASL_PASSWORD: PASSWORD,
};

const CASES: EnvCase[] = [
  {
    name: 'no broker url',
    env: {},
    expected: ['KAFKA_BROKER_URL: is required: comma-separated host:port bootstrap servers'],
  },
  {
    name: 'broker url with a scheme and a bad port',
    env: { KAFKA_BROKER_URL: 'kafka://a:9092,b:99999,c:9092' },
    expected: [
      'KAFKA_BROKER_URL: "kafka://a:9092" is not host:port (no scheme, port 1-65535)',
      'KAFKA_BROKER_URL: "b:99999" is not host:port (no scheme, port 1-65535)',
    ],
  },
  {
    name: 'broker url of commas only',
    env: { KAFKA_BROKER_URL: ' , ' },
    expected: ['KAFKA_BROKER_URL: lists no bootstrap servers'],
  },
  {
    name: 'unknown security protocol',
    env: { KAFKA_BROKER_URL: 'b:9092', KAFKA_SECURITY_PROTOCOL: 'TLS' },
    expected: ['KAFKA_SECURITY_PROTOCOL: "TLS" is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL'],
  },
  {
    name: 'SASL without a mechanism',
    env: { KAFKA_BROKER_URL: 'b:9096', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' },
    expected: [
      'KAFKA_SASL_MECHANISM: is required when KAFKA_SECURITY_PROTOCOL is SASL_SSL (one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER)',
    ],
  },
  {
    name: 'unknown mechanism',
    env: { ...sslScram, KAFKA_SASL_MECHANISM: 'GSSAPI' },
    expected: [
      'KAFKA_SASL_MECHANISM: "GSSAPI" is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER',
    ],
  },
  {
    name: 'mechanism and credentials without SASL',
    env: { ...sslScram, KAFKA_SECURITY_PROTOCOL: 'SSL' },
    expected: [
      'KAFKA_SASL_MECHANISM: is set but KAFKA_SECURITY_PROTOCOL is SSL; SASL needs SASL_SSL or SASL_PLAINTEXT',
      'KAFKA_SASL_USERNAME: is set but KAFKA_SECURITY_PROTOCOL is SSL; SASL needs SASL_SSL or SASL_PLAINTEXT',
      'KAFKA_SASL_PASSWORD: is set but KAFKA_SECURITY_PROTOCOL is SSL; SASL needs SASL_SSL or SASL_PLAINTEXT',
    ],
  },
  {
    name: 'mechanism with the protocol left to its default',
    env: { KAFKA_BROKER_URL: 'b:9092', KAFKA_SASL_MECHANISM: 'PLAIN' },
    expected: [
      'KAFKA_SASL_MECHANISM: is set but KAFKA_SECURITY_PROTOCOL is PLAINTEXT (the default); SASL needs SASL_SSL or SASL_PLAINTEXT',
    ],
  },
  {
    name: 'PLAIN without TLS',
    env: { ...sslScram, KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_MECHANISM: 'PLAIN' },
    expected: [
      'KAFKA_SASL_MECHANISM: PLAIN sends the password in clear text; it needs KAFKA_SECURITY_PROTOCOL=SASL_SSL, not SASL_PLAINTEXT',
    ],
  },
  {
    name: 'missing password and user name',
    env: {
      KAFKA_BROKER_URL: 'b:9096',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
    },
    expected: [
      'KAFKA_SASL_USERNAME: is required for SCRAM-SHA-256',
      'KAFKA_SASL_PASSWORD: is required for SCRAM-SHA-256',
    ],
  },
  {
    name: 'oauth provider with a password mechanism',
    env: { ...sslScram, KAFKA_OAUTH_PROVIDER: 'aws-msk-iam' },
    expected: ['KAFKA_OAUTH_PROVIDER: is set but KAFKA_SASL_MECHANISM is SCRAM-SHA-512, not OAUTHBEARER'],
  },
  {
    name: 'OAUTHBEARER without a provider',
    env: {
      KAFKA_BROKER_URL: 'b:9098',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
    },
    expected: [
      'KAFKA_OAUTH_PROVIDER: is required when KAFKA_SASL_MECHANISM is OAUTHBEARER (one of aws-msk-iam, azure-entra, gcp)',
    ],
  },
  {
    name: 'unknown oauth provider',
    env: {
      KAFKA_BROKER_URL: 'b:9098',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
      KAFKA_OAUTH_PROVIDER: 'oci',
    },
    expected: ['KAFKA_OAUTH_PROVIDER: "oci" is not one of aws-msk-iam, azure-entra, gcp'],
  },
  {
    name: 'OAUTHBEARER over SASL_PLAINTEXT with a leftover password',
    env: {
      KAFKA_BROKER_URL: 'b-1.c.kafka.eu-west-1.amazonaws.com:9098',
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
      KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
      KAFKA_OAUTH_PROVIDER: 'aws-msk-iam',
      KAFKA_SASL_PASSWORD: PASSWORD,
    },
    expected: [
      'KAFKA_SASL_PASSWORD: is set but OAUTHBEARER does not use it; remove it so no stale credential lingers',
      'KAFKA_SECURITY_PROTOCOL: OAUTHBEARER tokens need SASL_SSL, not SASL_PLAINTEXT',
    ],
  },
  {
    name: 'MSK IAM without a region anywhere',
    env: {
      KAFKA_BROKER_URL: 'kafka.internal:9098',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
      KAFKA_OAUTH_PROVIDER: 'aws-msk-iam',
    },
    expected: [
      'AWS_REGION: is required for MSK IAM when the region cannot be read from the broker host names',
    ],
  },
  {
    name: 'MSK IAM region disagreeing with the brokers',
    env: {
      KAFKA_BROKER_URL: 'b-1.c.abc.c2.kafka.eu-west-1.amazonaws.com:9098',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
      AWS_REGION: 'us-east-1',
    },
    expected: [
      'AWS_REGION: "us-east-1" differs from the brokers\' region "eu-west-1"; MSK would refuse the token',
    ],
  },
  {
    name: 'Event Hubs SAS with the wrong user name',
    env: {
      KAFKA_BROKER_URL: 'ns.servicebus.windows.net:9093',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: 'ns',
      KAFKA_SASL_PASSWORD: PASSWORD,
    },
    expected: [
      'KAFKA_SASL_USERNAME: must be $ConnectionString for Event Hubs SAS authentication (the password is the connection string)',
    ],
  },
  {
    name: 'Event Hubs with SCRAM',
    env: { ...sslScram, KAFKA_BROKER_URL: 'ns.servicebus.windows.net:9093' },
    expected: [
      'KAFKA_SASL_MECHANISM: Event Hubs accepts PLAIN (SAS) or OAUTHBEARER (Entra ID), not SCRAM-SHA-512',
    ],
  },
  {
    name: 'Entra with brokers in two namespaces',
    env: {
      KAFKA_BROKER_URL: 'a.servicebus.windows.net:9093,b.servicebus.windows.net:9093',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
      KAFKA_OAUTH_PROVIDER: 'azure-entra',
    },
    expected: [
      'KAFKA_BROKER_URL: azure-entra needs one Event Hubs namespace host, got "a.servicebus.windows.net,b.servicebus.windows.net"',
    ],
  },
  {
    name: 'CA that is not PEM, on a plaintext connection',
    env: { KAFKA_BROKER_URL: 'b:9092', KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT', KAFKA_SSL_CA_PEM: 'not a cert' },
    expected: [
      'KAFKA_SSL_CA_PEM: must hold a PEM certificate (-----BEGIN CERTIFICATE----- ...)',
      'KAFKA_SSL_CA_PEM: is set but KAFKA_SECURITY_PROTOCOL is PLAINTEXT, which does not use TLS',
    ],
  },
  {
    name: 'malformed consumer group pairs',
    env: { KAFKA_BROKER_URL: 'b:9092', KAFKA_CONSUMER_GROUPS: 'a=g1,b,c=g=x' },
    expected: [
      'KAFKA_CONSUMER_GROUPS: "b" is not a topic=group pair',
      'KAFKA_CONSUMER_GROUPS: "c=g=x" is not a topic=group pair',
    ],
  },
  {
    name: 'malformed dead-letter topic pairs',
    env: { KAFKA_BROKER_URL: 'b:9092', KAFKA_DEAD_LETTER_TOPICS: 'a=a.dlq,b' },
    expected: ['KAFKA_DEAD_LETTER_TOPICS: "b" is not a topic=deadLetterTopic pair'],
  },
];

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseKafkaEnv(env);
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err.problems.map((p) => `${p.where}: ${p.message}`);
  }
  return [];
}

describe('service Kafka env: bad input', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const problems = problemsOf(c.env);
      assert.deepEqual(problems, c.expected);
      assert.ok(!problems.join('\n').includes(PASSWORD), 'passwords never appear in messages');
    });
  }

  it('reports problems of different variables in one error', () => {
    const problems = problemsOf({
      KAFKA_BROKER_URL: 'http://b',
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_CONSUMER_GROUPS: 'x',
    });
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      [
        'KAFKA_BROKER_URL',
        'KAFKA_SASL_MECHANISM',
        'KAFKA_SASL_USERNAME',
        'KAFKA_SASL_PASSWORD',
        'KAFKA_CONSUMER_GROUPS',
      ],
    );
  });

  it('accepts the PEM CA on SASL_SSL', () => {
    assert.deepEqual(problemsOf({ ...sslScram, KAFKA_SSL_CA_PEM: PEM }), []);
  });
});
