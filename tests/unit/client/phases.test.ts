import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DualWriteMessageQueue } from '../../../client/dualWrite';
import { KafkaMessageQueue } from '../../../client/kafkaQueue';
import { EnvelopeQueue } from '../../../client/messageQueue';
import { parseQueueMode, queueForMode } from '../../../client/phases';
import { SqsMessageQueue } from '../../../client/sqsQueue';

describe('migration phases as one setting', () => {
  it('parses MESSAGE_QUEUE_MODE, defaulting to phase 1 (sqs)', () => {
    assert.equal(parseQueueMode(undefined), 'sqs');
    assert.equal(parseQueueMode(' sqs+kafka '), 'sqs+kafka');
    assert.throws(
      () => parseQueueMode('kafka-only'),
      /MESSAGE_QUEUE_MODE: "kafka-only" is not one of sqs, sqs\+kafka, kafka\+sqs, kafka/,
    );
  });

  it('builds only the queues a mode needs, primary first', () => {
    const built: string[] = [];
    // Constructing these opens no connection; nothing is sent in this test.
    const sqs = (): EnvelopeQueue => {
      built.push('sqs');
      return new SqsMessageQueue({
        client: new SQSClient({ region: 'us-east-1' }),
        queues: {},
        source: 'svc',
      });
    };
    const kafka = (): EnvelopeQueue => {
      built.push('kafka');
      return new KafkaMessageQueue({ kafka: { brokers: ['127.0.0.1:9'] }, source: 'svc' });
    };
    const opts = { sqs, kafka, source: 'svc', onDropped: () => undefined };
    assert.ok(queueForMode('sqs', opts) instanceof SqsMessageQueue);
    assert.ok(queueForMode('kafka', opts) instanceof KafkaMessageQueue);
    assert.deepEqual(built, ['sqs', 'kafka']);
    built.length = 0;
    assert.ok(queueForMode('sqs+kafka', opts) instanceof DualWriteMessageQueue);
    assert.deepEqual(built, ['sqs', 'kafka']);
    built.length = 0;
    queueForMode('kafka+sqs', opts);
    assert.deepEqual(built, ['kafka', 'sqs']);
  });
});
