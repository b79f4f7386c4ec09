import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblems } from '../config/problems';
import { readClusterTopics } from '../kafka/admin/clusterTopics';
import { adminFor, closeAdmins } from '../kafka/admin/connection';
import { Catalog } from '../topics/catalog';
import { exportCatalogText } from '../topics/exportCatalog';
import { loadCatalog } from '../topics/loadCatalog';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, connectionFromArgs, readFrom } from './clusterArgs';
import { CliIo, EXIT, runMain } from './io';

const USAGE =
  `usage: npm run topics:export -- ${CLUSTER_USAGE}\n` +
  '         [--out FILE [--force]] [--merge CATALOG] [--without-replication-factor]\n' +
  '  Writes a catalog of every non-internal topic (stdout without --out). --merge keeps the services,\n' +
  '  descriptions and topic order of an existing catalog; --out refuses to replace an existing file\n' +
  '  without --force (to update a catalog in place: --merge FILE --out FILE --force). Exit: 0 written,\n' +
  '  1 written but the merged catalog has problems, 2 bad usage, 3 cluster unreachable.';

/** `topics:export`: a catalog from a live cluster. */
export async function runTopicsExport(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...CLUSTER_OPTIONS,
        out: { type: 'string' },
        merge: { type: 'string' },
        'without-replication-factor': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
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
  let base: Catalog | undefined;
  if (values.merge !== undefined) {
    const loaded = loadCatalog(values.merge, io.cwd, '--merge');
    if (loaded.problems.length > 0) problems.push(formatProblems(loaded.problems));
    else base = loaded.catalog;
  }
  const out = values.out === undefined ? undefined : path.resolve(io.cwd, values.out);
  if (out !== undefined && fs.existsSync(out) && !values.force) {
    // A catalog holds services and descriptions a cluster cannot give back: never replace one silently.
    const keep = values.merge === undefined ? ` --merge ${values.out}` : '';
    problems.push(
      `--out ${values.out}: ${out} already exists; add --force to replace it` +
        (keep ? `, or${keep} --force to update it keeping its services and descriptions` : ''),
    );
  }
  if (!connection || problems.length > 0) {
    io.err(`${problems.join('\n')}\n${USAGE}\n`);
    return EXIT.usage;
  }

  let live;
  let internal: string[];
  try {
    ({ topics: live, internal } = await readClusterTopics(await adminFor(connection)));
  } finally {
    await closeAdmins();
  }
  const result = exportCatalogText(live, connection.brokers.join(','), {
    ...(base ? { base } : {}),
    omitReplicationFactor: values['without-replication-factor'],
  });
  if (out !== undefined) {
    // Temp file and rename: an interrupted export never leaves half a catalog behind.
    const temp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(temp, result.text);
    fs.renameSync(temp, out);
    io.err(`wrote ${values.out}\n`);
  } else {
    io.out(result.text);
  }
  io.err(
    `exported ${result.catalog.topics.length} topic(s); left out ${internal.length} internal topic(s)\n`,
  );
  for (const s of result.skipped) io.err(`not exported: ${s.topic} ${s.key}=${s.value} (${s.reason})\n`);
  if (result.problems.length > 0) {
    io.err(`${formatProblems(result.problems)}\nFix these before committing the catalog.\n`);
    return EXIT.drift;
  }
  return EXIT.ok;
}

if (require.main === module) runMain(runTopicsExport);
