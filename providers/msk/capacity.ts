import { isExpress } from './limits';

const MIB = 1024 * 1024;

/**
 * Recommended maximum ingress per Express broker, MB/s (AWS MSK Developer Guide,
 * msk-broker-types-express "Express broker sizes": egress is twice the ingress).
 */
const EXPRESS_INGRESS_MBPS: Readonly<Record<string, number>> = {
  'express.m7g.large': 15.6,
  'express.m7g.xlarge': 31.2,
  'express.m7g.2xlarge': 62.5,
  'express.m7g.4xlarge': 124.9,
  'express.m7g.8xlarge': 250,
  'express.m7g.12xlarge': 375,
  'express.m7g.16xlarge': 500,
};

/** MSK Serverless cluster quota (limits.html "MSK Serverless quota"): MiB/s per cluster. */
const SERVERLESS_MIBPS = { in: 200, out: 400 } as const;

/**
 * Standard brokers have no published throughput: their default EBS storage throughput is
 * 250 MiB/s (msk-provision-throughput-management), and every byte in is written once per replica,
 * so 250 / 3 replicas is the ingress one broker sustains before its volume is the bottleneck.
 * An estimate: set `kafka:msk.alarms.brokerIngressMiBps` to what a load test measured.
 */
export const STANDARD_BROKER_INGRESS_MIBPS = Math.floor(250 / 3);

/** What the cluster is sized for, bytes per second in and out, and how that was worked out. */
export interface ClusterCapacity {
  inBytesPerSecond: number;
  outBytesPerSecond: number;
  what: string;
}

export function clusterCapacity(o: {
  clusterType: 'provisioned' | 'serverless';
  instanceType: string;
  brokerCount: number;
  brokerIngressMiBps?: number;
}): ClusterCapacity {
  if (o.clusterType === 'serverless') {
    return {
      inBytesPerSecond: SERVERLESS_MIBPS.in * MIB,
      outBytesPerSecond: SERVERLESS_MIBPS.out * MIB,
      what: `the MSK Serverless quota (${SERVERLESS_MIBPS.in} MiB/s in, ${SERVERLESS_MIBPS.out} MiB/s out)`,
    };
  }
  const perBroker =
    o.brokerIngressMiBps !== undefined
      ? o.brokerIngressMiBps * MIB
      : isExpress(o.instanceType)
        ? (EXPRESS_INGRESS_MBPS[o.instanceType] ?? 0) * 1_000_000
        : STANDARD_BROKER_INGRESS_MIBPS * MIB;
  const inBytes = Math.round(perBroker * o.brokerCount);
  const mb = (bytes: number) => `${Math.round(bytes / MIB)} MiB/s`;
  return {
    inBytesPerSecond: inBytes,
    outBytesPerSecond: inBytes * 2,
    what: `${o.brokerCount} × ${o.instanceType} (${mb(inBytes)} in, ${mb(inBytes * 2)} out)`,
  };
}
