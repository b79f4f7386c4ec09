import { ProviderName } from '../config/settings';
import { Backend } from './backend';
import { localBackend } from './local';
import { mskBackend } from './msk';

/** A backend whose module is not built yet: selecting it is a validation error, never fake resources. */
function notYetAvailable(name: ProviderName, keys: string[]): Backend {
  return {
    name,
    available: false,
    keys,
    parse: () => undefined,
    create: () => {
      throw new Error(`backend ${name} is not available yet`);
    },
  };
}

/** Every backend, by `kafka:provider` value. */
export const BACKENDS: readonly Backend[] = [
  localBackend,
  mskBackend as Backend,
  notYetAvailable('eventhubs', ['eventhubs']),
  notYetAvailable('confluent', ['confluent', 'confluentCloudApiKey', 'confluentCloudApiSecret']),
];

export function backendFor(name: ProviderName): Backend {
  const backend = BACKENDS.find((b) => b.name === name);
  if (!backend) throw new Error(`unknown backend ${name}`);
  return backend;
}
