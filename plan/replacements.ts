import * as gcp from './providerSchemas/gcp.json';
import { VENDORED_SCHEMAS } from './providerSchema';

/**
 * Input properties whose change makes the provider replace the resource, per resource type, from
 * the providers' published schemas reduced by scripts/reduce-provider-schema.ts (bridged providers
 * set `willReplaceOnChanges` from the upstream Terraform provider's `ForceNew`). Only top-level
 * inputs: a ForceNew inside a nested block is not listed. Vendored: Confluent (see
 * plan/providerSchema.ts for why AWS and azure-native are not); Google (gcp) holds only ForceNew,
 * reduced from the upstream Terraform provider by scripts/reduce-terraform-schema.ts, so it feeds
 * this replacement check and not the per-resource input check.
 */
const REPLACE_ON_CHANGES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [...VENDORED_SCHEMAS, gcp]
    .flatMap((s) => Object.entries(s.resources))
    .map(([type, r]) => [type, r.replaceOnChanges as readonly string[]]),
);

export { VENDORED_SCHEMAS };

/** Which changed input paths (`inputs.region`, `inputs.kafkaCluster.id`) force a replacement of a resource of `type`. */
export function replacingPaths(type: string, paths: readonly string[]): string[] {
  const forcing = REPLACE_ON_CHANGES[type];
  if (!forcing) return [];
  return paths.filter((p) => {
    const [root, input] = p.split('.');
    return root === 'inputs' && input !== undefined && forcing.includes(input);
  });
}
