import { CiAccess } from '../backendFacts';

/** CI never deploys a `local` stack. */
export const CI_ACCESS: CiAccess = {
  deploy: false,
  why: "an existing cluster on a developer's machine",
};
