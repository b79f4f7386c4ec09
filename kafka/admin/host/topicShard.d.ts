// Each entry point (topic.js, topicShard.js, ownership.js, acls.js) exports a Pulumi dynamic ResourceProvider.
import type * as pulumi from '@pulumi/pulumi';
declare const provider: pulumi.dynamic.ResourceProvider;
export = provider;
