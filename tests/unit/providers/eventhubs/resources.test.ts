/**
 * The Event Hubs backend under the Pulumi SDK's mock runtime, through the real program: what it
 * registers for each rule (namespace, network, topics, access per service, alerts, protection),
 * checked on the registered inputs. No Azure: docs/eventhubs.md says what only a subscription shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { ROLES } from '../../../../providers/eventhubs/limits';
import { MOCK_SAS_KEY } from '../../../../providers/eventhubs/mocks';
import { resourcesOfType } from '../../../harness/plan';
import { children, ISSUER, one, stackConfig, SUBSCRIPTION, synthesize, T } from './helpers';

const ACCESS = 'kafka-platform:eventhubs:ServiceAccess';
const NS_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-kafka-dev/providers/Microsoft.EventHub/namespaces/contoso-kafka-dev`;
const roleId = (guid: string) =>
  `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe('Event Hubs namespace', () => {
  it('Standard by default: TLS 1.2, Kafka on, SAS off in Entra mode, zone redundant, in the configured subscription', async () => {
    const { plan } = await synthesize(stackConfig({}));
    const provider = one(plan, T.provider);
    assert.equal(provider.inputs.subscriptionId, SUBSCRIPTION);
    const ns = one(plan, T.namespace);
    assert.equal(ns.provider, `${T.provider}::eventhubs`, 'through the explicit provider');
    assert.deepEqual(ns.inputs.sku, { name: 'Standard', tier: 'Standard', capacity: 1 });
    assert.equal(ns.inputs.minimumTlsVersion, '1.2');
    assert.equal(ns.inputs.kafkaEnabled, true);
    assert.equal(ns.inputs.disableLocalAuth, true);
    assert.equal(ns.inputs.zoneRedundant, true);
    assert.equal(ns.inputs.isAutoInflateEnabled, false);
    assert.equal(ns.inputs.clusterArmId, undefined);
    assert.deepEqual(ns.inputs.tags, { project: 'kafka-platform', stack: 'dev', owner: 'platform-team' });
    const group = one(plan, T.group);
    assert.equal(group.inputs.resourceGroupName, 'rg-kafka-dev');
    assert.equal(group.inputs.location, 'westeurope');
  });

  it('waits for the guard: nothing of the namespace is touched before it passes', async () => {
    const { plan } = await synthesize(stackConfig({}));
    const guard = one(plan, T.guard);
    assert.deepEqual(guard.inputs.partitions, {
      'customers.latest': 2,
      'orders.created': 6,
      'orders.shipped': 3,
    });
    assert.equal(guard.inputs.namespace, 'rg-kafka-dev/contoso-kafka-dev');
    assert.equal(guard.inputs.partitionsGrow, false, 'Standard fixes partitions');
    for (const type of [T.group, T.namespace]) {
      assert.ok(one(plan, type).dependsOn.includes(`${T.guard}::eventhubs`), `${type} depends on the guard`);
    }
  });

  it('auto-inflate up to the maximum on Standard; Premium processing units; SAS left on in sas mode', async () => {
    const standard = one(
      (await synthesize(stackConfig({ capacity: 2, maxThroughputUnits: 8 }))).plan,
      T.namespace,
    );
    assert.equal(standard.inputs.isAutoInflateEnabled, true);
    assert.equal(standard.inputs.maximumThroughputUnits, 8);
    const premium = one(
      (
        await synthesize(
          stackConfig({ tier: 'Premium', capacity: 4, authMode: 'sas', oidcIssuer: undefined }),
        )
      ).plan,
      T.namespace,
    );
    assert.deepEqual(premium.inputs.sku, { name: 'Premium', tier: 'Premium', capacity: 4 });
    assert.equal(premium.inputs.isAutoInflateEnabled, undefined);
    assert.equal(premium.inputs.disableLocalAuth, false);
  });

  it('a Dedicated namespace is placed in its cluster, with no zone or capacity of its own', async () => {
    const cluster = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-c/providers/Microsoft.EventHub/clusters/dedicated1`;
    const ns = one(
      (await synthesize(stackConfig({ tier: 'Dedicated', dedicatedClusterId: cluster }))).plan,
      T.namespace,
    );
    assert.equal(ns.inputs.clusterArmId, cluster);
    assert.deepEqual(ns.inputs.sku, { name: 'Standard', tier: 'Standard', capacity: 1 });
    assert.equal(ns.inputs.zoneRedundant, undefined);
  });

  it('an existing resource group is used by name, never created', async () => {
    const { plan } = await synthesize(
      stackConfig({ resourceGroup: { name: 'rg-landing-zone', create: false } }),
    );
    assert.equal(resourcesOfType(plan, T.group).length, 0);
    assert.equal(one(plan, T.namespace).inputs.resourceGroupName, 'rg-landing-zone');
    for (const type of [T.identity, T.actionGroup]) {
      for (const r of resourcesOfType(plan, type)) {
        assert.ok(r.dependsOn.includes(`${T.guard}::eventhubs`), `${type} ${r.name} waits for the guard`);
      }
    }
  });

  it('public endpoint: every network by default, only the IP rules once given', async () => {
    const open = one((await synthesize(stackConfig({}))).plan, T.network);
    assert.equal(open.inputs.publicNetworkAccess, 'Enabled');
    assert.equal(open.inputs.defaultAction, 'Allow');
    assert.deepEqual(open.inputs.ipRules, []);
    const ruled = await synthesize(stackConfig({ network: { ipRules: ['20.50.10.0/24', '51.104.30.17'] } }));
    const rules = one(ruled.plan, T.network);
    assert.equal(rules.inputs.defaultAction, 'Deny');
    assert.deepEqual(rules.inputs.ipRules, [
      { ipMask: '20.50.10.0/24', action: 'Allow' },
      { ipMask: '51.104.30.17', action: 'Allow' },
    ]);
    assert.equal(rules.inputs.trustedServiceAccessEnabled, false);
    assert.equal(resourcesOfType(ruled.plan, T.endpoint).length, 0);
  });

  it('a private endpoint closes the public one and registers DNS for it', async () => {
    const subnetId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/snet-pe`;
    const { plan } = await synthesize(stackConfig({ network: { privateEndpoint: { subnetId } } }));
    assert.equal(one(plan, T.namespace).inputs.publicNetworkAccess, 'Disabled');
    const network = one(plan, T.network);
    assert.equal(network.inputs.publicNetworkAccess, 'Disabled');
    assert.equal(network.inputs.defaultAction, 'Deny');
    const endpoint = one(plan, T.endpoint);
    assert.equal((endpoint.inputs.subnet as { id: string }).id, subnetId);
    assert.deepEqual(endpoint.inputs.privateLinkServiceConnections, [
      { name: 'namespace', privateLinkServiceId: NS_ID, groupIds: ['namespace'] },
    ]);
    assert.equal(one(plan, T.zone).inputs.privateZoneName, 'privatelink.servicebus.windows.net');
    const link = one(plan, T.link);
    assert.deepEqual(link.inputs.virtualNetwork, {
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks`,
    });
    assert.equal(link.inputs.registrationEnabled, false);
    const zoneGroup = one(plan, T.zoneGroup);
    assert.match(
      String((zoneGroup.inputs.privateDnsZoneConfigs as { privateDnsZoneId: string }[])[0]!.privateDnsZoneId),
      /privateDnsZones\/privatelink\.servicebus\.windows\.net$/,
    );

    const zoneId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net`;
    const central = await synthesize(
      stackConfig({
        network: { privateEndpoint: { subnetId, privateDnsZoneId: zoneId }, publicAccess: true },
      }),
    );
    assert.equal(resourcesOfType(central.plan, T.zone).length, 0, 'an existing zone is used, not created');
    assert.deepEqual(one(central.plan, T.zoneGroup).inputs.privateDnsZoneConfigs, [
      { name: 'servicebus', privateDnsZoneId: zoneId },
    ]);
    assert.equal(one(central.plan, T.namespace).inputs.publicNetworkAccess, 'Enabled');
  });

  it('places the private endpoint in its VNet’s region, the namespace’s by default', async () => {
    const subnetId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/snet-pe`;
    const same = await synthesize(stackConfig({ network: { privateEndpoint: { subnetId } } }));
    assert.equal(one(same.plan, T.endpoint).inputs.location, 'westeurope');
    const other = await synthesize(
      stackConfig({ network: { privateEndpoint: { subnetId, location: 'northeurope' } } }),
    );
    assert.equal(one(other.plan, T.endpoint).inputs.location, 'northeurope');
    assert.equal(one(other.plan, T.namespace).inputs.location, 'westeurope');
  });
});

describe('Event Hubs workbook', () => {
  it('names its source namespace in lower case, as Azure returns it (mixed case shows as drift on refresh)', async () => {
    const { plan } = await synthesize(stackConfig({}));
    const workbook = one(plan, 'azure-native:applicationinsights:Workbook');
    assert.equal(workbook.inputs.sourceId, NS_ID.toLowerCase());
  });
});

describe('Event Hubs topics', () => {
  it('one event hub per topic: partitions, retention in hours, compaction with tombstone hours', async () => {
    const { plan } = await synthesize(stackConfig({}));
    const hubs = Object.fromEntries(resourcesOfType(plan, T.hub).map((h) => [h.name, h]));
    assert.deepEqual(Object.keys(hubs).sort(), ['customers.latest', 'orders.created', 'orders.shipped']);
    assert.equal(hubs['orders.created']!.inputs.partitionCount, 6);
    assert.deepEqual(hubs['orders.created']!.inputs.retentionDescription, {
      cleanupPolicy: 'Delete',
      retentionTimeInHours: 24,
    });
    assert.deepEqual(hubs['orders.shipped']!.inputs.retentionDescription, {
      cleanupPolicy: 'Delete',
      retentionTimeInHours: 168,
    });
    assert.deepEqual(hubs['customers.latest']!.inputs.retentionDescription, {
      cleanupPolicy: 'Compact',
      tombstoneRetentionTimeInHours: 2,
    });
    for (const h of Object.values(hubs)) {
      assert.equal(h.inputs.namespaceName, 'contoso-kafka-dev');
      assert.equal(h.protect, false, 'dev is not protected');
      assert.equal(h.retainOnDelete, true, 'removed topics are forgotten, not deleted');
    }
  });

  it('production: namespace, resource group and event hubs protected', async () => {
    const { plan } = await synthesize(stackConfig({}), 'prod');
    for (const type of [T.namespace, T.group]) assert.equal(one(plan, type).protect, true, type);
    for (const h of resourcesOfType(plan, T.hub)) {
      assert.equal(h.protect, true, h.name);
      assert.equal(h.retainOnDelete, true, h.name);
    }
  });

  it('kafka:allowTopicDeletion lets removed topics be deleted', async () => {
    const { plan } = await synthesize(stackConfig({}, { 'kafka:allowTopicDeletion': true }));
    for (const h of resourcesOfType(plan, T.hub)) assert.equal(h.retainOnDelete, false, h.name);
    assert.equal(one(plan, T.guard).inputs.allowTopicDeletion, true);
  });
});

describe('Event Hubs access with Entra ID (default)', () => {
  it('one identity per service, trusted only by its ServiceAccount through the AKS issuer', async () => {
    const { plan } = await synthesize(stackConfig({}));
    const identities = resourcesOfType(plan, T.identity);
    assert.deepEqual(identities.map((i) => i.inputs.resourceName).sort(), [
      'id-contoso-kafka-dev-checkout',
      'id-contoso-kafka-dev-ledger',
      'id-contoso-kafka-dev-shipping',
    ]);
    const subjects = Object.fromEntries(
      resourcesOfType(plan, T.federated).map((f) => [f.parent, f.inputs]),
    ) as Record<string, Record<string, unknown>>;
    assert.deepEqual(
      Object.entries(subjects)
        .map(([parent, f]) => [parent, f.subject, f.issuer, f.audiences])
        .sort(),
      [
        [
          `${ACCESS}::checkout`,
          'system:serviceaccount:shop:checkout',
          ISSUER,
          ['api://AzureADTokenExchange'],
        ],
        [`${ACCESS}::ledger`, 'system:serviceaccount:finance:ledger', ISSUER, ['api://AzureADTokenExchange']],
        [
          `${ACCESS}::shipping`,
          'system:serviceaccount:shop:shipping-sa',
          ISSUER,
          ['api://AzureADTokenExchange'],
        ],
      ],
    );
  });

  it('Data Sender on each produced event hub, Data Receiver on each consumed one: nothing else, nowhere else', async () => {
    const { plan } = await synthesize(stackConfig({}));
    const hubId = (topic: string) => `${NS_ID}/eventhubs/${topic}`;
    const grants = resourcesOfType(plan, T.role)
      .map((r) => [
        r.parent!.slice(ACCESS.length + 2),
        r.inputs.roleDefinitionId,
        r.inputs.scope,
        r.inputs.principalType,
      ])
      .sort();
    const sender = roleId(ROLES.sender);
    const receiver = roleId(ROLES.receiver);
    assert.deepEqual(
      grants,
      [
        ['checkout', sender, hubId('orders.created'), 'ServicePrincipal'],
        ['ledger', receiver, hubId('customers.latest'), 'ServicePrincipal'],
        ['ledger', receiver, hubId('orders.created'), 'ServicePrincipal'],
        ['ledger', receiver, hubId('orders.shipped'), 'ServicePrincipal'],
        ['shipping', receiver, hubId('orders.created'), 'ServicePrincipal'],
        ['shipping', sender, hubId('orders.shipped'), 'ServicePrincipal'],
      ].sort(),
    );
    for (const r of resourcesOfType(plan, T.role)) {
      assert.notEqual(r.inputs.scope, NS_ID, 'nothing at namespace scope');
      assert.ok(!String(r.inputs.roleDefinitionId).endsWith(ROLES.owner), 'never Data Owner');
    }
    assert.equal(resourcesOfType(plan, T.rule).length, 0, 'no SAS rules in Entra mode');
  });

  it('each role is granted to its own service’s identity', async () => {
    const { synthesis } = await synthesize(stackConfig({}));
    const principals = new Map<string, string>();
    for (const r of synthesis.registrations) {
      if (r.type === T.identity) principals.set(r.parent!, String(r.inputs.resourceName));
    }
    const { mocks } = synthesis;
    const identity = mocks.computed[T.identity]!;
    for (const r of synthesis.registrations.filter((x) => x.type === T.role)) {
      const name = principals.get(r.parent!)!;
      const expected = identity({ type: T.identity, name, inputs: { resourceName: name }, custom: true }) as {
        principalId: string;
      };
      assert.equal(r.inputs.principalId, expected.principalId, r.name);
    }
  });

  it('the client id reaches the ServiceAccount, the workload identity label the pods, no credential anywhere', async () => {
    const { plan } = await synthesize(
      stackConfig(
        {},
        { 'kafka:kubernetes': { enabled: true, context: 'aks-dev', serviceAccounts: 'create' } },
      ),
    );
    const accounts = resourcesOfType(plan, 'kubernetes:core/v1:ServiceAccount');
    assert.equal(accounts.length, 3);
    for (const sa of accounts) {
      const metadata = sa.inputs.metadata as {
        annotations: Record<string, string>;
        labels: Record<string, string>;
      };
      assert.equal(metadata.labels['azure.workload.identity/use'], 'true');
      assert.match(metadata.annotations['azure.workload.identity/client-id']!, /^[0-9a-f-]{36}$/);
      assert.match(metadata.annotations['azure.workload.identity/tenant-id']!, /^[0-9a-f-]{36}$/);
    }
    const patch = one(plan, T.deployment);
    const labels = (patch.inputs.spec as { template: { metadata: { labels: Record<string, string> } } })
      .template.metadata.labels;
    assert.deepEqual(labels, { 'azure.workload.identity/use': 'true' });
    assert.equal(resourcesOfType(plan, T.secret).length, 0, 'Entra mode hands out no secret');
    for (const s of plan.services) {
      assert.equal(s.env.KAFKA_BROKER_URL, 'contoso-kafka-dev.servicebus.windows.net:9093');
      assert.equal(s.env.KAFKA_SECURITY_PROTOCOL, 'SASL_SSL');
      assert.equal(s.env.KAFKA_SASL_MECHANISM, 'OAUTHBEARER');
      assert.equal(s.env.KAFKA_OAUTH_PROVIDER, 'azure-entra');
      assert.equal(s.env.KAFKA_SASL_USERNAME, undefined);
      assert.equal(s.env.KAFKA_SASL_PASSWORD, undefined);
    }
  });
});

describe('Event Hubs access with SAS', () => {
  const sas = { authMode: 'sas', oidcIssuer: undefined };

  it('one rule per service with only Send and/or Listen, never Manage; no identities', async () => {
    const { plan } = await synthesize(stackConfig(sas));
    const rights = Object.fromEntries(
      resourcesOfType(plan, T.rule).map((r) => [r.inputs.authorizationRuleName, r.inputs.rights]),
    );
    assert.deepEqual(rights, { checkout: ['Send'], ledger: ['Listen'], shipping: ['Send', 'Listen'] });
    assert.equal(resourcesOfType(plan, T.identity).length, 0);
    assert.equal(resourcesOfType(plan, T.role).length, 0);
  });

  it('the connection string is a Pulumi secret that reaches only the service’s own Kubernetes Secret', async () => {
    const { synthesis, plan } = await synthesize(stackConfig(sas));
    const secretData = new Map<string, Record<string, string>>();
    for (const r of synthesis.registrations) {
      const text = JSON.stringify(r.inputs);
      if (r.type !== T.secret) {
        assert.ok(!text.includes(MOCK_SAS_KEY), `${r.type}::${r.name} holds no SAS key`);
        continue;
      }
      const data = r.inputs.data as Record<string, unknown>;
      assert.equal(
        data[pulumi.runtime.specialSigKey],
        pulumi.runtime.specialSecretSig,
        `${r.name}: data is secret`,
      );
      const values = (data as { value: Record<string, string> }).value;
      const service = (r.inputs.metadata as { labels: Record<string, string> }).labels[
        'kafka-platform/service'
      ]!;
      secretData.set(service, values);
    }
    assert.deepEqual([...secretData.keys()].sort(), ['checkout', 'ledger', 'shipping']);
    for (const [service, values] of secretData) {
      assert.deepEqual(Object.keys(values), ['KAFKA_SASL_PASSWORD'], 'only the password is a credential');
      const password = Buffer.from(values.KAFKA_SASL_PASSWORD!, 'base64').toString('utf8');
      assert.equal(
        password,
        `Endpoint=sb://contoso-kafka-dev.servicebus.windows.net/;SharedAccessKeyName=${service};SharedAccessKey=${MOCK_SAS_KEY}`,
        `${service} gets its own rule's connection string`,
      );
    }
    for (const s of plan.services) {
      assert.equal(s.env.KAFKA_SASL_MECHANISM, 'PLAIN');
      assert.equal(s.env.KAFKA_SASL_USERNAME, '$ConnectionString');
      assert.equal(s.env.KAFKA_SASL_PASSWORD, '[secret]');
    }
    assert.ok(!JSON.stringify(plan).includes(MOCK_SAS_KEY), 'the printed plan never shows a key');
    const outputs = plan.outputs.eventhubs as Record<string, unknown>;
    assert.deepEqual(outputs.sasRules, { checkout: 'checkout', ledger: 'ledger', shipping: 'shipping' });
  });
});

describe('Event Hubs alerts', () => {
  it('errors, throttling and quota on the namespace, throughput per event hub, and a stalled-consumption alert per consumed topic', async () => {
    const { plan } = await synthesize(
      stackConfig(
        { alerts: { emails: ['oncall@example.com'], throttledRequests: 50 } },
        { 'kafka:monitoring': { consumerLagMinutes: 60 } },
      ),
    );
    const group = one(plan, T.actionGroup);
    assert.deepEqual(group.inputs.emailReceivers, [
      { name: 'email-1', emailAddress: 'oncall@example.com', useCommonAlertSchema: true },
    ]);
    assert.ok(String(group.inputs.groupShortName).length <= 12);
    const alerts: Record<string, Record<string, unknown>> = Object.fromEntries(
      resourcesOfType(plan, T.alert).map((a) => [String(a.inputs.ruleName), a.inputs]),
    );
    const hubs = ['customers.latest', 'orders.created', 'orders.shipped'];
    assert.deepEqual(Object.keys(alerts).sort(), [
      'contoso-kafka-dev-bytes-in',
      ...hubs.map((h) => `contoso-kafka-dev-bytes-in-${h}`),
      'contoso-kafka-dev-bytes-out',
      ...hubs.map((h) => `contoso-kafka-dev-bytes-out-${h}`),
      'contoso-kafka-dev-quota-exceeded',
      'contoso-kafka-dev-server-errors',
      ...hubs.map((h) => `contoso-kafka-dev-stalled-${h}`),
      'contoso-kafka-dev-throttled-requests',
      'contoso-kafka-dev-user-errors',
    ]);
    const criteria = (name: string) =>
      (alerts[`contoso-kafka-dev-${name}`]!.criteria as { allOf: Record<string, unknown>[] }).allOf;
    assert.deepEqual(
      criteria('throttled-requests').map((c) => [c.metricName, c.operator, c.threshold, c.timeAggregation]),
      [['ThrottledRequests', 'GreaterThan', 50, 'Total']],
    );
    assert.deepEqual(
      criteria('stalled-orders.created').map((c) => [c.metricName, c.operator, c.threshold, c.dimensions]),
      [
        [
          'IncomingMessages',
          'GreaterThan',
          0,
          [{ name: 'EntityName', operator: 'Include', values: ['orders.created'] }],
        ],
        [
          'OutgoingMessages',
          'LessThanOrEqual',
          0,
          [{ name: 'EntityName', operator: 'Include', values: ['orders.created'] }],
        ],
      ],
    );
    const stalled = alerts['contoso-kafka-dev-stalled-orders.created']!;
    assert.equal(stalled.windowSize, 'PT1H');
    assert.equal(stalled.evaluationFrequency, 'PT5M');
    for (const a of Object.values(alerts)) {
      assert.deepEqual(a.scopes, [NS_ID]);
      assert.deepEqual(a.actions, [
        {
          actionGroupId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-kafka-dev/providers/Microsoft.Insights/actionGroups/ag-contoso-kafka-dev`,
        },
      ]);
      assert.equal(
        (a.criteria as { allOf: { metricNamespace: string }[] }).allOf[0]!.metricNamespace,
        'Microsoft.EventHub/namespaces',
      );
    }
    assert.equal(
      (plan.outputs.eventhubs as Record<string, unknown>).actionGroupId,
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-kafka-dev/providers/Microsoft.Insights/actionGroups/ag-contoso-kafka-dev`,
    );
  });

  it('existing action groups only: no group of its own; alerts off: no alerts', async () => {
    const existing = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-mon/providers/Microsoft.Insights/actionGroups/pager`;
    const { plan } = await synthesize(stackConfig({ alerts: { actionGroupIds: [existing] } }));
    assert.equal(resourcesOfType(plan, T.actionGroup).length, 0);
    for (const a of resourcesOfType(plan, T.alert))
      assert.deepEqual(a.inputs.actions, [{ actionGroupId: existing }]);
    const off = await synthesize(stackConfig({ alerts: { enabled: false } }));
    assert.equal(
      resourcesOfType(off.plan, T.alert).length + resourcesOfType(off.plan, T.actionGroup).length,
      0,
    );
  });
});

describe('Event Hubs stack outputs', () => {
  it('namespace facts and each service’s identity client id, nothing secret', async () => {
    const { plan } = await synthesize(stackConfig({}));
    const out = plan.outputs.eventhubs as Record<string, unknown>;
    assert.equal(out.namespaceId, NS_ID);
    assert.equal(out.namespaceName, 'contoso-kafka-dev');
    assert.equal(out.resourceGroup, 'rg-kafka-dev');
    assert.equal(out.tier, 'Standard');
    assert.equal(out.authMode, 'entra');
    assert.deepEqual(Object.keys(out.identityClientIds as object).sort(), ['checkout', 'ledger', 'shipping']);
    assert.equal(plan.outputs.bootstrapServers, 'contoso-kafka-dev.servicebus.windows.net:9093');
    assert.equal(children(plan, T.hub, 'kafka-platform:kafka:Topics::eventhubs').length, 3);
  });
});
