import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { stringify } from 'yaml';
import { kafkaConfigFromEnv } from '../../client/config';
import { CONNECTION_HASH_ANNOTATION } from '../../k8s/connectionHash';
import { FIELD_MANAGER_ANNOTATION } from '../../k8s/deploymentEnv';
import { SERVICE_LABEL } from '../../k8s/serviceConnection';
import { DEFAULT_DNS_EGRESS } from '../harness/delivery';
import { E2eStack, EngineError } from '../harness/engine';
import { KubeObject, KubeUser } from '../harness/kubeApiServer';
import {
  documentedRbac,
  KubeLab,
  localBackendConfig,
  newLocalStack,
  ownedFields,
  replicaSetsOf,
  startKubeLab,
  teamDeployment,
} from '../harness/kubeLab';

/**
 * Kubernetes delivery as a platform team runs it: the services' teams have applied their own
 * Deployments and ServiceAccounts with `kubectl apply`, and `pulumi up` of the `local` stack in
 * cluster mode (real engine, real Kubernetes provider plugin, server-side apply) runs against a
 * real kube-apiserver with its controllers, as an identity holding only the RBAC that
 * docs/kubernetes.md documents. Every check reads the server with kubectl, as the teams would.
 * Pods are marked Running/Ready by the kubelet stand-in (tests/harness/kubeletStandIn.ts): no
 * container runs here, so readiness is the stand-in's word, not an application's.
 */
