import { Backend, RegisteredBackend } from './backend';
import { confluentBackend } from './confluent';
import { eventHubsBackend } from './eventhubs';
import { localBackend } from './local';
import { mskBackend } from './msk';

/**
 * Every backend, by `kafka:provider` value: one line each. A new backend is one folder under
 * providers/, one line here and its docs page, and must pass the conformance suite
 * (tests/unit/providers/conformance*.test.ts; docs/backends.md, "Adding a backend").
 */
export const BACKENDS: readonly RegisteredBackend[] = [
  mskBackend,
  eventHubsBackend,
  confluentBackend,
  localBackend,
];

/** The built backend named `name` (validation has refused any other before this is asked). */
export function backendFor(name: string): Backend {
  const backend = BACKENDS.find((b): b is Backend => b.name === name && b.available);
  if (!backend) throw new Error(`no built backend named ${name}`);
  return backend;
}
