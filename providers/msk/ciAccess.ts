import { CiAccess } from '../backendFacts';

/** An MSK stack's runner assumes an AWS role by OIDC (docs/ci.md); nothing else. */
export const CI_ACCESS: CiAccess = { deploy: true, oidc: 'aws' };
