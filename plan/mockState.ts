import { ROLLOUT_SALT_TYPE } from '../k8s/rolloutSalt';
import { CallResult, ComputedState } from './mockRuntime';

/**
 * What real providers would compute for the resource types this program registers. Backends
 * add their types here (e.g. MSK bootstrap broker strings) so the offline plan can follow
 * outputs into the Kubernetes env.
 */
export const MOCK_COMPUTED: Record<string, ComputedState> = {
  // A fixed key, so offline plans show stable connection hashes (real stacks use 32 random bytes).
  [ROLLOUT_SALT_TYPE]: () => ({ salt: 'offline-plan-rollout-salt-0000000000000000' }),
};

/** Provider functions (data sources) the program may call, answered offline. */
export const MOCK_CALLS: Record<string, CallResult> = {};
