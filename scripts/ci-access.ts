// `npm run ci:access`: writes .github/actions/stack-access/backends.json from the registry
// (each backend's providers/<backend>/ciAccess.ts). `--check` writes nothing, exits 1 on drift.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CI_ACCESS_FILE, ciAccessJson } from '../plan/ciAccess';
import { runGenerator, writeOrCheck } from './generatedFiles';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  return writeOrCheck({
    projectDir: path.resolve(__dirname, '..'),
    wanted: [{ path: CI_ACCESS_FILE, content: ciAccessJson() }],
    stale: [],
    check: values.check,
    script: 'ci:access',
  });
}

runGenerator(main);
