import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { scaleDoc } from '../monitoring/scaleFigure';
import { runGenerator, writeOrCheck } from './generatedFiles';

/** The generated scale figure. */
export const SCALE_DOC = 'docs/monitoring/scale.md';

/**
 * Writes docs/monitoring/scale.md: alerts and dashboards per backend at 1,000 topics and 200
 * groups, and whether the checks before `up` accept them. `--check` only compares (tests, CI).
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const projectDir = path.resolve(__dirname, '..');
  const prettier = await import('prettier');
  const filepath = path.join(projectDir, SCALE_DOC);
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  const content = await prettier.format(scaleDoc(), { ...options, filepath });
  return writeOrCheck({
    projectDir,
    wanted: [{ path: SCALE_DOC, content }],
    stale: [],
    check: values.check,
    script: 'monitoring:scale',
  });
}

runGenerator(main);
