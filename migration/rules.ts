import { Problem } from '../config/problems';
import { configWhere } from '../config/rawConfig';
import { BUILT_IN_NAMESPACES, serviceNamespaces } from '../k8s/namespaces';
import { KubernetesSettings } from '../k8s/settings';
import { Catalog } from '../topics/catalog';
import { MigrationSettings } from './settings';

/**
 * Rules of `kafka:migration` that need the Kubernetes settings and the catalog. Pure; reported with
 * the other validation problems before anything is registered.
 */
export function migrationProblems(
  migration: MigrationSettings | undefined,
  kubernetes: KubernetesSettings,
  catalog: Catalog,
): Problem[] {
  if (!migration || !kubernetes.enabled) return [];
  const problems: Problem[] = [];
  if (kubernetes.mode === 'render') {
    problems.push({
      where: configWhere(['migration']),
      message:
        'runs MirrorMaker 2 on the cluster the stack applies to, and kafka:kubernetes.mode "render" applies ' +
        "nothing (its Secret holds both clusters' credentials and would be rendered in plain text): " +
        'run the cutover from a stack in mode "cluster"',
    });
  }
  // MirrorMaker's namespace is created and deleted with kafka:migration: never one that holds
  // the teams' workloads or the cluster's own.
  const ns = migration.namespace;
  const taken = BUILT_IN_NAMESPACES.includes(ns)
    ? 'a built-in namespace'
    : serviceNamespaces(catalog).includes(ns)
      ? 'the namespace of catalog services'
      : undefined;
  if (taken) {
    problems.push({
      where: configWhere(['migration', 'namespace']),
      message:
        `${JSON.stringify(ns)} is ${taken}: MirrorMaker 2 gets a namespace of its own, created and deleted ` +
        'with kafka:migration (default "kafka-migration")',
    });
  }
  return problems;
}
