/** Kafka's own limits on topic and group names (kafka.common.internals.Topic). */
export const KAFKA_NAME_PATTERN = /^[a-zA-Z0-9._-]+$/;
export const KAFKA_NAME_MAX = 249;

/** Why `name` is not a legal Kafka topic name, or undefined when it is. */
export function topicNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `${JSON.stringify(name)} is reserved by Kafka`;
  if (name.length > KAFKA_NAME_MAX) {
    return `is ${name.length} characters long; Kafka allows at most ${KAFKA_NAME_MAX}`;
  }
  if (!KAFKA_NAME_PATTERN.test(name)) {
    return `${JSON.stringify(name)} may only contain letters, digits, ".", "_" and "-"`;
  }
  return undefined;
}

/**
 * Kafka metric names replace "." with "_", so two topics that differ only there collide
 * (the broker refuses the second one). Names with the same key collide.
 */
export function collisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

/** Kubernetes object names (RFC 1123 label): services, namespaces and generated names use it. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const DNS_LABEL_HINT =
  'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** Kubernetes object names that may contain dots (RFC 1123 subdomain), e.g. Deployments. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_SUBDOMAIN_HINT =
  'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters';
