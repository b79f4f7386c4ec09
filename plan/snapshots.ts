import * as path from 'node:path';
import { planStack } from './plan';
import { renderText } from './render';
import { RepoStack, SNAPSHOT_DIR } from './stacks';

/** One snapshot file: where it goes (relative to the project directory) and what it holds. */
export interface Snapshot {
  path: string;
  content: string;
}

/** The command that prints a stack's plan, as its snapshot's first line names it. */
export function planCommand(s: Pick<RepoStack, 'name' | 'configFile' | 'kind'>): string {
  const file =
    s.kind === 'committed' && s.configFile === `Pulumi.${s.name}.yaml`
      ? ''
      : ` --config-file ${s.configFile}`;
  return `npm run plan -- --stack ${s.name}${file} --verbose`;
}

/**
 * The offline plan of every given stack, rendered as `npm run plan -- --verbose` prints it (every
 * resource's inputs), under a header naming the command: the readable files committed in plan/snapshots/, so every change to what a
 * stack registers shows in review as a plain diff. `dir` relocates them (tests).
 */
export async function snapshotFiles(
  projectDir: string,
  stacks: readonly RepoStack[],
  dir = SNAPSHOT_DIR,
): Promise<Snapshot[]> {
  const files: Snapshot[] = [];
  for (const s of stacks) {
    const plan = await planStack({
      projectDir,
      stack: s.name,
      configFile: path.join(projectDir, s.configFile),
    });
    const header = `# ${planCommand(s)}\n# Plan snapshot: regenerate every generated file with npm run regen\n\n`;
    files.push({
      path: relocate(s.snapshot, dir),
      content: `${header}${renderText(plan, { verbose: true })}\n`,
    });
  }
  return files;
}

function relocate(snapshot: string, dir: string): string {
  return dir === SNAPSHOT_DIR ? snapshot : path.posix.join(dir, path.posix.relative(SNAPSHOT_DIR, snapshot));
}
