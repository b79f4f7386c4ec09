import type * as pulumi from '@pulumi/pulumi';

/**
 * The dynamic providers of this folder, as the engine's provider host loads them. Each is the
 * export of a module in the small `@kafka-platform/kafka-admin-host` package (./host), which npm
 * installs as a copy in node_modules: Pulumi's function serialiser then stores a provider in the
 * state as one `require(...)` of about 300 bytes instead of its whole code by value (29 KB per
 * topic before, in both inputs and outputs, which made a 1,000-topic state 62 MB). Its methods
 * load the real implementation from the project when first called, so every resource, old state
 * included, runs today's code, and classes keep working (a serialised `class extends Error` lost
 * its message).
 */
export const HOST_PACKAGE = '@kafka-platform/kafka-admin-host';

export const topicHost: pulumi.dynamic.ResourceProvider = require('@kafka-platform/kafka-admin-host/topic.js');
export const topicShardHost: pulumi.dynamic.ResourceProvider = require('@kafka-platform/kafka-admin-host/topicShard.js');
export const ownershipHost: pulumi.dynamic.ResourceProvider = require('@kafka-platform/kafka-admin-host/ownership.js');
export const aclHost: pulumi.dynamic.ResourceProvider = require('@kafka-platform/kafka-admin-host/acls.js');

/** Whether a resource's stored provider predates the host package (a whole serialised copy). */
export function isLegacyProvider(stored: unknown): boolean {
  return typeof stored === 'string' && !stored.includes(HOST_PACKAGE);
}
