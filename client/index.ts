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
export { ValidationError, formatProblems } from './problems';
export type { Problem } from './problems';
export { cachedToken } from './tokens';
export type { CacheOptions, OAuthToken, TokenSources } from './tokens';
export { COMPRESSIONS, registerCompressionCodecs } from './compression';
export type { Compression } from './compression';
export { kafkajsLogging } from './logging';
export type { LoggingOptions, LogLevelName, ServiceLogger } from './logging';
export * from './envelope';
export * from './messageQueue';
export {
  ConsumerCrashedError,
  DeliveryTimeoutError,
  ProducerBufferFullError,
  KafkaMessageQueue,
  KafkaQueueOptions,
  kafkaQueueFromEnv,
  KafkaQueueFromEnvOptions,
} from './kafkaQueue';
export { SqsMessageQueue } from './sqsQueue';
export type { SqsQueueOptions } from './sqsQueue';
export * from './dualWrite';
export { SpoolFullError } from './spool';
export type { SpoolOptions, SpoolRecovery } from './spool';
export { SpoolLockedError } from './spoolLock';
export * from './deadLetter';
export * from './dedup';
export * from './shadow';
export * from './phases';
