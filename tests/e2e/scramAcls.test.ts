import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import {
  Admin,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
} from 'kafkajs';
import { aclKey, describeAcls } from '../../kafka/admin/aclOps';
import { KafkaAcls } from '../../kafka/admin/kafkaAcls';
import { principalOf, serviceAcls } from '../../kafka/acls';
import { observerAdmin, saslAdminConnection } from '../harness/clients';
import { Engine, startEngine } from '../harness/engine';
import { RunningKafka, startKafka } from '../harness/kafka';

/**
 * The ACL resource that MSK's SCRAM mode registers (kafka:msk.manageAcls), run by the real engine
 * against a real SASL_SSL broker with the StandardAuthorizer. The MSK cluster around it needs the
 * AWS plugin, which cannot be built here, so a small inline program registers the resource the
 * way MskAcls does: a secret connection carrying the admin's password.
 */
describe('SCRAM ACLs under the real Pulumi engine', { timeout: 600_000 }, () => {
  let kafka: RunningKafka;
  let observer: Admin;
  let engine: Engine;
  const service = {
    name: 'orders',
    namespace: 'shop',
    produces: ['orders.placed'],
    consumes: [{ topic: 'payments.settled', group: 'orders' }],
  };
  const principal = principalOf(service.name);
  const liveKeys = async () => (await describeAcls(observer, principal)).map(aclKey).sort();

  before(async () => {
    kafka = await startKafka({ sasl: true });
    observer = await observerAdmin(kafka);
    engine = await startEngine();
  });

  after(async () => {
    await engine?.close();
    await observer?.disconnect();
    await kafka?.stop();
  });

  it('creates, converges, notices an ACL removed by hand on refresh, restores it, and deletes only its own', async () => {
    const bindings = serviceAcls(service);
    const stack = await engine.newInlineStack('acls', async () => {
      new KafkaAcls('orders', {
        principal,
        bindings,
        connection: pulumi.secret(saslAdminConnection(kafka)),
      });
    });
    const quiet = { color: 'never' as const, onOutput: () => undefined };

    await stack.up(quiet);
    assert.deepEqual(await liveKeys(), bindings.map(aclKey).sort());
    const preview = await stack.preview(quiet);
    assert.deepEqual(Object.keys(preview.changeSummary), ['same']);

    // Someone removes the service's READ on its group, and adds an unrelated rule for it.
    const entry = (resourceType: number, resourceName: string, operation: number) => ({
      resourceType,
      resourceName,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    });
    await observer.deleteAcls({ filters: [entry(AclResourceTypes.GROUP, 'orders', AclOperationTypes.READ)] });
    await observer.createAcls({ acl: [entry(AclResourceTypes.TOPIC, 'audit', AclOperationTypes.READ)] });

    const refresh = await stack.refresh(quiet);
    assert.equal(refresh.summary.resourceChanges?.update, 1);
    await stack.up(quiet);
    assert.deepEqual(await liveKeys(), [...bindings.map(aclKey), 'TOPIC:audit:READ'].sort());
    assert.ok(
      !engine.exportText(stack).includes(kafka.admin.password),
      'admin password in pulumi stack export',
    );

    await stack.destroy(quiet);
    assert.deepEqual(await liveKeys(), ['TOPIC:audit:READ'], 'only the rule it did not make is left');
  });
});
