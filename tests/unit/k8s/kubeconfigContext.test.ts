import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import {
  contextNames,
  implicitContext,
  kubeconfigFiles,
  missingContextProblem,
} from '../../../k8s/kubeconfigContext';

const kubeconfig = (contexts: string[]) =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    contexts: contexts.map((name) => ({ name, context: { cluster: name, user: name } })),
  });

describe('kubeconfig context: said in our words before the Kubernetes provider says it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  writeFileSync(a, kubeconfig(['kind-other']));
  writeFileSync(b, kubeconfig(['docker-desktop']));
  const cluster = { enabled: true, mode: 'cluster' as const };

  it('reads the files the provider would: kubeconfigPath, else every $KUBECONFIG file, else ~/.kube/config', () => {
    const env = { KUBECONFIG: [a, b, path.join(dir, 'absent')].join(path.delimiter) };
    const files = kubeconfigFiles({}, env);
    assert.deepEqual(contextNames(files), ['kind-other', 'docker-desktop']);
    assert.deepEqual(
      kubeconfigFiles({ kubeconfigPath: b }, env).map((f) => f.path),
      [b],
    );
    assert.deepEqual(
      kubeconfigFiles({}, {}).map((f) => f.path),
      [path.join(os.homedir(), '.kube', 'config')],
    );
  });

  it('a local stack naming a context that does not exist: the setting, the contexts there, both ways out', () => {
    const files = kubeconfigFiles({}, { KUBECONFIG: a });
    const problem = missingContextProblem({ ...cluster, context: 'kind-kafka-platform' }, files, 'local');
    assert.deepEqual(problem, {
      where: 'kafka:kubernetes.context',
      message:
        `context "kind-kafka-platform" is not in the kubeconfig (read ${a}; contexts there: "kind-other"). ` +
        'Create that cluster (e.g. `kind create cluster --name kafka-platform`) or set kafka:kubernetes.context ' +
        'to one of them, or keep to Compose and host runs (each service’s env files, no cluster): ' +
        '`pulumi config rm --path kafka:kubernetes.context`',
    });
    assert.doesNotMatch(problem!.message, /PULUMI_K8S_DELETE_UNREACHABLE/);
  });

  it('a cloud stack: turning delivery off is the other way out; no kubeconfig at all is said so', () => {
    const absent = path.join(dir, 'nothing');
    const problem = missingContextProblem(
      { ...cluster, context: 'eks-dev' },
      kubeconfigFiles({ kubeconfigPath: absent }),
      'msk',
    );
    assert.equal(
      problem?.message,
      `context "eks-dev" is not in the kubeconfig (read ${absent} (absent); contexts there: none). ` +
        'Create that cluster or set kafka:kubernetes.context to one of them, ' +
        'or turn delivery off: `pulumi config set --path kafka:kubernetes.enabled false`',
    );
  });

  it('nothing to say when the context exists, delivery is off, manifests are rendered, or the kubeconfig is a secret', () => {
    const files = kubeconfigFiles({ kubeconfigPath: b });
    assert.equal(missingContextProblem({ ...cluster, context: 'docker-desktop' }, files, 'local'), undefined);
    assert.equal(
      missingContextProblem({ ...cluster, enabled: false, context: 'x' }, files, 'local'),
      undefined,
    );
    assert.equal(
      missingContextProblem({ enabled: true, mode: 'render', context: 'x' }, files, 'local'),
      undefined,
    );
    assert.equal(
      missingContextProblem({ ...cluster, context: 'x', kubeconfig: { key: 'kubeconfig' } }, files, 'msk'),
      undefined,
    );
  });

  it('no context set: says which current context it delivers to, and refuses when there is none', () => {
    const withCurrent = path.join(dir, 'current');
    writeFileSync(withCurrent, `current-context: prod-eks\n${kubeconfig(['prod-eks'])}`);
    assert.deepEqual(implicitContext(cluster, kubeconfigFiles({ kubeconfigPath: withCurrent })), {
      notice:
        'kafka:kubernetes.context is not set: delivering to the kubeconfig\'s current context "prod-eks" ' +
        `(${withCurrent}); set kafka:kubernetes.context to pin the cluster`,
    });
    assert.deepEqual(implicitContext(cluster, kubeconfigFiles({ kubeconfigPath: a })), {
      problem: {
        where: 'kafka:kubernetes.context',
        message: `is not set and the kubeconfig (read ${a}) has no current context: set it to the context of the cluster to deliver to`,
      },
    });
    assert.deepEqual(implicitContext({ ...cluster, context: 'x' }, []), {});
    assert.deepEqual(implicitContext({ ...cluster, enabled: false }, []), {});
  });
});
