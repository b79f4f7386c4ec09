import { ROLLOUT_SALT_TYPE } from '../k8s/rolloutSalt';
import { OfflineMocks } from '../providers/backend';
import { backendFor } from '../providers';

/** The program's own resources that compute something: the same for every backend. */
export function coreOfflineMocks(): OfflineMocks {
  return {
    computed: {
      // A fixed key, so offline plans show stable connection hashes (real stacks use 32 random bytes).
      [ROLLOUT_SALT_TYPE]: () => ({ salt: 'offline-plan-rollout-salt-0000000000000000' }),
    },
  };
}

/** Everything the offline plan of a stack on `provider` needs computed: core mocks plus the backend's. */
export function offlineMocks(provider: string): Required<OfflineMocks> {
  const core = coreOfflineMocks();
  const backend = backendFor(provider).offlineMocks();
  return {
    computed: { ...core.computed, ...backend.computed },
    calls: { ...core.calls, ...backend.calls },
    secretValues: [...(core.secretValues ?? []), ...(backend.secretValues ?? [])],
  };
}
