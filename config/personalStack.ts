/**
 * Personal stacks: `local-<name>`, a developer's own copy of the committed `local` stack
 * (`pulumi stack init local-<name> --copy-config-from local`), with their own broker or settings in
 * their own git-ignored `Pulumi.local-<name>.yaml`. Never planned, snapshotted or deployed by CI,
 * so one developer's settings never break the team's checks.
 */
export const PERSONAL_STACK = /^local-/;

/** The Pulumi command that starts a personal stack from the committed one. */
export function personalStackInit(name: string): string {
  return `pulumi stack init local-${name} --copy-config-from local`;
}
