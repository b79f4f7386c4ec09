import * as pulumi from '@pulumi/pulumi';
import { Connection } from '../backend';

/**
 * Bootstrap servers as clients dial them. Confluent reports the endpoint with its protocol as a
 * scheme (`SASL_SSL://pkc-….confluent.cloud:9092`), which Kafka clients refuse as a host.
 */
export function bootstrapServersOf(endpoint: string): string {
  return endpoint
    .split(',')
    .map((entry) => entry.trim().replace(/^[A-Za-z_]+:\/\//, ''))
    .filter((entry) => entry !== '')
    .join(',');
}

/** What every service dials: SASL_SSL with PLAIN, its own API key as user name and secret as password. */
export function confluentConnection(bootstrapEndpoint: pulumi.Input<string>): Connection {
  return {
    bootstrapServers: pulumi.output(bootstrapEndpoint).apply(bootstrapServersOf),
    securityProtocol: 'SASL_SSL',
    saslMechanism: 'PLAIN',
  };
}
