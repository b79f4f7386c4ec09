// client/ as services get it: the packed @kafka-platform/client tarball, installed into a project
// of its own with nothing of this repository around it, compiles against its type declarations
// and runs. An import from the program (../config, ...) would be missing there and fail.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeTempDir, removeTempDir, REPO_ROOT } from '../harness/kafka';

const run = promisify(execFile);
const TIMEOUT = { timeout: 180_000 };

const CONSUMER = `import { Kafka, CompressionCodecs, CompressionTypes } from 'kafkajs';
import {
  COMPRESSIONS,
  DualWriteMessageQueue,
  kafkaConfigFromEnv,
  kafkaQueueFromEnv,
  SpoolFullError,
  ValidationError,
} from '@kafka-platform/client';

const config = kafkaConfigFromEnv({ KAFKA_BROKER_URL: 'localhost:19092', KAFKA_CLIENT_ID: 'orders-svc' });
new Kafka(config);
const queue = kafkaQueueFromEnv({ KAFKA_BROKER_URL: 'localhost:19092' }, { compression: 'zstd' });
let problems = 0;
try {
  kafkaConfigFromEnv({});
} catch (err) {
  if (err instanceof ValidationError) problems = err.problems.length;
}
const codecs = [CompressionTypes.Snappy, CompressionTypes.LZ4, CompressionTypes.ZSTD].map(
  (t) => typeof (CompressionCodecs[t as CompressionTypes.Snappy]() as { decompress: unknown }).decompress,
);
console.log(
  JSON.stringify({
    brokers: config.brokers,
    clientId: config.clientId,
    compressions: COMPRESSIONS,
    codecs,
    problems,
    classes: [typeof DualWriteMessageQueue, typeof SpoolFullError, queue.transport],
  }),
);
`;

describe('@kafka-platform/client as a package', TIMEOUT, () => {
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map(removeTempDir)));

  it('packs dist/ with type declarations; a separate project compiles and runs against it', async () => {
    const dir = await makeTempDir('client-package-');
    dirs.push(dir);
    // prepack builds dist/ from the sources.
    const { stdout } = await run(
      'npm',
      ['pack', '--workspace', 'client', '--pack-destination', dir, '--json'],
      {
        cwd: REPO_ROOT,
      },
    );
    const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    const files = packed.files.map((f) => f.path);
    assert.ok(files.includes('dist/index.js') && files.includes('dist/index.d.ts'));
    assert.deepEqual(
      files.filter((f) => !f.startsWith('dist/') && f !== 'package.json'),
      [],
      'only the build and package.json are published',
    );

    // A service project: the package plus its dependencies, none of this repository's sources.
    const modules = path.join(dir, 'service', 'node_modules');
    await mkdir(path.join(modules, '@kafka-platform'), { recursive: true });
    await run('tar', ['-xzf', path.join(dir, packed.filename), '-C', path.join(modules, '@kafka-platform')]);
    await rename(
      path.join(modules, '@kafka-platform', 'package'),
      path.join(modules, '@kafka-platform', 'client'),
    );
    // The package's own dependencies (and the platform binaries they ship as optional packages),
    // read from its package.json so a new dependency cannot be missed here; the peers a service adds.
    const manifest = (name: string) =>
      JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        optionalDependencies?: Record<string, string>;
      };
    const own = Object.keys(
      (
        JSON.parse(readFileSync(path.join(REPO_ROOT, 'client', 'package.json'), 'utf8')) as {
          dependencies: Record<string, string>;
        }
      ).dependencies,
    );
    const platform = own.flatMap((name) =>
      Object.keys(manifest(name).optionalDependencies ?? {}).filter((o) =>
        existsSync(path.join(REPO_ROOT, 'node_modules', o)),
      ),
    );
    const top = (name: string) => (name.startsWith('@') ? name.split('/')[0]! : name);
    const deps = [...new Set([...own, ...platform, 'kafkajs', '@aws-sdk', '@types'].map(top))];
    for (const dep of deps) await symlink(path.join(REPO_ROOT, 'node_modules', dep), path.join(modules, dep));
    const service = path.join(dir, 'service');
    await writeFile(path.join(service, 'consumer.ts'), CONSUMER);
    await writeFile(
      path.join(service, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'commonjs',
          moduleResolution: 'node',
          target: 'ES2022',
          types: ['node'],
          skipLibCheck: true,
          outDir: 'out',
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', service]);
    assert.deepEqual(await readdir(path.join(service, 'out')), ['consumer.js']);

    const result = await run(process.execPath, [path.join(service, 'out', 'consumer.js')], { cwd: service });
    assert.deepEqual(JSON.parse(result.stdout), {
      brokers: ['localhost:19092'],
      clientId: 'orders-svc',
      compressions: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
      codecs: ['function', 'function', 'function'],
      problems: 1,
      classes: ['function', 'function', 'kafka'],
    });
  });
});
