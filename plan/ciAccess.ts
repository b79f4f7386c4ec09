import { BACKENDS } from '../providers';

/** The file CI reads each backend's access needs from (.github/actions/stack-access, scripts/ci/pulumi-stack.sh). */
export const CI_ACCESS_FILE = '.github/actions/stack-access/backends.json';

/**
 * Every built backend's CI access needs (`providers/<backend>/ciAccess.ts`), by `kafka:provider`
 * value, as the JSON CI reads with jq: workflows and scripts name no backend themselves.
 */
export function ciAccessJson(): string {
  const byName = Object.fromEntries(
    BACKENDS.filter((b) => b.available)
      .map((b) => [b.name, { title: b.title, ...b.ciAccess }] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return `${JSON.stringify(byName, null, 2)}\n`;
}
