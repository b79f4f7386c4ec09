import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { COMPOSE_FILE, renderComposeFile } from '../compose/composeFile';
import { ENV_DIR, renderEnvFiles } from '../compose/envFiles';
import { renderObservabilityFiles } from '../compose/monitoringProfile';
import { formatProblems } from '../config/problems';
import { DEFAULT_CATALOG } from '../config/stackSettings';
import { loadCatalog } from '../topics/loadCatalog';
import { staleFiles, writeOrCheck } from './generatedFiles';

/**
 * Writes the local-development files generated from the catalog: docker-compose.kafka.yml and
 * the env files under compose/env/ and the monitoring profile's configuration under compose/monitoring/. `--check` writes nothing and exits 1 when a committed file differs.
 */
function main(): number {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const projectDir = path.resolve(__dirname, '..');
  const { catalog, problems } = loadCatalog(DEFAULT_CATALOG, projectDir);
  if (problems.length > 0) {
    process.stderr.write(`${formatProblems(problems)}\n`);
    return 2;
  }
  const wanted = [
    { path: COMPOSE_FILE, content: renderComposeFile(catalog) },
    ...renderEnvFiles(catalog),
    ...renderObservabilityFiles(catalog),
  ];
  const stale = staleFiles(projectDir, ENV_DIR, '.env', wanted, 'no such service in the catalog');
  return writeOrCheck({ projectDir, wanted, stale, check: values.check, script: 'compose:generate' });
}

process.exit(main());
