import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { isProducerStateLost } from '../../../client/kafkaQueue';

describe('isProducerStateLost: when the Kafka queue replaces its idempotent producer', () => {
  const protocol = (type: string) =>
    new KafkaJSProtocolError({ message: type, type, code: 45, retriable: false } as never);

  it('recognises sequence and producer-id errors, also wrapped by retries', () => {
    assert.equal(isProducerStateLost(protocol('OUT_OF_ORDER_SEQUENCE_NUMBER')), true);
    assert.equal(isProducerStateLost(protocol('UNKNOWN_PRODUCER_ID')), true);
    assert.equal(
      isProducerStateLost(
        new KafkaJSNumberOfRetriesExceeded(protocol('INVALID_PRODUCER_EPOCH'), {
          retryCount: 1,
          retryTime: 1,
        } as never),
      ),
      true,
    );
  });

  it('leaves other failures to the ordinary retry', () => {
    assert.equal(isProducerStateLost(protocol('NOT_LEADER_FOR_PARTITION')), false);
    assert.equal(isProducerStateLost(new Error('connect ECONNREFUSED')), false);
    assert.equal(isProducerStateLost(undefined), false);
  });
});
