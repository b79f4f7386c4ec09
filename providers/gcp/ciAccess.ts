import { CiAccess } from '../backendFacts';

/**
 * A gcp stack's runner gets a Google identity by OIDC through Workload Identity Federation for
 * GitHub (google-github-actions/auth; docs/ci.md); no key is stored.
 */
export const CI_ACCESS: CiAccess = { deploy: true, oidc: 'google' };
