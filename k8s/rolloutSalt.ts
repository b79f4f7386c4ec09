import * as pulumi from '@pulumi/pulumi';

interface SaltOuts {
  salt: string;
}

/**
 * Makes 32 random bytes once and keeps them in state. No inputs, so no later run ever changes
 * them: the connection hashes stay stable until the stack itself is recreated.
 */
const saltProvider: pulumi.dynamic.ResourceProvider<Record<string, never>, SaltOuts> = {
  async create() {
    // Required inside the method: the provider is serialized into state and rehydrated by the
    // dynamic provider host, where a plain require of a built-in always resolves.
    const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
    return { id: 'rollout-salt', outs: { salt: randomBytes(32).toString('hex') } };
  },
  async diff() {
    return { changes: false };
  },
};

/**
 * The stack's key for connection hashes (k8s/connectionHash.ts). A Pulumi secret that never
 * leaves state: not written to the cluster, not exported.
 */
export class RolloutSalt extends pulumi.dynamic.Resource {
  declare readonly salt: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super(
      saltProvider,
      name,
      { salt: undefined },
      { ...opts, additionalSecretOutputs: ['salt'] },
      'k8s',
      'RolloutSalt',
    );
  }
}

/** Type token of RolloutSalt, for the offline plan's computed values. */
export const ROLLOUT_SALT_TYPE = 'pulumi-nodejs:dynamic/k8s:RolloutSalt';
