import { execFile } from 'node:child_process';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { BenchTopic, changed, ModeResult } from './catalog';
import { measure } from './processTree';

const run = promisify(execFile);

/** The Mongey provider's address on the OpenTofu registry, and its version benchmarked. */
const PROVIDER = 'registry.opentofu.org/mongey/kafka';
const VERSION = '0.13.1';

/**
 * The peer a user would pick instead: OpenTofu (`BENCH_TOFU`, the binary) with the Mongey Kafka
 * provider (`BENCH_TOFU_PROVIDER`: the provider binary, or a filesystem mirror directory holding
 * registry.opentofu.org/mongey/kafka/0.13.1/linux_amd64/), on the same broker and catalog shape.
 * Same operations as the Pulumi modes: apply (create), `plan -refresh=false` (no-op preview),
 * `plan` (reads every topic, like preview --refresh), a one-topic change applied, state size.
 * Resource arguments follow the provider's docs:
 * https://github.com/Mongey/terraform-provider-kafka/blob/v0.13.1/docs/resources/topic.md
 */
export async function runPeer(
  tofu: string,
  providerPath: string,
  dir: string,
  bootstrap: string,
  topics: readonly BenchTopic[],
): Promise<ModeResult> {
  const mirror = mirrorOf(providerPath, dir);
  const cliConfig = path.join(dir, 'tofu.rc');
  // https://opentofu.org/docs/cli/config/config-file/#provider-installation
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n    include = ["${PROVIDER}"]\n  }\n}\n`,
  );
  const work = path.join(dir, 'tofu');
  mkdirSync(work, { recursive: true });
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  const tf = (...args: string[]) => run(tofu, args, { cwd: work, env, maxBuffer: 256 * 1024 * 1024 });
  const write = (list: readonly BenchTopic[]) =>
    writeFileSync(path.join(work, 'main.tf'), configuration(bootstrap, list));

  write(topics);
  await tf('init', '-input=false', '-no-color');
  const roots = ['tofu'];
  const create = await measure(roots, () => tf('apply', '-auto-approve', '-input=false', '-no-color'));
  const state = statSync(path.join(work, 'terraform.tfstate')).size;
  const preview = await measure(roots, () => tf('plan', '-refresh=false', '-input=false', '-no-color'));
  const refresh = await measure(roots, () => tf('plan', '-input=false', '-no-color'));
  write(topics.map((t, i) => (i === 0 ? changed(t) : t)));
  const change = await measure(roots, () => tf('apply', '-auto-approve', '-input=false', '-no-color'));
  return { create, preview, refresh, change, state };
}

function configuration(bootstrap: string, topics: readonly BenchTopic[]): string {
  const resources = topics.map(
    (t, i) =>
      `resource "kafka_topic" "t${i}" {\n  name = ${JSON.stringify(t.name)}\n  partitions = ${t.partitions}\n` +
      `  replication_factor = 1\n  config = {\n${Object.entries(t.config)
        .map(([k, v]) => `    ${JSON.stringify(k)} = ${JSON.stringify(v)}`)
        .join('\n')}\n  }\n}\n`,
  );
  return (
    `terraform {\n  required_providers {\n    kafka = {\n      source = "${PROVIDER}"\n      version = "${VERSION}"\n    }\n  }\n}\n` +
    `provider "kafka" {\n  bootstrap_servers = [${JSON.stringify(bootstrap)}]\n  tls_enabled = false\n}\n` +
    resources.join('')
  );
}

/** A filesystem mirror directory: the given one, or one made around the given provider binary. */
function mirrorOf(providerPath: string, dir: string): string {
  if (statSync(providerPath).isDirectory()) return providerPath;
  const mirror = path.join(dir, 'mirror');
  const platform = path.join(mirror, PROVIDER, VERSION, 'linux_amd64');
  mkdirSync(platform, { recursive: true });
  symlinkSync(path.resolve(providerPath), path.join(platform, `terraform-provider-kafka_v${VERSION}`));
  return mirror;
}
