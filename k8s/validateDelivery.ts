import { Problem } from '../config/problems';
import { configWhere } from '../config/rawConfig';
import { Catalog } from '../topics/catalog';
import { serviceAccountName } from './serviceIdentity';
import { KubernetesSettings } from './settings';

/**
 * Rules that need both the stack's Kubernetes settings and the catalog. Pure; reported with the
 * other validation problems before anything is registered.
 */
export function deliveryProblems(settings: KubernetesSettings, catalog: Catalog): Problem[] {
  if (!settings.enabled || settings.serviceAccounts === 'none') return [];
  const problems: Problem[] = [];
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
