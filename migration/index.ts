import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretRef } from '../config/rawConfig';
import { BackendResult } from '../providers/backend';
import { Catalog } from '../topics/catalog';
import { MirrorMaker } from './mirrorMaker';
import { MigrationSettings } from './settings';

/**
 * MirrorMaker 2 when `kafka:migration` is set, nothing otherwise (so removing the key removes
 * it). Returns its (non-secret) stack output.
 */
export function buildMigration(
  migration: MigrationSettings | undefined,
  catalog: Catalog,
  backend: BackendResult,
  k8sProvider: k8s.Provider | undefined,
  secret: (ref: SecretRef) => pulumi.Output<string>,
): { migration?: { namespace: string; deployment: string; topics: string[] } } {
  if (!migration || !k8sProvider) return {};
  new MirrorMaker(
    'migration',
    {
      settings: migration,
      catalog,
      targetBootstrapServers: backend.connection.bootstrapServers,
      targetTopics: Object.values(backend.topics),
      ...(migration.source.sasl ? { sourcePassword: secret(migration.source.sasl.password) } : {}),
      ...(migration.target.sasl ? { targetPassword: secret(migration.target.sasl.password) } : {}),
    },
    { providers: { kubernetes: k8sProvider } },
  );
  return {
    migration: {
      namespace: migration.namespace,
      deployment: 'mirror-maker',
      topics: catalog.topics.map((t) => t.name),
    },
  };
}
