import * as confluentcloud from '@pulumi/confluentcloud';
import * as pulumi from '@pulumi/pulumi';
import { ClusterRef } from './confluentCluster';

/** An API key as clients use it: the key is the SASL user name, the secret its password. Both secret. */
export interface ApiKeyCredentials {
  key: pulumi.Output<string>;
  secret: pulumi.Output<string>;
}

/** How topics and ACLs reach the cluster: its REST endpoint with the manager's Kafka API key. */
export interface KafkaAdminAccess {
  clusterId: pulumi.Output<string>;
  restEndpoint: pulumi.Output<string>;
  /** The manager key: a Pulumi secret, handed to each resource's credentials block. */
  credentials: pulumi.Output<{ key: string; secret: string }>;
}

/** The owner block of an API key: the service account it acts as. */
function ownerOf(account: confluentcloud.ServiceAccount): confluentcloud.types.input.ApiKeyOwner {
  return { id: account.id, apiVersion: account.apiVersion, kind: account.kind };
}

/** Key and secret, both marked secret here (the provider marks only the secret, and only under the engine). */
export function credentialsOf(key: confluentcloud.ApiKey): ApiKeyCredentials {
  return { key: pulumi.secret(key.id), secret: pulumi.secret(key.secret) };
}

/** Key and secret as one secret value, the shape credentials blocks and outputs take. */
export function credentialsValue(c: ApiKeyCredentials): pulumi.Output<{ key: string; secret: string }> {
  return pulumi.secret(pulumi.all([c.key, c.secret]).apply(([key, secret]) => ({ key, secret })));
}

/** A Kafka API key of `account` for one cluster: what clients and the manager authenticate with. */
export function kafkaApiKey(
  name: string,
  displayName: string,
  account: confluentcloud.ServiceAccount,
  cluster: ClusterRef,
  description: string,
  opts: pulumi.CustomResourceOptions,
): confluentcloud.ApiKey {
  return new confluentcloud.ApiKey(
    name,
    {
      displayName,
      description,
      owner: ownerOf(account),
      managedResource: {
        id: cluster.id,
        apiVersion: cluster.apiVersion,
        kind: cluster.kind,
        environment: { id: cluster.environmentId },
      },
    },
    opts,
  );
}

/** A Cloud API key of `account` (no managed resource): what the Metrics API accepts. */
export function cloudApiKey(
  name: string,
  displayName: string,
  account: confluentcloud.ServiceAccount,
  description: string,
  opts: pulumi.CustomResourceOptions,
): confluentcloud.ApiKey {
  return new confluentcloud.ApiKey(name, { displayName, description, owner: ownerOf(account) }, opts);
}
