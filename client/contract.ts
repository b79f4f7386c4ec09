/**
 * The environment contract between the Pulumi program (which writes these variables into each
 * service's ConfigMap and Secret, and into the Compose env files) and the service-side library
 * (which reads them). Defined once here so the two sides cannot drift.
 */
export const ENV = {
  /** Comma-separated bootstrap servers, e.g. `b-1.x.kafka.eu-west-1.amazonaws.com:9098`. */
  brokerUrl: 'KAFKA_BROKER_URL',
  /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
  securityProtocol: 'KAFKA_SECURITY_PROTOCOL',
  /** PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER; empty without SASL. */
  saslMechanism: 'KAFKA_SASL_MECHANISM',
  /** SASL user name (Secret). */
  saslUsername: 'KAFKA_SASL_USERNAME',
  /** SASL password (Secret). */
  saslPassword: 'KAFKA_SASL_PASSWORD',
  /** How OAUTHBEARER tokens are obtained: `aws-msk-iam`, `azure-entra` or `gcp`. */
  oauthProvider: 'KAFKA_OAUTH_PROVIDER',
  /** PEM of a private CA to trust (local clusters with self-made certificates). */
  sslCaPem: 'KAFKA_SSL_CA_PEM',
  /** Kafka client id; the service name. */
  clientId: 'KAFKA_CLIENT_ID',
  /** Comma-separated topics the service may produce to. */
  produces: 'KAFKA_PRODUCES',
  /** Comma-separated topics the service consumes. */
  consumes: 'KAFKA_CONSUMES',
  /** The consumer group, when all of the service's consumers share one (the usual case). */
  consumerGroup: 'KAFKA_CONSUMER_GROUP',
  /** Comma-separated `topic=group` pairs, for services with several groups. */
  consumerGroups: 'KAFKA_CONSUMER_GROUPS',
  /**
   * Comma-separated `topic=deadLetterTopic` pairs (catalog `deadLetter`): where the service's
   * consumer puts a record after its attempt limit; the service may produce there.
   */
  deadLetterTopics: 'KAFKA_DEAD_LETTER_TOPICS',
  /** AWS region, for signing MSK IAM tokens. */
  awsRegion: 'AWS_REGION',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

/** The protocol a client speaks, from whether it uses TLS and SASL. */
export function securityProtocolFor(tls: boolean, sasl: boolean): SecurityProtocol {
  if (tls) return sasl ? 'SASL_SSL' : 'SSL';
  return sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
}

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export const OAUTH_PROVIDERS = ['aws-msk-iam', 'azure-entra', 'gcp'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];
