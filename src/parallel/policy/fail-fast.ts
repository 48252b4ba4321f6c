import { cancelledByFailFast } from '../record.js';
import { BranchStop } from '../strategies/runner.js';
import type { Supervisor } from '../supervisor.js';

/**
 * TEA's `fail_fast: true` made real (D8): after the first failure start nothing new and
 * stop the running branches; finished branches keep their results.
 */
export function applyFailFast(supervisor: Supervisor): () => void {
  return supervisor.onFinished((_index, outcome) => {
    if (outcome.status === 'failed' || outcome.status === 'timeout') supervisor.stop(new BranchStop('cancelled', cancelledByFailFast));
  });
}
