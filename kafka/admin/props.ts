import { AdminConnection } from './connection';

/**
 * A deep plain copy of what the engine hands a provider, without its `__provider` (and any
 * `omit`ted keys): kafkajs must never see, nor decorate, the objects the engine serialises back.
 */
export function plainCopy<T extends object>(props: T, ...omit: string[]): T {
  const copy = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
  for (const key of ['__provider', ...omit]) delete copy[key];
  return copy as T;
}

/** Resources keep where the cluster is (`connection`) apart from who the runner is (`sasl`, secret). */
export interface SplitConnection {
  connection: AdminConnection;
  sasl?: AdminConnection['sasl'];
}

/** The full admin connection of a resource's inputs or state. */
export function connectionOf(props: SplitConnection): AdminConnection {
  return props.sasl ? { ...props.connection, sasl: props.sasl } : props.connection;
}
