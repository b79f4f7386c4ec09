import * as pulumi from '@pulumi/pulumi';
import { Service } from '../../topics/catalog';
import { CONNECT_TIMEOUT_MS } from '../../kafka/endpoint';
import { AdminConnection } from '../../kafka/admin/connection';
import { KafkaAcls } from '../../kafka/admin/kafkaAcls';
import { MskServiceAccess } from './mskServiceAccess';
import { principalOf, serviceAcls } from '../../kafka/acls';
import { ACL_ADMIN_USER, adminAcls } from './aclAdmin';

export interface MskAclsArgs {
  /** Catalog services; each gets the ACLs for its own topics and groups. */
  services: Service[];
  /** SCRAM bootstrap servers (:9096); the Pulumi runner must reach them. */
  bootstrapServers: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  stack: string;
  protect: boolean;
}

/**
 * Kafka ACLs for SCRAM mode (kafka:msk.manageAcls): an admin SCRAM user for the Pulumi runner, the
 * admin's own rights first (so it keeps them once allow.everyone.if.no.acl.found is false), then
 * each service's least-privilege ACLs. Needs a network path from the runner to the brokers.
 */
export class MskAcls extends pulumi.ComponentResource {
  constructor(name: string, args: MskAclsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:msk:Acls', name, {}, opts);
    const admin = new MskServiceAccess(
      ACL_ADMIN_USER,
      {
        service: { name: ACL_ADMIN_USER, namespace: 'pulumi', produces: [], consumes: [] },
        authMode: 'scram',
        clusterArn: args.clusterArn,
        kmsKeyArn: args.kmsKeyArn,
        stack: args.stack,
        protect: args.protect,
      },
      { parent: this },
    );
    const connection: pulumi.Output<AdminConnection> = pulumi
      .all([args.bootstrapServers, admin.access.password!])
      .apply(([servers, password]) => ({
        brokers: servers.split(','),
        tls: true,
        sasl: { mechanism: 'scram-sha-512' as const, username: ACL_ADMIN_USER, password },
        connectTimeoutMs: CONNECT_TIMEOUT_MS.default,
      }));
    const adminRights = new KafkaAcls(
      `${name}-${ACL_ADMIN_USER}`,
      {
        principal: principalOf(ACL_ADMIN_USER),
        bindings: adminAcls(),
        connection: pulumi.secret(connection),
      },
      { parent: this, dependsOn: [admin] },
    );
    for (const service of args.services) {
      new KafkaAcls(
        `${name}-${service.name}`,
        {
          principal: principalOf(service.name),
          bindings: serviceAcls(service),
          connection: pulumi.secret(connection),
        },
        { parent: this, dependsOn: [adminRights] },
      );
    }
    this.registerOutputs({});
  }
}
