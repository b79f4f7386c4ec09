import * as confluentcloud from './providerSchemas/confluentcloud.json';
import * as gcp from './providerSchemas/gcp.json';

/**
 * Input properties whose change makes the provider replace the resource, per resource type, from
 * the providers' published schemas reduced by scripts/reduce-provider-schema.ts (bridged providers
 * set `willReplaceOnChanges` from the upstream Terraform provider's `ForceNew`). Only top-level
 * inputs: a ForceNew inside a nested block is not listed. Vendored: Confluent, Google (gcp: reduced
 * from the upstream Terraform provider by scripts/reduce-terraform-schema.ts), (the schemas of
 * @pulumi/aws and @pulumi/azure-native were not reduced yet).
 */
const REPLACE_ON_CHANGES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [confluentcloud, gcp].flatMap((schema) =>
    Object.entries(schema.resources).map(([type, r]) => [type, r.replaceOnChanges as readonly string[]]),
  ),
);

/** The vendored schemas, for the test that checks them against their source and checksum. */
export const VENDORED_SCHEMAS = [confluentcloud, gcp] as const;

/** Which changed input paths (`inputs.region`, `inputs.kafkaCluster.id`) force a replacement of a resource of `type`. */
export function replacingPaths(type: string, paths: readonly string[]): string[] {
  const forcing = REPLACE_ON_CHANGES[type];
  if (!forcing) return [];
  return paths.filter((p) => {
    const [root, input] = p.split('.');
    return root === 'inputs' && input !== undefined && forcing.includes(input);
  });
}
