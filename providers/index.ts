import { RegisteredBackend } from './backend';
import { confluentBackend } from './confluent';
import { eventHubsBackend } from './eventhubs';
import { gcpBackend } from './gcp';
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
  gcpBackend,
];
