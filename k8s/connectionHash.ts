import { createHmac } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import { ServiceEnv } from './env';

/** Pod-template annotation whose change rolls a Deployment's pods when its Kafka settings change. */
export const CONNECTION_HASH_ANNOTATION = 'kafka-platform/connection-hash';

/**
 * HMAC-SHA256 of every env value a service reads through envFrom (its ConfigMap and Secret), as
 * lowercase hex. Pure and deterministic: key order does not matter, any changed value (broker
 * list, protocol, topics, rotated password) changes it, and nothing else does.
 *
 * Keyed with a per-stack random salt (see RolloutSalt) because the annotation is readable by anyone
 * who may read Deployments, a wider audience than may read Secrets: an unkeyed hash of a
 * user-chosen password could be checked against a dictionary offline. With a 256-bit key kept only
 * in Pulumi state (as a secret), the annotation reveals nothing about the values.
 */
export function connectionHash(env: Readonly<Record<string, string>>, salt: string): string {
  if (salt.length < 32) throw new Error('connectionHash: the salt must be at least 32 characters');
  const canonical = JSON.stringify(
    Object.keys(env)
      .sort()
      .map((k) => [k, env[k]]),
  );
  return createHmac('sha256', salt).update(canonical).digest('hex');
}

/**
 * The hash of a service's whole env as a non-secret Output. The inputs are secrets, so the result
 * would be marked secret too; it is unmarked on purpose, because an HMAC under a secret key
 * discloses nothing and must stay visible in previews to explain why pods roll.
 */
export function connectionHashOf(env: ServiceEnv, salt: pulumi.Input<string>): pulumi.Output<string> {
  const hash = pulumi
    .all([pulumi.output(env.config), pulumi.output(env.secret), salt])
    .apply(([config, secret, key]) => connectionHash({ ...config, ...secret }, key));
  return pulumi.unsecret(hash);
}
