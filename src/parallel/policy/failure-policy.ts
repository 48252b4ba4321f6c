import type { BranchSpec } from '../branch.js';
import type { BranchPolicy } from '../branch-policy.js';
import { cancelledByDrain, cancelledByFailFast } from '../record.js';
import { BranchStop } from '../strategies/runner.js';
import type { Supervisor } from '../supervisor.js';

/**
 * `on_failure` once `max_failures` branches have failed (allowed failures do not count):
 * `fail_fast` stops the running branches and starts nothing new (TEA's fail_fast, D8),
 * `drain` starts nothing new and lets the running ones finish, `continue` does neither.
 * Finished branches keep their results in every case.
 */
export function applyFailurePolicy(supervisor: Supervisor, policy: Pick<BranchPolicy, 'onFailure' | 'maxFailures'>, specs: BranchSpec[]): () => void {
  if (policy.onFailure === undefined || policy.onFailure === 'continue') return () => {};
  const threshold = 'count' in policy.maxFailures ? policy.maxFailures.count : Math.max(1, Math.ceil(policy.maxFailures.ratio * specs.length));
  let failures = 0;
  return supervisor.onFinished((index, outcome) => {
    if (outcome.status !== 'failed' && outcome.status !== 'timeout') return;
    if (specs[index]?.allowFailure) return;
    failures++;
    if (failures < threshold) return;
    if (policy.onFailure === 'fail_fast') supervisor.stop(new BranchStop('cancelled', cancelledByFailFast));
    else supervisor.stopStarting(new BranchStop('cancelled', cancelledByDrain));
  });
}
