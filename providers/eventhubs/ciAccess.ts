import { CiAccess } from '../backendFacts';

/** An Event Hubs stack's runner logs in to Azure by OIDC (a federated credential, docs/ci.md). */
export const CI_ACCESS: CiAccess = { deploy: true, oidc: 'azure' };
