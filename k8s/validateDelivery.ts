import { configWhere, Settings } from '../config/settings';
import { Problem } from '../config/problems';
import { Catalog } from '../topics/catalog';
import { BUILT_IN_NAMESPACES, serviceNamespaces } from './namespaces';
import { serviceAccountName } from './serviceIdentity';

/**
 * Rules that need both the stack's Kubernetes settings and the catalog. Pure; reported with the
 * other validation problems before anything is registered.
 */
export function deliveryProblems(all: Settings, catalog: Catalog): Problem[] {
  const settings = all.kubernetes;
  if (!settings.enabled) return [];
  const problems: Problem[] = [];
  if (all.migration && settings.mode === 'render') {
    problems.push({
      where: configWhere(['migration']),
      message:
        'runs MirrorMaker 2 on the cluster the stack applies to, and kafka:kubernetes.mode "render" applies ' +
        "nothing (its Secret holds both clusters' credentials and would be rendered in plain text): " +
        'run the cutover from a stack in mode "cluster"',
    });
  }
  if (all.migration) {
    // MirrorMaker's namespace is created and deleted with kafka:migration: never one that holds
    // the teams' workloads or the cluster's own.
    const ns = all.migration.namespace;
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
  }
  if (settings.serviceAccounts === 'none') return problems;
  const users = new Map<string, string[]>();
  for (const s of catalog.services) {
    const key = `${s.namespace}/${serviceAccountName(s)}`;
    users.set(key, [...(users.get(key) ?? []), s.name]);
  }
  for (const [account, services] of users) {
    if (services.length < 2) continue;
    problems.push({
      where: configWhere(['kubernetes', 'serviceAccounts']),
      message:
        `${JSON.stringify(settings.serviceAccounts)} gives each service its own cloud identity, but services ` +
        `${services.map((s) => JSON.stringify(s)).join(' and ')} share ServiceAccount ${account}: give them ` +
        'separate serviceAccount names in the catalog, or set kafka:kubernetes.serviceAccounts to "none"',
    });
  }
  return problems;
}
