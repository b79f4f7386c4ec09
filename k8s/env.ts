import * as pulumi from '@pulumi/pulumi';
import { ENV } from '../client/contract';
import { Connection, ServiceAccess } from '../providers/backend';
import { Service, topicsOf } from '../topics/catalog';

/** A service's Kafka env, split by where it may live: plain settings vs credentials. */
export interface ServiceEnv {
  /** Goes into the ConfigMap (and Compose env files). Never credentials. */
  config: Record<string, pulumi.Input<string>>;
  /** Goes into the Secret only. Values are Pulumi secrets. */
  secret: Record<string, pulumi.Output<string>>;
}

/** The env contract for one service, from the stack's connection and the service's access. */
export function serviceEnv(service: Service, connection: Connection, access: ServiceAccess): ServiceEnv {
  const config: Record<string, pulumi.Input<string>> = {
    ...connectionEnv(connection),
    ...serviceTopicsEnv(service),
  };
  const secret: Record<string, pulumi.Output<string>> = {};
  if (access.username) secret[ENV.saslUsername] = pulumi.secret(access.username);
  if (access.password) secret[ENV.saslPassword] = pulumi.secret(access.password);
  return { config, secret };
}

/** The variables every service of a stack shares. */
export function connectionEnv(connection: Connection): Record<string, pulumi.Input<string>> {
  return {
    [ENV.brokerUrl]: connection.bootstrapServers,
    [ENV.securityProtocol]: connection.securityProtocol,
    ...(connection.saslMechanism ? { [ENV.saslMechanism]: connection.saslMechanism } : {}),
    ...(connection.oauthProvider ? { [ENV.oauthProvider]: connection.oauthProvider } : {}),
    ...(connection.caPem ? { [ENV.sslCaPem]: connection.caPem } : {}),
    ...(connection.extraEnv ?? {}),
  };
}

/** The variables that describe what one service does: its client id, topics and groups. */
export function serviceTopicsEnv(service: Service): Record<string, string> {
  const { produces, consumes, groups } = topicsOf(service);
  return {
    [ENV.clientId]: service.name,
    ...(produces.length ? { [ENV.produces]: produces.join(',') } : {}),
    ...(consumes.length ? { [ENV.consumes]: consumes.join(',') } : {}),
    ...(groups.length === 1 ? { [ENV.consumerGroup]: groups[0] } : {}),
    ...(service.consumes.length
      ? { [ENV.consumerGroups]: service.consumes.map((c) => `${c.topic}=${c.group}`).join(',') }
      : {}),
    ...(service.consumes.some((c) => c.deadLetter)
      ? {
          [ENV.deadLetterTopics]: service.consumes
            .flatMap((c) => (c.deadLetter ? [`${c.topic}=${c.deadLetter}`] : []))
            .join(','),
        }
      : {}),
  };
}

/** Kubernetes object names for a service's connection settings. */
export function objectNames(service: Service): { configMap: string; secret: string } {
  return { configMap: `${service.name}-kafka`, secret: `${service.name}-kafka` };
}
