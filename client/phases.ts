import { DualWriteMessageQueue, DualWriteOptions } from './dualWrite';
import { EnvelopeQueue, MessageQueue } from './messageQueue';

/**
 * Where publishes go, written primary first (seed 004's phases as one setting):
 * - `sqs`: phase 1, the abstraction in place, SQS only.
 * - `sqs+kafka`: phases 2-3, SQS is the system of record, Kafka is filled by dual-write.
 * - `kafka+sqs`: phase 4 rollback window, Kafka is the system of record, SQS still filled.
 * - `kafka`: after the rollback window, Kafka only.
 */
export const QUEUE_MODES = ['sqs', 'sqs+kafka', 'kafka+sqs', 'kafka'] as const;
export type QueueMode = (typeof QUEUE_MODES)[number];

/** The env variable a service can use to pick its mode; not written by the platform program. */
export const QUEUE_MODE_ENV = 'MESSAGE_QUEUE_MODE';

export function parseQueueMode(raw: string | undefined): QueueMode {
  const value = raw?.trim() || 'sqs';
  if (!(QUEUE_MODES as readonly string[]).includes(value)) {
    throw new Error(`${QUEUE_MODE_ENV}: ${JSON.stringify(raw)} is not one of ${QUEUE_MODES.join(', ')}`);
  }
  return value as QueueMode;
}

export interface QueueForModeOptions extends Omit<DualWriteOptions, 'primary' | 'secondary'> {
  /** Built lazily, so `kafka` mode needs no SQS client and `sqs` mode no Kafka config. */
  sqs: () => EnvelopeQueue;
  kafka: () => EnvelopeQueue;
}

/** The MessageQueue for a mode; services keep calling publish/subscribe unchanged across phases. */
export function queueForMode(mode: QueueMode, opts: QueueForModeOptions): MessageQueue {
  const { sqs, kafka, ...dual } = opts;
  switch (mode) {
    case 'sqs':
      return sqs();
    case 'kafka':
      return kafka();
    case 'sqs+kafka':
      return new DualWriteMessageQueue({ ...dual, primary: sqs(), secondary: kafka() });
    case 'kafka+sqs':
      return new DualWriteMessageQueue({ ...dual, primary: kafka(), secondary: sqs() });
  }
}
