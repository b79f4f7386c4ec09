/** The service-side library: Kafka config from the platform's env, and the MessageQueue for the SQS → Kafka migration. */
export * from './contract';
export {
  Env,
  groupFor,
  KafkaAuth,
  kafkaConfigFor,
  kafkaConfigFromEnv,
  KafkaConfigOptions,
  KafkaEnv,
  parseKafkaEnv,
} from './config';
export { cachedToken } from './tokens';
export type { CacheOptions, OAuthToken, TokenSources } from './tokens';
export * from './envelope';
export * from './messageQueue';
export {
  KafkaMessageQueue,
  KafkaQueueOptions,
  kafkaQueueFromEnv,
  KafkaQueueFromEnvOptions,
} from './kafkaQueue';
export { SqsMessageQueue } from './sqsQueue';
export type { SqsQueueOptions } from './sqsQueue';
export * from './dualWrite';
export * from './dedup';
export * from './shadow';
export * from './phases';
