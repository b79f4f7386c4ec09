import { ROLLOUT_SALT_TYPE } from '../k8s/rolloutSalt';
import { OfflineMocks } from '../providers/backend';

/** The program's own resources that compute something: the same for every backend. */
export function coreOfflineMocks(): OfflineMocks {
  return {
    computed: {
      // A fixed key, so offline plans show stable connection hashes (real stacks use 32 random bytes).
      [ROLLOUT_SALT_TYPE]: () => ({ salt: 'offline-plan-rollout-salt-0000000000000000' }),
    },
  };
}

/**
 * Everything the offline plan of a stack on `chosen` needs computed: core mocks plus the backend's
 * (the bound backend of the stack, or a backend of the registry: mocks do not depend on settings).
 */
export function offlineMocks(chosen: { offlineMocks(): OfflineMocks }): Required<OfflineMocks> {
  const core = coreOfflineMocks();
  const backend = chosen.offlineMocks();
  return {
    computed: { ...core.computed, ...backend.computed },
    calls: { ...core.calls, ...backend.calls },
    secretValues: [...(core.secretValues ?? []), ...(backend.secretValues ?? [])],
  };
}
