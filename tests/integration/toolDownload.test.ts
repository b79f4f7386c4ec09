// The download path of the tool getters (scripts/kube-apiserver.sh, scripts/pulumi-engine.sh), as
// GitHub's runners take it: official release archives from a base URL, used only when they match
// the checksum committed for them. Here the "release" is served from a loopback HTTP server, built
// from the real binaries this machine already has (scripts/kube-apiserver.sh and
// scripts/pulumi-engine.sh ran before the tests in .ci/run), and the checksum list is a temp folder
// (TOOLS_CHECKSUM_DIR), so the same scripts run end to end without the internet.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, removeTempDir, REPO_ROOT } from '../harness/kafka';

const KUBE_VERSION = 'v1.37.2';
const PULUMI_VERSION = `v${readFileSync(path.join(REPO_ROOT, '.github', 'pulumi-version'), 'utf8').trim()}`;

interface Run {
  code: number;
  stderr: string;
}

/** Runs a getter script with exactly this environment (no HOME cache, no tools on PATH). */
function runScript(script: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [path.join(REPO_ROOT, 'scripts', script)],
      { env, timeout: 240_000 },
      (err, _out, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

/** The first directory holding all these real binaries, or a clear failure. */
function realBinaries(names: string[], dirs: (string | undefined)[], getter: string): string {
  const dir = dirs.find((d) => d && names.every((n) => existsSync(path.join(d, n))));
  if (!dir)
    throw new Error(`${names.join(', ')} not found in ${dirs.join(', ')}: run bash scripts/${getter} first`);
  return dir;
}

/** A tar.gz with the binaries at `prefix/<name>`, as the publisher lays the archive out. */
async function archive(
  dir: string,
  file: string,
  prefix: string,
  from: string,
  names: string[],
): Promise<string> {
  const staging = path.join(dir, 'staging');
  await mkdir(path.join(staging, prefix), { recursive: true });
  for (const n of names) await copyFile(path.join(from, n), path.join(staging, prefix, n));
  const out = path.join(dir, 'serve', file);
  await mkdir(path.dirname(out), { recursive: true });
  execFileSync('tar', ['-czf', out, '-C', staging, prefix.split('/')[0]!]);
  return out;
}

const digest = (file: string, algo: 'sha512' | 'sha256') =>
  createHash(algo).update(readFileSync(file)).digest('hex');

describe('tool downloads are used only when they match the committed checksum', { timeout: 600_000 }, () => {
  let dir: string;
  let server: http.Server;
  let baseUrl: string;
  const requests: string[] = [];
  /** The PATH the scripts get: the system's, without kube-apiserver or pulumi. */
  let basePath: string;

  before(async () => {
    dir = await makeTempDir('tool-download-');
    const serveRoot = path.join(dir, 'serve');
    await mkdir(serveRoot, { recursive: true });
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const file = path.join(serveRoot, path.normalize(req.url ?? '/'));
      if (!file.startsWith(serveRoot) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      // With its length, as a release server sends it (pulumi refuses a plugin download without one).
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // This machine's system folders, minus any that holds one of the tools under test.
    basePath = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
      .filter(
        (d) =>
          !['kube-apiserver', 'kube-controller-manager', 'pulumi'].some((t) => existsSync(path.join(d, t))),
      )
      .join(':');
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await removeTempDir(dir);
  });

  it('kube-apiserver: a wrong version on PATH is skipped, a matching archive is installed, a mismatch refused', async () => {
    const real = realBinaries(
      ['kube-apiserver', 'kube-controller-manager'],
      [process.env.KUBE_BIN_DIR, path.join(os.homedir(), '.cache', `kube-${KUBE_VERSION}`, 'bin')],
      'kube-apiserver.sh',
    );
    const file = await archive(
      dir,
      `${KUBE_VERSION}/kubernetes-server-linux-amd64.tar.gz`,
      'kubernetes/server/bin',
      real,
      ['kube-apiserver', 'kube-controller-manager'],
    );
    const checksums = path.join(dir, 'checksums-kube');
    await mkdir(checksums);
    const list = path.join(checksums, `kubernetes-${KUBE_VERSION}.sha512`);
    await writeFile(list, `${digest(file, 'sha512')}  kubernetes-server-linux-amd64.tar.gz\n`);
    // An older kube-apiserver on PATH, as a runner image or a developer machine may have.
    const old = path.join(dir, 'old-kube');
    await mkdir(old);
    await writeFile(path.join(old, 'kube-apiserver'), '#!/bin/sh\necho "Kubernetes v1.30.0"\n', {
      mode: 0o755,
    });
    const home = path.join(dir, 'home-kube');
    await mkdir(home);
    const env = {
      HOME: home,
      PATH: `${old}:${basePath}`,
      KUBE_DOWNLOAD_BASE_URL: baseUrl,
      TOOLS_CHECKSUM_DIR: checksums,
      KUBE_INSTALL_PACKAGES: '0',
    };

    const ok = await runScript('kube-apiserver.sh', env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /kube-apiserver is v1\.30\.0, not v1\.37\.2: skipped/);
    assert.match(ok.stderr, /downloaded kubernetes-server-linux-amd64\.tar\.gz \(sha512 checksum matches/);
    const installed = path.join(home, '.cache', `kube-${KUBE_VERSION}`, 'bin');
    for (const b of ['kube-apiserver', 'kube-controller-manager']) {
      assert.match(
        execFileSync(path.join(installed, b), ['--version'], { encoding: 'utf8' }),
        /Kubernetes v1\.37\.2/,
      );
    }
    assert.ok(requests.includes(`/${KUBE_VERSION}/kubernetes-server-linux-amd64.tar.gz`));

    // Second run: the cache, no download.
    const before = requests.length;
    const cached = await runScript('kube-apiserver.sh', env);
    assert.equal(cached.code, 0, cached.stderr);
    assert.match(cached.stderr, /\(v1\.37\.2, cached\)/);
    assert.equal(requests.length, before);

    // A checksum that does not match: refused, nothing installed, no fallback to another source.
    const home2 = path.join(dir, 'home-kube-2');
    await mkdir(home2);
    await writeFile(list, `${'0'.repeat(128)}  kubernetes-server-linux-amd64.tar.gz\n`);
    const bad = await runScript('kube-apiserver.sh', { ...env, HOME: home2 });
    assert.equal(bad.code, 4, bad.stderr);
    assert.match(
      bad.stderr,
      /REFUSED http:\/\/127\.0\.0\.1:\d+\/v1\.37\.2\/kubernetes-server-linux-amd64\.tar\.gz: its sha512 checksum is [0-9a-f]{128}, but the publisher's checksum committed in .*kubernetes-v1\.37\.2\.sha512 is 0{128}/,
    );
    assert.doesNotMatch(bad.stderr, /building from Go modules/);
    assert.ok(!existsSync(path.join(home2, '.cache', `kube-${KUBE_VERSION}`, 'bin', 'kube-apiserver')));
  });

  it('pulumi engine: an older pulumi on PATH is skipped, a matching release archive is installed, a mismatch refused', async () => {
    const real = realBinaries(
      ['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-kubernetes'],
      [
        process.env.PULUMI_ENGINE_DIR && path.join(process.env.PULUMI_ENGINE_DIR, 'bin'),
        path.join(os.homedir(), '.cache', `pulumi-engine-${PULUMI_VERSION}`, 'bin'),
      ],
      'pulumi-engine.sh',
    );
    const name = `pulumi-${PULUMI_VERSION}-linux-x64.tar.gz`;
    const file = await archive(dir, name, 'pulumi', real, ['pulumi', 'pulumi-language-nodejs']);
    const checksums = path.join(dir, 'checksums-pulumi');
    await mkdir(checksums);
    const list = path.join(checksums, `pulumi-${PULUMI_VERSION}.sha256`);
    await writeFile(list, `${digest(file, 'sha256')}  ${name}\n`);
    const old = path.join(dir, 'old-pulumi');
    await mkdir(old);
    await writeFile(path.join(old, 'pulumi'), '#!/bin/sh\necho v3.190.0\n', { mode: 0o755 });
    // The plugin is already in the engine folder (its own cache): only the CLI is downloaded here.
    const engine = path.join(dir, 'engine');
    await mkdir(path.join(engine, 'bin'), { recursive: true });
    await copyFile(
      path.join(real, 'pulumi-resource-kubernetes'),
      path.join(engine, 'bin', 'pulumi-resource-kubernetes'),
    );
    await chmod(path.join(engine, 'bin', 'pulumi-resource-kubernetes'), 0o755);
    await mkdir(path.join(dir, 'home-pulumi'));
    const env = {
      HOME: path.join(dir, 'home-pulumi'),
      PATH: `${old}:${basePath}`,
      PULUMI_ENGINE_DIR: engine,
      PULUMI_DOWNLOAD_BASE_URL: baseUrl,
      TOOLS_CHECKSUM_DIR: checksums,
    };
    const ok = await runScript('pulumi-engine.sh', env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stderr,
      /pulumi is v3\.190\.0, not v3\.248\.0 \(\.github\/pulumi-version\) with its language host: skipped/,
    );
    assert.match(
      ok.stderr,
      new RegExp(`downloaded ${name.replace(/\./g, '\\.')} \\(sha256 checksum matches`),
    );
    assert.equal(
      execFileSync(path.join(engine, 'bin', 'pulumi'), ['version'], { encoding: 'utf8' }).trim(),
      PULUMI_VERSION,
    );
    assert.ok(existsSync(path.join(engine, 'bin', 'pulumi-language-nodejs')));

    const engine2 = path.join(dir, 'engine-2');
    await writeFile(list, `${'f'.repeat(64)}  ${name}\n`);
    const bad = await runScript('pulumi-engine.sh', { ...env, PULUMI_ENGINE_DIR: engine2 });
    assert.equal(bad.code, 4, bad.stderr);
    assert.match(
      bad.stderr,
      /REFUSED .*: its sha256 checksum is [0-9a-f]{64}, but the publisher's checksum committed in .*pulumi-v3\.248\.0\.sha256 is f{64}/,
    );
    assert.ok(!existsSync(path.join(engine2, 'bin', 'pulumi')));
  });
  it('the Kubernetes plugin: `pulumi plugin install` from the plugin server, under a HOME that is not the account home', async () => {
    const real = realBinaries(
      ['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-kubernetes'],
      [
        process.env.PULUMI_ENGINE_DIR && path.join(process.env.PULUMI_ENGINE_DIR, 'bin'),
        path.join(os.homedir(), '.cache', `pulumi-engine-${PULUMI_VERSION}`, 'bin'),
      ],
      'pulumi-engine.sh',
    );
    const version = /^K8S_PLUGIN_VERSION=(\S+)$/m.exec(
      readFileSync(path.join(REPO_ROOT, 'scripts', 'pulumi-engine.sh'), 'utf8'),
    )![1]!;
    // The layout `pulumi plugin install --server URL` reads: URL/pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz
    // with the binary at the archive's root.
    const plugins = path.join(dir, 'serve', 'plugins');
    await mkdir(plugins, { recursive: true });
    execFileSync('tar', [
      '-czf',
      path.join(plugins, `pulumi-resource-kubernetes-v${version}-linux-amd64.tar.gz`),
      '-C',
      real,
      'pulumi-resource-kubernetes',
    ]);
    // The engine itself is cached; only the plugin is missing. HOME differs from the account's home
    // (as in an empty-HOME CI run or a container): pulumi reads its home from the user database
    // unless PULUMI_HOME says otherwise, so the plugin must still land where the script looks.
    const engine = path.join(dir, 'engine-plugin');
    await mkdir(path.join(engine, 'bin'), { recursive: true });
    for (const n of ['pulumi', 'pulumi-language-nodejs']) {
      await copyFile(path.join(real, n), path.join(engine, 'bin', n));
      await chmod(path.join(engine, 'bin', n), 0o755);
    }
    const home = path.join(dir, 'home-plugin');
    await mkdir(home);
    const run = await runScript('pulumi-engine.sh', {
      HOME: home,
      PATH: basePath,
      PULUMI_ENGINE_DIR: engine,
      PULUMI_PLUGIN_SERVER: `${baseUrl}/plugins`,
      // Fail fast instead of falling back to the 10-minute Go build if the install is not found.
      GOFLAGS: '-mod=readonly',
      GOPROXY: 'off',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `pulumi-resource-kubernetes ${version.replace(/\./g, '\\.')}: installed by pulumi plugin install`,
      ),
    );
    assert.ok(existsSync(path.join(engine, 'bin', 'pulumi-resource-kubernetes')));
    assert.ok(
      existsSync(
        path.join(
          home,
          '.pulumi',
          'plugins',
          `resource-kubernetes-v${version}`,
          'pulumi-resource-kubernetes',
        ),
      ),
    );
    assert.ok(requests.includes(`/plugins/pulumi-resource-kubernetes-v${version}-linux-amd64.tar.gz`));
  });
});
