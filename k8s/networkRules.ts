import { parseCidr } from '../config/cidr';
import { show } from '../config/problems';

/**
 * Value rules of `kafka:kubernetes.networkPolicy`, as the API server applies them to a
 * NetworkPolicy (ipBlock CIDRs, label selectors, ports), so a mistake is a settings problem before
 * `pulumi up` instead of an API error halfway through it. Pure.
 */

/** Why `cidr` is not an IPv4 or IPv6 CIDR the API server accepts in an ipBlock, or undefined. */
export function ipBlockCidrProblem(cidr: string): string | undefined {
  return parseCidr(cidr) ? undefined : `${show(cidr)} is not a CIDR like 10.20.0.0/16 or fd00::/64`;
}

/** Label name part: 63 characters at most, alphanumeric at both ends, `-`, `_`, `.` inside. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Label key prefix: a DNS subdomain. */
const LABEL_PREFIX = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a Kubernetes label key (`[prefix/]name`), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  const name = parts.pop() ?? '';
  const prefix = parts.join('/');
  const ok =
    LABEL_NAME.test(name) && (parts.length === 0 || (parts.length === 1 && LABEL_PREFIX.test(prefix)));
  return ok
    ? undefined
    : `${show(key)} is not a label key: [DNS subdomain/]name, the name at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
}

/** Why `value` is not a Kubernetes label value, or undefined. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && (value === '' || LABEL_NAME.test(value))) return undefined;
  return `${show(value)} is not a label value: a string of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
}

/** The distinct ports of a `host:port,host:port` broker list, in order of appearance. */
export function brokerListPorts(bootstrapServers: string): number[] {
  const ports = bootstrapServers.split(',').map((entry) => {
    const port = Number(/:(\d{1,5})$/.exec(entry.trim())?.[1]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`broker list entry ${show(entry)} has no port (host:port expected)`);
    }
    return port;
  });
  return [...new Set(ports)];
}
