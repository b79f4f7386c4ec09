import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RunError } from '@pulumi/pulumi';
import { ValidationError } from '../config/problems';
import { planStack } from '../plan/plan';
import { renderJson, renderText } from '../plan/render';
import { shellDir } from './io';

const USAGE = 'usage: npm run plan -- --stack NAME [--config-file PATH] [--json]';

async function main(): Promise<number> {
  // The Pulumi SDK records a stack trace for every promise it makes; mapping each one back to
  // TypeScript sources dominated plan time on large catalogs. User errors carry no stack anyway.
  process.setSourceMapsEnabled(false);
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        stack: { type: 'string' },
        'config-file': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.stack) {
    process.stderr.write(`--stack is required\n${USAGE}\n`);
    return 2;
  }
  const projectDir = path.resolve(__dirname, '..');
  const given = values['config-file'];
  const configFile = given ? path.resolve(shellDir(), given) : undefined;
  if (given && configFile && !fs.existsSync(configFile)) {
    process.stderr.write(`--config-file ${given}: file not found (resolved to ${configFile})\n${USAGE}\n`);
    return 2;
  }
  try {
    const plan = await planStack({ projectDir, stack: values.stack, ...(configFile ? { configFile } : {}) });
    process.stdout.write(`${values.json ? renderJson(plan) : renderText(plan)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    // A RunError carries an already-formatted user message (e.g. validation inside the program).
    if (RunError.isInstance(err)) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
