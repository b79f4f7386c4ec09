import { HubsCapacity } from './alertSpecs';
import { Tier } from './limits';

/** A Standard throughput unit: 1 MB/s (or 1000 events/s) in, 2 MB/s out (event-hubs-scalability). */
const TU_MBPS = { in: 1, out: 2 } as const;
const MB = 1_000_000;

/**
 * What the namespace is sized for: Standard from its throughput units (the auto-inflate maximum
 * when set, since the namespace grows to it before throttling), otherwise `ingressMBps` when set.
 * Premium and Dedicated units have no published fixed throughput: absent without `ingressMBps`.
 */
export function hubsCapacity(o: {
  tier: Tier;
  capacity: number;
  maxThroughputUnits?: number;
  ingressMBps?: number;
}): HubsCapacity | undefined {
  if (o.ingressMBps !== undefined) {
    return {
      inBytesPerSecond: o.ingressMBps * MB,
      outBytesPerSecond: o.ingressMBps * 2 * MB,
      what: `the configured ${o.ingressMBps} MB/s in, ${o.ingressMBps * 2} MB/s out`,
    };
  }
  if (o.tier !== 'Standard') return undefined;
  const units = o.maxThroughputUnits ?? o.capacity;
  return {
    inBytesPerSecond: units * TU_MBPS.in * MB,
    outBytesPerSecond: units * TU_MBPS.out * MB,
    what: `${units} throughput units (${units * TU_MBPS.in} MB/s in, ${units * TU_MBPS.out} MB/s out)`,
  };
}
