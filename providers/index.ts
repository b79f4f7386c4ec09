import { PlannedBackend, RegisteredBackend } from './backend';
import { confluentBackend } from './confluent';
import { eventHubsBackend } from './eventhubs';
import { gcpBackend } from './gcp';
import { localBackend } from './local';
import { mskBackend } from './msk';

/** A backend that is planned but not built yet: selecting it is a clear validation error. */
export function planned(name: string, title: string, keys: string[]): PlannedBackend {
  return { name, title, available: false, keys };
}

/**
 * Every backend, by `kafka:provider` value: one line each. A new backend replaces its planned line
 * with its module (one folder under providers/) and must pass tests/unit/providers/conformance.test.ts.
 */
export const BACKENDS: readonly RegisteredBackend[] = [
  mskBackend,
  eventHubsBackend,
  confluentBackend,
  localBackend,
  gcpBackend,
];
