// Baseline of npm run bench:up: what the engine costs per dynamic resource when the provider
// does nothing. Same inputs as the kafka-platform program gives its topics, under a component,
// registered through the same language host.
import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';

const config = new pulumi.Config('trivial');
const catalog = parse(readFileSync(config.require('catalog'), 'utf8')) as {
  topics: { name: string; partitions: number; config?: Record<string, string> }[];
};
const connection = { brokers: [config.require('bootstrapServers')], tls: false, connectTimeoutMs: 10000 };
const owner = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;

const nothing: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: inputs.name, outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super(nothing, name, props, opts, 'bench', 'Trivial');
  }
}

class Cluster extends pulumi.ComponentResource {
  constructor(name: string) {
    super('bench:index:Cluster', name);
    for (const topic of catalog.topics) {
      new Trivial(
        topic.name,
        {
          name: topic.name,
          partitions: topic.partitions,
          replicationFactor: 1,
          configs: topic.config ?? {},
          connection,
          allowDeletion: false,
          owner,
          adoption: 'unmanaged',
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}

new Cluster('local');