describe('Kubernetes delivery on a real API server', { timeout: 1_800_000 }, () => {
  let lab: KubeLab;
  let stack: E2eStack;
  let deployer: KubeUser;
  let catalogFile: string;
  let password: string;
  /** The broker list the pods get; the lab's broker answers on both spellings. */
  let brokers: { ip: string; name: string };
  /** billing-worker's pod template as the team applied it (after server defaulting). */
  let billingTemplate: unknown;

  const ORDERS = 'orders-api';
  const BILLING = 'billing-worker';
  const HASH = CONNECTION_HASH_ANNOTATION;
  /** The field manager docs/kubernetes.md names for the service's patch. */
  const ORDERS_MANAGER = 'kafka-platform-env-orders-api';
  /** Kubernetes settings a step turned on and later steps keep (the network policy). */
  let kept: Record<string, unknown> = {};

  const teamOrders = (o: { logLevel: string; image: string }) => `
apiVersion: v1
kind: ServiceAccount
metadata: { name: orders-api, namespace: shop, annotations: { team.example/owner: orders } }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-api
  namespace: shop
  labels: { app: orders-api }
  annotations: { team.example/owner: orders }
spec:
  replicas: 2
  selector: { matchLabels: { app: orders-api } }
  template:
    metadata:
      labels: { app: orders-api }
      annotations: { team.example/dashboard: orders }
    spec:
      serviceAccountName: orders-api
      containers:
        - name: api
          image: ${o.image}
          env: [{ name: LOG_LEVEL, value: ${o.logLevel} }]
`;
  const TEAM_BILLING_ACCOUNT = `
apiVersion: v1
kind: Namespace
metadata: { name: billing, labels: { team: billing } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: billing-worker, namespace: billing }
`;
  // A literal credential in a team's own manifest, as teams still have: ours to keep out of our state.
  const TEAM_LITERAL = 'team-literal-db-password-6c1f';
  const TEAM_BILLING_DEPLOYMENT = teamDeployment({
    name: 'billing-worker',
    namespace: 'billing',
    serviceAccount: 'billing-worker',
    containers: [
      {
        name: 'worker',
        image: 'registry.example/billing-worker:7',
        env: [
          { name: 'JOBS', value: 'invoices' },
          { name: 'LEGACY_DB_PASSWORD', value: TEAM_LITERAL },
        ],
      },
      { name: 'metrics', image: 'registry.example/metrics-sidecar:1' },
    ],
  });

  const apply = (manifest: string) => lab.api.kubectl(['apply', '-f', '-'], { input: manifest });
  const get = async (kind: string, name: string, namespace: string) => {
    const obj = await lab.api.getJson(kind, name, namespace);
    assert.ok(obj, `${kind} ${namespace}/${name} does not exist`);
    return obj;
  };
  const template = (d: KubeObject) =>
    (d.spec as { template: { metadata: TemplateMeta; spec: { containers: Container[] } } }).template;
  const container = (d: KubeObject, name: string) => {
    const c = template(d).spec.containers.find((x) => x.name === name);
    assert.ok(c, `no container ${name}`);
    return c;
  };
  const decoded = (secret: KubeObject) =>
    Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );

  /** The stack config as the platform team edits it; only what a step changes is passed. */
  const configure = async (o: { clientBrokers?: string; kubernetes?: Record<string, unknown> } = {}) => {
    await stack.configure({
      ...localBackendConfig(lab, o.clientBrokers ?? brokers.ip),
      'kafka:catalog': catalogFile,
      'kafka:kubernetes': { kubeconfigPath: deployer.kubeconfig, context: 'local', ...kept, ...o.kubernetes },
    });
  };

  /** Waits until the Deployment's newest ReplicaSet has all its pods ready (the stand-in's work). */
  const rolledOut = async (namespace: string, name: string) => {
    for (let i = 0; i < 600; i++) {
      const d = await get('deployment', name, namespace);
      const status = d.status as { updatedReplicas?: number; readyReplicas?: number; replicas?: number };
      const want = (d.spec as { replicas: number }).replicas;
      if (
        (d.status as { observedGeneration?: number }).observedGeneration === d.metadata.generation &&
        status.updatedReplicas === want &&
        status.readyReplicas === want &&
        status.replicas === want
      )
        return d;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.fail(`${namespace}/${name} did not roll out (kubelet stand-in: ${String(lab.kubelet.error)})`);
  };

  /** Produces one record with the env a service's pods get: the ConfigMap and Secret as stored. */
  const produceWithPodEnv = async (service: string, namespace: string, topic: string) => {
    const cm = await get('configmap', `${service}-kafka`, namespace);
    const secret = await get('secret', `${service}-kafka`, namespace);
    const env = { ...cm.data, ...decoded(secret) };
    const kafka = new Kafka(
      kafkaConfigFromEnv(env, { overrides: { logLevel: logLevel.NOTHING, retry: { retries: 2 } } }),
    );
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: `from ${service}'s pod env` }] });
    } finally {
      await producer.disconnect();
    }
  };

  /** Everything a reader of the namespace could see except Secrets: must hold no credential. */
  const readableText = async (namespace: string) =>
    (
      await lab.api.kubectl([
        'get',
        'deployments,replicasets,pods,configmaps,serviceaccounts,networkpolicies,events',
        '-n',
        namespace,
        '-o',
        'json',
        '--show-managed-fields',
      ])
    ).stdout;

  before(async () => {
    lab = await startKubeLab();
    password = lab.kafka.admin.password;
    const port = lab.kafka.saslBootstrap!.split(':')[1]!;
    brokers = { ip: `127.0.0.1:${port}`, name: `localhost:${port}` };
    // The deploying identity: a client certificate in the group the documented RBAC binds.
    deployer = await lab.api.user('kafka-deployer', ['kafka-platform-deployers']);
    await applyDocumentedRbac(['shop', 'billing']);
    catalogFile = path.join(lab.dir, 'catalog.yaml');
    writeFileSync(
      catalogFile,
      stringify({
        topics: [
          { name: 'orders', partitions: 2 },
          { name: 'invoices', partitions: 1 },
        ],
        services: [
          { name: ORDERS, namespace: 'shop', deployment: ORDERS, container: 'api', produces: ['orders'] },
          {
            name: BILLING,
            namespace: 'billing',
            deployment: BILLING,
            container: 'worker',
            produces: ['invoices'],
            consumes: [{ topic: 'orders', group: 'billing' }],
          },
        ],
      }),
    );
    stack = await newLocalStack(lab, 'kube');
    await configure();
  });

  after(async () => {
    await lab?.stop();
  });

  /** docs/kubernetes.md's RBAC block, with its RoleBinding repeated in each service namespace. */
  async function applyDocumentedRbac(namespaces: string[]) {
    const objects = documentedRbac().flatMap((o) =>
      o.kind === 'RoleBinding'
        ? namespaces.map((ns) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }))
        : [o],
    );
    // RoleBindings need their namespace: the teams create theirs, so only those that exist.
    const existing = new Set(
      (await lab.api.kubectl(['get', 'namespaces', '-o', 'name'])).stdout
        .split('\n')
        .map((l) => l.replace('namespace/', '')),
    );
    const ready = objects.filter((o) => !o.metadata.namespace || existing.has(o.metadata.namespace));
    await apply(ready.map((o) => stringify(o)).join('---\n'));
  }

  it('preview stops and names what is missing: first the namespace, then the Deployment', async () => {
    await apply(
      `apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\n${teamOrders({ logLevel: 'info', image: 'registry.example/orders-api:1.4.2' })}`,
    );
    await applyDocumentedRbac(['shop']);

    const noNamespace = await stack.preview().then(
      () => assert.fail('preview passed without the billing namespace'),
      (err: unknown) => err as EngineError,
    );
    // In our words, before the provider's (`resource 'billing' does not exist`): the namespace,
    // the service, the context and the setting.
    assert.match(
      noNamespace.output,
      /kafka:kubernetes\.createNamespaces: namespace "billing" \(service billing-worker\) does not exist in context "local"/,
    );

    await apply(TEAM_BILLING_ACCOUNT);
    await applyDocumentedRbac(['shop', 'billing']);
    const noDeployment = await stack.preview().then(
      () => assert.fail('preview passed without the billing-worker Deployment'),
      (err: unknown) => err as EngineError,
    );
    assert.match(
      noDeployment.output,
      /kafka:kubernetes\.patchDeployments: Deployment "billing-worker" does not exist in namespace "billing" \(context "local"\), so service billing-worker's Kafka env has nothing to go into/,
    );
    assert.doesNotMatch(noDeployment.output, /"orders-api" does not exist/);
    assert.doesNotMatch(noDeployment.output, /PULUMI_K8S_DELETE_UNREACHABLE/);
    // Nothing was written anywhere.
    assert.equal(await lab.api.getJson('configmap', 'orders-api-kafka', 'shop'), undefined);
  });

  it('up writes each service a ConfigMap and a Secret holding exactly the env contract', async () => {
    await apply(TEAM_BILLING_DEPLOYMENT);
    billingTemplate = template(await rolledOut('billing', BILLING));
    await rolledOut('shop', ORDERS);
    const result = await stack.up();
    assert.equal(result.summary.result, 'succeeded');

    const shared = {
      KAFKA_BROKER_URL: brokers.ip,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SSL_CA_PEM: lab.kafka.caPem,
    };
    assert.deepEqual((await get('configmap', 'orders-api-kafka', 'shop')).data, {
      ...shared,
      KAFKA_CLIENT_ID: ORDERS,
      KAFKA_PRODUCES: 'orders',
    });
    assert.deepEqual((await get('configmap', 'billing-worker-kafka', 'billing')).data, {
      ...shared,
      KAFKA_CLIENT_ID: BILLING,
      KAFKA_PRODUCES: 'invoices',
      KAFKA_CONSUMES: 'orders',
      KAFKA_CONSUMER_GROUP: 'billing',
      KAFKA_CONSUMER_GROUPS: 'orders=billing',
    });
    for (const [service, ns] of [
      [ORDERS, 'shop'],
      [BILLING, 'billing'],
    ] as const) {
      const secret = await get('secret', `${service}-kafka`, ns);
      assert.equal(secret.type, 'Opaque');
      assert.deepEqual(decoded(secret), { KAFKA_SASL_USERNAME: 'admin', KAFKA_SASL_PASSWORD: password });
      assert.equal(
        secret.metadata.annotations?.['kafka-platform/env-keys'],
        'KAFKA_SASL_PASSWORD,KAFKA_SASL_USERNAME',
      );
      // The credential is in the Secret's data and nowhere a Deployment reader can see.
      const text = await readableText(ns);
      for (const form of [password, Buffer.from(password).toString('base64')]) {
        assert.ok(!text.includes(form), `the password shows outside the Secret in namespace ${ns}`);
      }
    }
    // The lookup that makes a missing Deployment fail the preview reads the team's whole object;
    // the state keeps it encrypted, so their literal env values are not in our state in clear.
    const state = await stack.exportText();
    assert.ok(state.includes('billing-worker-deployment'), 'the lookup is in the state');
    assert.ok(!state.includes(TEAM_LITERAL), "the team's literal env value is in the state in clear");
    // The env as the pods get it is what the service library accepts, and it reaches the broker.
    await produceWithPodEnv(ORDERS, 'shop', 'orders');
    await produceWithPodEnv(BILLING, 'billing', 'invoices');
  });

  it('the patch owns only envFrom and the pod-template annotation; the teams’ fields are untouched', async () => {
    const orders = await rolledOut('shop', ORDERS);
    assert.deepEqual(ownedFields(orders, ORDERS_MANAGER), [
      `metadata.annotations.${FIELD_MANAGER_ANNOTATION}`,
      `spec.template.metadata.annotations.${HASH}`,
      'spec.template.spec.containers[name=api].envFrom',
    ]);
    assert.deepEqual(container(orders, 'api').envFrom, [
      { configMapRef: { name: 'orders-api-kafka' } },
      { secretRef: { name: 'orders-api-kafka' } },
    ]);
    assert.match(template(orders).metadata.annotations?.[HASH] ?? '', /^[0-9a-f]{64}$/);
    // The team's own fields, as they applied them.
    assert.deepEqual(container(orders, 'api').env, [{ name: 'LOG_LEVEL', value: 'info' }]);
    assert.equal(container(orders, 'api').image, 'registry.example/orders-api:1.4.2');
    assert.equal(template(orders).metadata.annotations?.['team.example/dashboard'], 'orders');
    assert.equal(orders.metadata.annotations?.['team.example/owner'], 'orders');
    assert.deepEqual(template(orders).metadata.labels, { app: 'orders-api' });
    assert.equal((orders.spec as { replicas: number }).replicas, 2);
    assert.ok(
      ownedFields(orders, 'kubectl-client-side-apply', 'Update').includes(
        'spec.template.spec.containers[name=api].image',
      ),
    );

    const billing = await rolledOut('billing', BILLING);
    assert.ok(container(billing, 'worker').envFrom, 'the named container loads the env');
    assert.equal(container(billing, 'metrics').envFrom, undefined, 'the sidecar is left alone');
    assert.deepEqual(container(billing, 'worker').env, [
      { name: 'JOBS', value: 'invoices' },
      { name: 'LEGACY_DB_PASSWORD', value: TEAM_LITERAL },
    ]);

    // The changed pod template rolled each Deployment once: the teams' ReplicaSet, then ours.
    const sets = await replicaSetsOf(lab.api, 'shop', ORDERS);
    assert.equal(sets.length, 2);
    assert.deepEqual(
      sets.map((s) => [s.replicas, s.ready]),
      [
        [0, 0],
        [2, 2],
      ],
    );
    const pods = JSON.parse(
      (await lab.api.kubectl(['get', 'pods', '-n', 'shop', '-l', 'app=orders-api', '-o', 'json'])).stdout,
    ) as { items: KubeObject[] };
    assert.equal(pods.items.length, 2);
    for (const pod of pods.items) {
      assert.equal(pod.metadata.annotations?.[HASH], template(orders).metadata.annotations?.[HASH]);
    }
  });

  it('a second up with nothing changed previews no change and rolls nothing', async () => {
    const before = await get('deployment', ORDERS, 'shop');
    const preview = await stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary).sort(), ['read', 'same']);
    const up = await stack.up();
    assert.deepEqual(Object.keys(up.summary.resourceChanges ?? {}).sort(), ['read', 'same']);
    const after = await get('deployment', ORDERS, 'shop');
    assert.equal(after.metadata.generation, before.metadata.generation);
    assert.equal((await replicaSetsOf(lab.api, 'shop', ORDERS)).length, 2);
  });

  let teamTemplate: ReturnType<typeof template>;

  it('the team’s later kubectl apply and kubectl set env keep our fields; our next up (new brokers) keeps theirs and rolls', async () => {
    // The team ships a new image and log level with their usual client-side kubectl apply...
    await apply(teamOrders({ logLevel: 'debug', image: 'registry.example/orders-api:1.5.0' }));
    let orders = await rolledOut('shop', ORDERS);
    assert.deepEqual(container(orders, 'api').env, [{ name: 'LOG_LEVEL', value: 'debug' }]);
    assert.equal(container(orders, 'api').envFrom?.length, 2, 'their apply removed our envFrom');
    assert.ok(template(orders).metadata.annotations?.[HASH], 'their apply removed our annotation');
    // ...and turns a flag on by hand.
    await lab.api.kubectl(['set', 'env', `deployment/${ORDERS}`, '-n', 'shop', 'FEATURE_FLAGS=checkout-v2']);
    orders = await rolledOut('shop', ORDERS);
    const hashBefore = template(orders).metadata.annotations?.[HASH];
    const setsBefore = (await replicaSetsOf(lab.api, 'shop', ORDERS)).length;
    const billingSetsBefore = (await replicaSetsOf(lab.api, 'billing', BILLING)).length;
    const configMapBefore = await get('configmap', 'orders-api-kafka', 'shop');

    // The platform moves the services to another broker address.
    await configure({ clientBrokers: brokers.name });
    await stack.up();
    orders = await rolledOut('shop', ORDERS);
    const configMap = await get('configmap', 'orders-api-kafka', 'shop');
    assert.equal(configMap.data?.KAFKA_BROKER_URL, brokers.name);
    // Updated in place, never deleted and created again: a pod starting mid-rollout finds it.
    assert.equal(configMap.metadata.uid, configMapBefore.metadata.uid);
    assert.notEqual(template(orders).metadata.annotations?.[HASH], hashBefore);
    assert.equal((await replicaSetsOf(lab.api, 'shop', ORDERS)).length, setsBefore + 1, 'one new ReplicaSet');
    assert.equal((await replicaSetsOf(lab.api, 'billing', BILLING)).length, billingSetsBefore + 1);
    // Theirs survived ours.
    assert.deepEqual(container(orders, 'api').env, [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'FEATURE_FLAGS', value: 'checkout-v2' },
    ]);
    assert.equal(container(orders, 'api').image, 'registry.example/orders-api:1.5.0');
    await produceWithPodEnv(ORDERS, 'shop', 'orders');
    teamTemplate = template(orders);
  });

  it('a rotated password updates the Secret in place and rolls every service; the ConfigMaps stay', async () => {
    const rotated = randomBytes(12).toString('hex');
    await lab.kafka.addScramUser({ name: 'admin', password: rotated });
    await stack.setSecrets({ 'kafka:localSaslPassword': rotated });
    const secretBefore = await get('secret', 'orders-api-kafka', 'shop');
    const configMapBefore = await get('configmap', 'billing-worker-kafka', 'billing');
    const sets = {
      orders: (await replicaSetsOf(lab.api, 'shop', ORDERS)).length,
      billing: (await replicaSetsOf(lab.api, 'billing', BILLING)).length,
    };
    await stack.up();
    password = rotated;
    const secret = await get('secret', 'orders-api-kafka', 'shop');
    assert.equal(decoded(secret).KAFKA_SASL_PASSWORD, rotated);
    assert.equal(secret.metadata.uid, secretBefore.metadata.uid);
    const configMap = await get('configmap', 'billing-worker-kafka', 'billing');
    assert.equal(configMap.metadata.resourceVersion, configMapBefore.metadata.resourceVersion);
    await rolledOut('shop', ORDERS);
    await rolledOut('billing', BILLING);
    assert.equal((await replicaSetsOf(lab.api, 'shop', ORDERS)).length, sets.orders + 1);
    assert.equal((await replicaSetsOf(lab.api, 'billing', BILLING)).length, sets.billing + 1);
    for (const ns of ['shop', 'billing']) assert.ok(!(await readableText(ns)).includes(rotated));
    await produceWithPodEnv(BILLING, 'billing', 'invoices');
  });

  it('network policy (opt-in): an egress policy per service to the in-cluster brokers and DNS, selecting the service’s pods', async () => {
    kept = {
      networkPolicy: { brokerNamespace: 'kafka', brokerPodLabels: { 'app.kubernetes.io/name': 'redpanda' } },
    };
    await configure({ clientBrokers: brokers.name });
    await stack.up();
    const policy = await get('networkpolicy', 'orders-api-kafka-egress', 'shop');
    const port = Number(brokers.name.split(':')[1]);
    // Stored as the API server validated and defaulted it. No CNI runs here: nothing enforces it.
    assert.deepEqual(policy.spec, {
      podSelector: { matchLabels: { [SERVICE_LABEL]: ORDERS } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redpanda' } },
            },
          ],
          ports: [{ protocol: 'TCP', port }],
        },
        DEFAULT_DNS_EGRESS,
      ],
    });
    assert.ok(await lab.api.getJson('networkpolicy', 'billing-worker-kafka-egress', 'billing'));
    // The policy selects the service's pods by a label the patch adds (and owns) on the template.
    const orders = await rolledOut('shop', ORDERS);
    assert.equal(template(orders).metadata.labels?.[SERVICE_LABEL], ORDERS);
    assert.ok(ownedFields(orders, ORDERS_MANAGER).includes(`spec.template.metadata.labels.${SERVICE_LABEL}`));
    const selected = JSON.parse(
      (await lab.api.kubectl(['get', 'pods', '-n', 'shop', '-l', `${SERVICE_LABEL}=${ORDERS}`, '-o', 'json']))
        .stdout,
    ) as { items: KubeObject[] };
    assert.equal(selected.items.length, 2);
  });

  it('RBAC too narrow: up stops with the verb and resource the identity lacks; with the documented rights it goes on', async () => {
    const role = documentedRbac().find((o) => o.metadata.name === 'kafka-platform-delivery')!;
    const rules = (role.rules as { resources: string[]; verbs: string[] }[]).map((r) =>
      r.resources.includes('deployments') ? { ...r, verbs: r.verbs.filter((v) => v !== 'patch') } : r,
    );
    await apply(stringify({ ...role, rules }));
    await configure({ clientBrokers: brokers.ip });
    const failed = await stack.up().then(
      () => assert.fail('up passed without patch on deployments'),
      (err: unknown) => err as EngineError,
    );
    assert.match(
      failed.output,
      /deployments\.apps "(orders-api|billing-worker)" is forbidden: User "kafka-deployer" cannot patch resource "deployments" in API group "apps" in the namespace "(shop|billing)"/,
    );
    await applyDocumentedRbac(['shop', 'billing']);
    const retried = await stack.up();
    assert.equal(retried.summary.result, 'succeeded');
    assert.equal(container(await rolledOut('shop', ORDERS), 'api').envFrom?.length, 2);
  });

  it('new pods that never become ready fail the up after the rollout timeout; the old pods keep serving; reverting rolls back', async () => {
    const good = template(await rolledOut('shop', ORDERS)).metadata.annotations?.[HASH];
    const before = await replicaSetsOf(lab.api, 'shop', ORDERS);
    const serving = before.find((s) => s.replicas === 2)!;
    // The new settings break the service: its new pods crash-loop (the stand-in's report).
    lab.kubelet.failPods((pod) =>
      pod.metadata.namespace === 'shop' && pod.metadata.annotations?.[HASH] !== good
        ? 'kafka: connection refused (simulated)'
        : undefined,
    );
    try {
      // A broker list no earlier step used: a pod template Kubernetes has not seen yet.
      const unseen = `${brokers.name},${brokers.ip}`;
      await configure({ clientBrokers: unseen, kubernetes: { rolloutTimeoutSeconds: 20 } });
      const failed = await stack.up().then(
        () => assert.fail('up passed while the new pods were not ready'),
        (err: unknown) => err as EngineError,
      );
      assert.match(
        failed.output,
        /"shop\/orders-api" failed to fully initialize or become live: 'orders-api' timed out waiting to be Ready/,
      );
      // The rolling update keeps the old pods: the service still runs on its previous settings.
      const during = await replicaSetsOf(lab.api, 'shop', ORDERS);
      const broken = during.find((s) => !before.some((b) => b.name === s.name));
      assert.ok(broken, 'the change started a new ReplicaSet');
      assert.equal(broken.ready, 0);
      assert.equal(during.find((s) => s.name === serving.name)?.ready, 2);
      const orders = await get('deployment', ORDERS, 'shop');
      assert.equal((orders.status as { availableReplicas?: number }).availableReplicas, 2);

      // Putting the previous settings back rolls back to the previous pods: no new ReplicaSet.
      await configure({ clientBrokers: brokers.ip });
      await stack.up();
      const back = await rolledOut('shop', ORDERS);
      assert.equal(template(back).metadata.annotations?.[HASH], good);
      const after = await replicaSetsOf(lab.api, 'shop', ORDERS);
      assert.deepEqual(after.map((s) => s.name).sort(), during.map((s) => s.name).sort());
      assert.equal(after.find((s) => s.name === serving.name)?.ready, 2);
      assert.equal(after.find((s) => s.name === broken.name)?.replicas, 0);
    } finally {
      lab.kubelet.startAllPods();
    }
  });

  it('destroy removes what the program created and leaves the teams’ objects as they were', async () => {
    await stack.destroy();
    for (const [kind, name, ns] of [
      ['configmap', 'orders-api-kafka', 'shop'],
      ['secret', 'orders-api-kafka', 'shop'],
      ['networkpolicy', 'orders-api-kafka-egress', 'shop'],
      ['configmap', 'billing-worker-kafka', 'billing'],
      ['secret', 'billing-worker-kafka', 'billing'],
      ['networkpolicy', 'billing-worker-kafka-egress', 'billing'],
    ]) {
      assert.equal(await lab.api.getJson(kind!, name!, ns), undefined, `${kind} ${ns}/${name} is left`);
    }
    // billing-worker is back to exactly what its team applied.
    const billing = await rolledOut('billing', BILLING);
    assert.deepEqual(template(billing), billingTemplate);
    // orders-api keeps every change its team made, and nothing of ours.
    const orders = await rolledOut('shop', ORDERS);
    const { [HASH]: _hash, ...teamAnnotations } = teamTemplate.metadata.annotations ?? {};
    const { [SERVICE_LABEL]: _label, ...teamLabels } = teamTemplate.metadata.labels ?? {};
    assert.deepEqual(template(orders), {
      ...teamTemplate,
      metadata: { ...teamTemplate.metadata, annotations: teamAnnotations, labels: teamLabels },
      spec: {
        ...teamTemplate.spec,
        containers: teamTemplate.spec.containers.map(({ envFrom: _envFrom, ...c }) => c),
      },
    });
    assert.equal(orders.metadata.annotations?.[FIELD_MANAGER_ANNOTATION], undefined);
    assert.ok(!orders.metadata.managedFields?.some((m) => m.manager.startsWith('kafka-platform')));
    // The teams' namespaces and ServiceAccounts are theirs: looked up, never owned.
    assert.equal(
      (await get('serviceaccount', ORDERS, 'shop')).metadata.annotations?.['team.example/owner'],
      'orders',
    );
    assert.equal((await get('namespace', 'billing', '')).metadata.labels?.team, 'billing');
  });
});

interface TemplateMeta {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface Container {
  name: string;
  image: string;
  env?: { name: string; value: string }[];
  envFrom?: unknown[];
}
