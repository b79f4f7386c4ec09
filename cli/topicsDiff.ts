import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblems } from '../config/problems';
import { DEFAULT_CATALOG } from '../config/stackSettings';
import { readClusterTopics } from '../kafka/admin/clusterTopics';
import { adminFor, closeAdmins } from '../kafka/admin/connection';
import { diffCatalog, renderDiffText } from '../topics/diffCatalog';
import { loadCatalog } from '../topics/loadCatalog';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, connectionFromArgs, readFrom } from './clusterArgs';
import { CliIo, EXIT, runMain } from './io';

const USAGE =
  `usage: npm run topics:diff -- ${CLUSTER_USAGE}\n` +
  `         [--catalog FILE (default: the project's ${DEFAULT_CATALOG})] [--default-replication-factor N] [--json]\n` +
  '  Compares the catalog with a live cluster: missing and extra topics, partitions, replication\n' +
  '  factor, configs. Exit: 0 no drift, 1 drift, 2 bad usage or invalid catalog, 3 cluster unreachable.';

const PROJECT_DIR = path.resolve(__dirname, '..');

/** `topics:diff`: drift between the catalog and a live cluster. */
export async function runTopicsDiff(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...CLUSTER_OPTIONS,
        catalog: { type: 'string' },
        'default-replication-factor': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return EXIT.ok;
  }
  const { connection, problems } = connectionFromArgs(values, io.env, readFrom(io.cwd));
  const rfText = values['default-replication-factor'];
  const defaultReplicationFactor = rfText === undefined ? undefined : Number(rfText);
  if (
    defaultReplicationFactor !== undefined &&
    !(Number.isInteger(defaultReplicationFactor) && defaultReplicationFactor >= 1)
  ) {
    problems.push(`--default-replication-factor: "${rfText}" must be a whole number >= 1`);
  }
  // A path the user typed is relative to their directory; the default is the project's catalog.
  const catalogFile = values.catalog ?? DEFAULT_CATALOG;
  const { catalog, problems: catalogProblems } =
    values.catalog === undefined
      ? loadCatalog(catalogFile, PROJECT_DIR)
      : loadCatalog(values.catalog, io.cwd, '--catalog');
  if (catalogProblems.length > 0) problems.push(formatProblems(catalogProblems));
  if (!connection || problems.length > 0) {
    io.err(`${problems.join('\n')}\n${USAGE}\n`);
    return EXIT.usage;
  }

  let live;
  try {
    ({ topics: live } = await readClusterTopics(await adminFor(connection)));
  } finally {
    await closeAdmins();
  }
  const diff = diffCatalog(catalog.topics, live, {
    ...(defaultReplicationFactor !== undefined ? { defaultReplicationFactor } : {}),
  });
  const where = connection.brokers.join(',');
  if (values.json) {
    io.out(
      `${JSON.stringify({ catalog: catalogFile, cluster: where, clean: diff.drift.length === 0, ...diff }, null, 2)}\n`,
    );
  } else {
    io.out(`${renderDiffText(diff, where)}\n`);
  }
  return diff.drift.length === 0 ? EXIT.ok : EXIT.drift;
}

if (require.main === module) runMain(runTopicsDiff);
