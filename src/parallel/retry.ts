import type { BranchOutcome } from './branch.js';
import type { RetryPolicy } from './branch-policy.js';

/**
 * TEA's delay before retry n (0-based): min(base × multiplier^n, max), spread by ±jitter
 * so many branches failing together do not retry in lockstep. `random` is injectable for tests.
 */
export function retryDelayMs(policy: RetryPolicy, retryIndex: number, random = Math.random): number {
  const delay = Math.min(policy.baseDelayMs * policy.backoffMultiplier ** retryIndex, policy.maxDelayMs);
  const spread = delay * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(delay + spread));
}

/**
 * Whether a failed attempt matches `retry_on`: `timeout`, `failed`, `exit:<code>`, or an error
 * type (`ValueError`; `Exception` matches any error, as in Python). No `retry_on`: any failure.
 */
export function isRetryable(policy: RetryPolicy, outcome: BranchOutcome): boolean {
  if (outcome.status !== 'failed' && outcome.status !== 'timeout') return false;
  if (!policy.retryOn) return true;
  return policy.retryOn.some((condition) => {
    if (condition === 'timeout') return outcome.status === 'timeout';
    if (condition === 'failed' || condition === 'Exception') return outcome.status === 'failed';
    const exit = /^exit(?:_code)?:\s*(-?\d+)$/.exec(condition);
    if (exit) return outcome.exitCode === Number(exit[1]);
    return outcome.errorType === condition;
  });
}
