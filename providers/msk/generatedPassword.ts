import * as pulumi from '@pulumi/pulumi';

interface PasswordInputs {
  /** Characters of the password; changing it makes a new password. */
  length: number;
}
interface PasswordOutputs extends PasswordInputs {
  result: string;
}

/**
 * Makes a password once, at create, from Node's CSPRNG, and keeps it in state (encrypted, as a
 * secret output) so later runs reuse it. The same contract as random.RandomPassword without a new
 * provider plugin; a data source (secretsmanager.getRandomPassword) would instead return a new
 * value on every run and rotate the password each time.
 */
export class PasswordProvider implements pulumi.dynamic.ResourceProvider<PasswordInputs, PasswordOutputs> {
  async diff(_id: string, olds: PasswordOutputs, news: PasswordInputs): Promise<pulumi.dynamic.DiffResult> {
    const changed = olds.length !== news.length;
    return { changes: changed, replaces: changed ? ['length'] : [], deleteBeforeReplace: false };
  }

  async create(inputs: PasswordInputs): Promise<pulumi.dynamic.CreateResult<PasswordOutputs>> {
    // Required here so the serialised provider carries no captured module state.
    const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
    // URL-safe base64: letters, digits, "-" and "_" (no characters that need escaping anywhere).
    const result = randomBytes(inputs.length).toString('base64url').slice(0, inputs.length);
    return { id: `password-${randomBytes(4).toString('hex')}`, outs: { length: inputs.length, result } };
  }
}

const passwordProvider = new PasswordProvider();

export class GeneratedPassword extends pulumi.dynamic.Resource {
  /** The password; always a Pulumi secret. */
  declare readonly result: pulumi.Output<string>;

  constructor(name: string, args: { length: number }, opts?: pulumi.CustomResourceOptions) {
    super(
      passwordProvider,
      name,
      { length: args.length, result: undefined },
      { ...opts, additionalSecretOutputs: ['result'] },
      'kafka-platform',
      'GeneratedPassword',
    );
  }

  /** The password as a secret even where the engine does not mark it (e.g. the mock runtime). */
  secret(): pulumi.Output<string> {
    return pulumi.secret(this.result);
  }
}
