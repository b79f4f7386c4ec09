import { isIPv4, isIPv6 } from 'node:net';

/** A CIDR taken apart: its address, IP version and prefix length. */
export interface Cidr {
  address: string;
  version: 4 | 6;
  bits: number;
}

/**
 * The one CIDR parser: `address/bits` with an IPv4 or IPv6 address (node:net's rules) and a prefix
 * no longer than the address; undefined for anything else. Each user adds its own rules on top
 * (k8s/networkRules.ts `ipBlockCidrProblem`, providers/msk/settings.ts `brokerIngressCidrProblem`).
 */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', bits, ...rest] = text.split('/');
  const version = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (version === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits ?? '')) return undefined;
  if (Number(bits) > (version === 4 ? 32 : 128)) return undefined;
  return { address, version, bits: Number(bits) };
}
