import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { accessIntent } from '../../kafka/access';
import { principalOf } from '../../kafka/acls';
import { Service } from '../../topics/catalog';
import { ServiceAccess } from '../backend';
import { ConfluentAclRule, confluentAcls } from './acls';
import { credentialsOf, KafkaAdminAccess, kafkaApiKey } from './apiKeys';
import { ClusterRef } from './confluentCluster';

export interface ConfluentServiceAccessArgs {
  /** The catalog service: its topics and groups decide its ACLs. */
  service: Service;
  /** Display name of its service account (unique in the organisation). */
  displayName: string;
  cluster: ClusterRef;
  /** The cluster's REST endpoint and the manager key the ACLs are created with. */
  admin: KafkaAdminAccess;
  /**
   * Versions of its Kafka API key that exist, ascending; the last is delivered. Two during a
   * rotation, so pods still running with the old key keep working while the new one rolls out.
   */
  keyVersions: number[];
}

/**
 * The Pulumi name of one ACL: stable per (service, resource, operation), readable in plans. The
 * resource name keeps its case: Kafka names are case-sensitive, so `Orders` and `orders` are two
 * topics and need two ACL resources (a URN may be registered only once).
 */
export function aclName(service: string, rule: ConfluentAclRule): string {
  return `${service}-${rule.resourceType.toLowerCase()}-${rule.resourceName}-${rule.operation.toLowerCase()}`;
}

/**
 * The name an ACL had when names were lower-cased whole, when that differs from its name now and
 * no other ACL of the service holds it: an alias, so a stack that already has the ACL keeps it
 * (a new resource plus deletion of the old one would delete the one binding both stand for).
 */
export function formerAclName(
  service: string,
  rule: ConfluentAclRule,
  names: ReadonlySet<string>,
): string | undefined {
  const former = aclName(service, rule).toLowerCase();
  return former !== aclName(service, rule) && !names.has(former) ? former : undefined;
}

/** The Pulumi name of one version of a service's Kafka API key. */
export function keyName(service: string, version: number): string {
  return `${service}-kafka-key-v${version}`;
}

/**
 * One service's least-privilege access: its own service account, exactly the ACLs its access
 * intent implies (confluentAcls), and its Kafka API key(s), created once the ACLs exist so a
 * delivered key always works. The key and secret leave only as Pulumi secrets, for its Kubernetes
 * Secret.
 */
export class ConfluentServiceAccess extends pulumi.ComponentResource {
  readonly access: ServiceAccess;
  readonly serviceAccountId: pulumi.Output<string>;

  constructor(name: string, args: ConfluentServiceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:confluent:ServiceAccess', name, {}, opts);
    const { service } = args;
    const account = new confluentcloud.ServiceAccount(
      name,
      {
        displayName: args.displayName,
        description: `Kafka access of ${service.namespace}/${service.name} (kafka-platform)`,
      },
      { parent: this },
    );
    const principal = account.id.apply(principalOf);
    const rules = confluentAcls(accessIntent(service));
    const names = new Set(rules.map((rule) => aclName(service.name, rule)));
    const acls = rules.map((rule) => {
      const former = formerAclName(service.name, rule, names);
      return new confluentcloud.KafkaAcl(
        aclName(service.name, rule),
        {
          kafkaCluster: { id: args.admin.clusterId },
          resourceType: rule.resourceType,
          resourceName: rule.resourceName,
          patternType: 'LITERAL',
          principal,
          host: '*',
          operation: rule.operation,
          permission: 'ALLOW',
          restEndpoint: args.admin.restEndpoint,
          credentials: args.admin.credentials,
        },
        { parent: this, ...(former ? { aliases: [{ name: former }] } : {}) },
      );
    });
    const keys = args.keyVersions.map((version) =>
      kafkaApiKey(
        keyName(service.name, version),
        `${args.displayName}-kafka-key-v${version}`,
        account,
        args.cluster,
        `Kafka API key v${version} of ${service.namespace}/${service.name}`,
        { parent: this, dependsOn: acls },
      ),
    );
    const delivered = credentialsOf(keys[keys.length - 1]!);
    this.access = { username: delivered.key, password: delivered.secret };
    this.serviceAccountId = account.id;
    this.registerOutputs({ serviceAccountId: account.id });
  }
}
