/**
 * kafkajs logging for services. kafkajs' own default prints every log line as JSON at INFO, and
 * logs transient broker states (a group coordinator still loading, a leader election) as ERROR
 * although it retries them by itself; operators learn to ignore ERROR, which is worse than noise.
 * Default here: WARN and above, those transient states demoted to debug, one JSON object per line
 * on stderr. Services plug in their own logger instead.
 */
import { logCreator, LogEntry, logLevel } from 'kafkajs';

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

/**
 * What the library logs into: winston and console fit as they are (`message, fields`); for pino,
 * adapt the argument order: `{ error: (m, f) => log.error(f, m), ... }`.
 */
export interface ServiceLogger {
  error(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  info(message: string, fields: Record<string, unknown>): void;
  debug(message: string, fields: Record<string, unknown>): void;
}

export interface LoggingOptions {
  /** Where kafkajs' log lines go. Default: JSON lines on stderr. */
  logger?: ServiceLogger;
  /** Lowest level passed on. Default `warn`. */
  logLevel?: LogLevelName;
}

const LEVELS: Record<LogLevelName, logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

const NAMES = new Map<logLevel, LogLevelName>(
  Object.entries(LEVELS).map(([name, level]) => [level, name as LogLevelName]),
);

/**
 * Broker answers kafkajs retries by itself (its protocol error types). Its connection logs each
 * failed response at ERROR before retrying; only the final failure matters, and that one reaches
 * the application as a rejection or through onError.
 */
const TRANSIENT_MESSAGES = new Set([
  // The texts kafkajs 2.x logs for these broker error codes (its public error classes carry the
  // same text; kafkajs exports no table of them, and this library uses no kafkajs internals):
  'The group coordinator is not available', // 15 GROUP_COORDINATOR_NOT_AVAILABLE
  "The coordinator is loading and hence can't process requests for this group", // 14 GROUP_LOAD_IN_PROGRESS
  'This is not the correct coordinator for this group', // 16 NOT_COORDINATOR_FOR_GROUP
  'There is no leader for this topic-partition as we are in the middle of a leadership election', // 5
  'This server is not the leader for that topic-partition', // 6 NOT_LEADER_FOR_PARTITION
  'The group is rebalancing, so a rejoin is needed', // 27 REBALANCE_IN_PROGRESS
  'The group member needs to have a valid member id before actually entering a consumer group', // 79
  // 3 UNKNOWN_TOPIC_OR_PARTITION: the library looks a topic up before the first publish and
  // reports a missing one itself, once, naming it (a rejection of publish() or subscribe()).
  'This server does not host this topic-partition',
]);

/** Whether kafkajs logged a retried transient broker state. */
export function isTransientBrokerState(entry: LogEntry): boolean {
  const error = entry.log.error;
  if (entry.namespace !== 'Connection' || typeof error !== 'string') return false;
  return TRANSIENT_MESSAGES.has(error);
}

const stderrLogger: ServiceLogger = Object.fromEntries(
  (['error', 'warn', 'info', 'debug'] as const).map((level) => [
    level,
    (message: string, fields: Record<string, unknown>) =>
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level, logger: 'kafkajs', message, ...fields })}\n`,
      ),
  ]),
) as unknown as ServiceLogger;

/** kafkajs `logLevel` and `logCreator` for the options. */
export function kafkajsLogging(opts: LoggingOptions = {}): { logLevel: logLevel; logCreator: logCreator } {
  const threshold = LEVELS[opts.logLevel ?? 'warn'];
  const logger = opts.logger ?? stderrLogger;
  const logCreator: logCreator = () => (entry) => {
    const level = isTransientBrokerState(entry) ? logLevel.DEBUG : entry.level;
    if (level > threshold) return; // kafkajs levels: ERROR 1 < WARN 2 < INFO 4 < DEBUG 5
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log;
    logger[NAMES.get(level) ?? 'info'](message, { namespace: entry.namespace, ...fields });
  };
  // kafkajs drops entries below its level before they reach the creator; demotion only lowers levels.
  return { logLevel: threshold, logCreator };
}
