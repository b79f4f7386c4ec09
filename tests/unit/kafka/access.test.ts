import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessIntent, accessIntents } from '../../../kafka/access';
import { aclsFor, intentOfAcls } from '../../../kafka/acls';
import { intentOfPolicy, servicePolicy } from '../../../providers/msk/accessPolicy';
import { Service } from '../../../topics/catalog';

const CLUSTER = 'arn:aws:kafka:eu-west-1:123456789012:cluster/kafka-dev/abcd-1234-5';
const shipping: Service = {
  name: 'shipping',
  namespace: 'shop',
  produces: ['orders.shipped'],
  consumes: [
    { topic: 'orders.created', group: 'shipping' },
    { topic: 'payments.settled', group: 'shipping-payments' },
    { topic: 'orders.created', group: 'shipping' },
  ],
};

describe('access intent: the one least-privilege rule', () => {
  it('is what the catalog says a service produces, consumes and in which groups, sorted and distinct', () => {
    assert.deepEqual(accessIntent(shipping), {
      write: ['orders.shipped'],
      read: ['orders.created', 'payments.settled'],
      groups: ['shipping', 'shipping-payments'],
    });
    assert.deepEqual(Object.keys(accessIntents({ topics: [], services: [shipping] })), ['shipping']);
  });

  it('Kafka ACLs and the MSK IAM policy grant exactly the intent, read back', () => {
    const intent = accessIntent(shipping);
    assert.deepEqual(intentOfAcls(aclsFor(intent)), intent);
    assert.deepEqual(intentOfPolicy(servicePolicy(shipping, CLUSTER)), intent);
    const consumerOnly: Service = { ...shipping, produces: [] };
    assert.deepEqual(intentOfPolicy(servicePolicy(consumerOnly, CLUSTER)), accessIntent(consumerOnly));
  });

  it('a topic both produced and consumed gets each binding once (no duplicate DESCRIBE)', () => {
    const both: Service = {
      name: 'echo',
      namespace: 'shop',
      produces: ['orders'],
      consumes: [{ topic: 'orders', group: 'echo' }],
    };
    const rules = aclsFor(accessIntent(both)).map(
      (r) => `${r.resourceType} ${r.resourceName} ${r.operation}`,
    );
    assert.deepEqual(rules, [
      'TOPIC orders DESCRIBE',
      'TOPIC orders WRITE',
      'TOPIC orders READ',
      'GROUP echo READ',
    ]);
    assert.deepEqual(intentOfAcls(aclsFor(accessIntent(both))), accessIntent(both));
  });

  it('reading back refuses anything broader than an intent', () => {
    assert.throws(
      () => intentOfAcls([{ resourceType: 'TOPIC', resourceName: '*', operation: 'ALL' }]),
      /ACL ALL on TOPIC \* is more than any service needs/,
    );
    const policy = servicePolicy(shipping, CLUSTER);
    assert.throws(
      () =>
        intentOfPolicy({
          ...policy,
          Statement: [
            ...policy.Statement,
            { Sid: 'x', Effect: 'Allow', Action: ['kafka-cluster:*'], Resource: ['*'] },
          ],
        }),
      /kafka-cluster:\* is more than any service needs/,
    );
    assert.throws(
      () =>
        intentOfPolicy({
          ...policy,
          Statement: [{ Sid: 'x', Effect: 'Allow', Action: ['kafka-cluster:ReadData'], Resource: ['*'] }],
        }),
      /\* is not one topic of the cluster/,
    );
  });
});
