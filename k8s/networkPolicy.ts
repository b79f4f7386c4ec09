import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Service } from '../topics/catalog';
import { brokerListPorts } from './networkRules';
import { SERVICE_LABEL, serviceLabels } from './serviceConnection';
import { NetworkPolicySettings } from './settings';

/** The label every pod of the service carries (set by the Deployment patch) for the policy to select. */
export function servicePodLabels(service: Service): Record<string, string> {
  return { [SERVICE_LABEL]: service.name };
}

/** The name of a service's egress policy, beside its `<service>-kafka` ConfigMap and Secret. */
export function egressPolicyName(service: Service): string {
  return `${service.name}-kafka-egress`;
}

/**
 * The spec of a service's egress NetworkPolicy: its pods may open TCP connections to the brokers
 * on their ports, and reach the cluster DNS on port 53. NetworkPolicies add up, so this only
 * allows: under a default-deny egress policy it is what lets the service reach Kafka. Pure.
 */
export function brokerEgressSpec(service: Service, policy: NetworkPolicySettings, ports: number[]) {
  const { brokers, dns } = policy;
  const namespaceSelector = (name: string) => ({
    matchLabels: { 'kubernetes.io/metadata.name': name },
  });
  const to =
    'cidrs' in brokers
      ? brokers.cidrs.map((cidr) => ({ ipBlock: { cidr } }))
      : [
          {
            namespaceSelector: namespaceSelector(brokers.namespace),
            // No labels: every pod of the brokers' namespace.
            podSelector: { matchLabels: brokers.podLabels },
          },
        ];
  return {
    podSelector: { matchLabels: servicePodLabels(service) },
    policyTypes: ['Egress'],
    egress: [
      { to, ports: ports.map((port) => ({ protocol: 'TCP', port })) },
      {
        to: [
          {
            namespaceSelector: namespaceSelector(dns.namespace),
            podSelector: { matchLabels: dns.podLabels },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ],
  };
}

export interface BrokerEgressArgs {
  /** The catalog service whose pods the policy selects (by the label the patch sets). */
  service: Service;
  /** Where the brokers and DNS are (`kafka:kubernetes.networkPolicy`). */
  policy: NetworkPolicySettings;
  /** The broker list the service gets: its ports unless the settings name ports. */
  bootstrapServers: pulumi.Input<string>;
}

/** A service's egress NetworkPolicy to the brokers and DNS (opt-in, `kafka:kubernetes.networkPolicy`). */
export class BrokerEgress extends pulumi.ComponentResource {
  readonly policy: k8s.networking.v1.NetworkPolicy;

  constructor(name: string, args: BrokerEgressArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:k8s:BrokerEgress', name, {}, opts);
    const { service, policy } = args;
    const spec = pulumi
      .output(args.bootstrapServers)
      .apply((brokers) => brokerEgressSpec(service, policy, policy.brokerPorts ?? portsOf(brokers)));
    this.policy = new k8s.networking.v1.NetworkPolicy(
      `${name}-egress`,
      {
        metadata: {
          name: egressPolicyName(service),
          namespace: service.namespace,
          labels: serviceLabels(service),
        },
        spec,
      },
      { parent: this },
    );
    this.registerOutputs({ networkPolicy: egressPolicyName(service) });
  }
}

/** The broker list's ports, or a user-facing error (no stack trace) saying which setting fixes it. */
function portsOf(bootstrapServers: string): number[] {
  try {
    return brokerListPorts(bootstrapServers);
  } catch (err) {
    throw new pulumi.RunError(
      `kafka:kubernetes.networkPolicy: ${(err as Error).message}; set kafka:kubernetes.networkPolicy.brokerPorts`,
    );
  }
}
