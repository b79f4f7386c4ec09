import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvFile } from '../../compose/envFiles';
import { ENV } from '../../client/contract';
import { committedStackConfig, PROJECT_DIR, synthesizeWith } from '../harness/plan';
import { loadCatalog } from '../../topics/loadCatalog';

/** The committed local stack on a machine with Docker Compose only: no cluster, every service its env. */
describe('the committed local stack needs only Docker Compose', () => {
  const committed = committedStackConfig('local');
  const local = committed['kafka:local'] as { bootstrapServers: string; clientBootstrapServers: string };

  it('registers nothing in Kubernetes and writes each catalog service env files for Compose and host runs', async () => {
    const { synthesis, plan } = await synthesizeWith(committed, 'local');
    assert.deepEqual(
      synthesis.registrations.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.type),
      [],
    );
    const { catalog } = loadCatalog(`${PROJECT_DIR}/topics/catalog.yaml`);
    const files = await new Promise<EnvFile[]>((resolve) => synthesis.platform.envFiles!.apply(resolve));
    const env = (file: string) =>
      Object.fromEntries(
        files
          .find((f) => f.path === file)!
          .content.split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    for (const service of catalog.services) {
      const compose = env(`rendered/local/env/compose/${service.name}.env`);
      const host = env(`rendered/local/env/host/${service.name}.env`);
      assert.equal(compose[ENV.brokerUrl], local.clientBootstrapServers);
      assert.equal(host[ENV.brokerUrl], local.bootstrapServers);
      assert.equal(host[ENV.clientId], service.name);
      assert.deepEqual(plan.services.find((s) => s.name === service.name)?.env, compose);
      assert.deepEqual((plan.outputs.services as Record<string, unknown>)[service.name], {
        namespace: service.namespace,
        envFiles: {
          compose: `rendered/local/env/compose/${service.name}.env`,
          host: `rendered/local/env/host/${service.name}.env`,
        },
      });
    }
    assert.equal(files.length, catalog.services.length * 2);
  });
});
