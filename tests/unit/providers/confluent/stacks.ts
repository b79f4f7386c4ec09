import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Plan, Synthesis } from '../../../../plan/plan';
import { PROJECT_DIR, synthesizeWith } from '../../../harness/plan';

/** A stack config of the basic example with `confluent` merged into kafka:confluent and `extra` on top. */
export function basicWith(
  confluent: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const file = path.join(PROJECT_DIR, 'providers', 'confluent', 'examples', 'basic.yaml');
  const config = (parse(fs.readFileSync(file, 'utf8')) as { config: Record<string, unknown> }).config;
  return {
    ...config,
    'kafka:confluent': { ...(config['kafka:confluent'] as object), ...confluent },
    ...extra,
  };
}

/** The real program run offline for an in-memory stack config: the synthesis (secrets in clear) and its plan. */
export function synthesize(
  config: Record<string, unknown>,
  stack = 'test',
): Promise<{ synthesis: Synthesis; plan: Plan }> {
  return synthesizeWith(config, stack);
}

/** A catalog file in a temp dir (absolute path for kafka:catalog). */
export function catalogFile(yamlText: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-platform-confluent-catalog-'));
  const file = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(file, yamlText);
  return file;
}

/** Resource type tokens the backend registers. */
export const T = {
  provider: 'pulumi:providers:confluentcloud',
  environment: 'confluentcloud:index/environment:Environment',
  cluster: 'confluentcloud:index/kafkaCluster:KafkaCluster',
  account: 'confluentcloud:index/serviceAccount:ServiceAccount',
  binding: 'confluentcloud:index/roleBinding:RoleBinding',
  key: 'confluentcloud:index/apiKey:ApiKey',
  topic: 'confluentcloud:index/kafkaTopic:KafkaTopic',
  acl: 'confluentcloud:index/kafkaAcl:KafkaAcl',
} as const;
