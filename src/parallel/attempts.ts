import { setTimeout as sleep } from 'node:timers/promises';
import type { BranchOutcome, BranchSpec } from './branch.js';
import type { RetryPolicy } from './branch-policy.js';
import { isRetryable, retryDelayMs } from './retry.js';
import { BranchStop, stopReason, type BranchRunner, type RunningBranch } from './strategies/runner.js';

export interface AttemptOptions {
  runner: BranchRunner;
  retry?: RetryPolicy;
  /** Each attempt's time limit. */
  timeoutMs?: number;
  /** The branch's time limit across all its attempts (TEA's `timeout_total`). */
  timeoutTotalMs?: number;
}

export interface AttemptHooks {
  /** False once the fan-out starts nothing new (drain, Ctrl-C): no further attempts either. */
  mayRetry(): boolean;
  started(running: RunningBranch, attempt: number): void;
  ended(): void;
  retrying(nextAttempt: number, error: string, delayMs: number): void;
}

/**
 * One branch from first attempt to final outcome: each attempt has its own abort switch
 * (its timeout, or the branch's), a failure that `retry_on` matches waits out TEA's backoff
 * and runs again, and every failed attempt is recorded. The caller's slot stays held
 * throughout, so retries never exceed `max_concurrency`.
 */
export async function runAttempts(spec: BranchSpec, branchSignal: AbortSignal, options: AttemptOptions, hooks: AttemptHooks): Promise<BranchOutcome> {
  const started = performance.now();
  const branch = linkedController(branchSignal);
  const total = options.timeoutTotalMs;
  const totalTimer = total === undefined ? undefined : setTimeout(() => branch.abort(timeoutStop(total)), total);
  const attemptErrors: NonNullable<BranchOutcome['attemptErrors']> = [];
  const retry = options.retry;
  try {
    for (let attempt = 1; ; attempt++) {
      const outcome = await runOneAttempt(spec, branch.signal, options, hooks, attempt);
      const finish = (extra: Partial<BranchOutcome> = {}): BranchOutcome => ({
        ...outcome,
        ...extra,
        // A runner may have started this attempt more than once (remote: a worker died, the job was retried).
        attempts: attempt - 1 + Math.max(1, outcome.attempts),
        attemptErrors,
        durationMs: performance.now() - started,
      });
      if (outcome.status === 'ok' || branch.signal.aborted) return finish();
      if (attemptErrors.length < (retry?.maxStoredErrors ?? 5)) {
        attemptErrors.push({ attempt, error: outcome.error ?? outcome.status, error_type: outcome.errorType ?? null });
      }
      const retriesLeft = (retry?.maxRetries ?? 0) - (attempt - 1);
      if (!retry || retriesLeft <= 0 || !isRetryable(retry, outcome) || !hooks.mayRetry()) {
        // TEA's text once retries were configured and all of them failed (parallel.md §6).
        return retry && retry.maxRetries > 0 && attempt > 1 ? finish({ error: `All ${attempt} attempts exhausted for branch '${spec.ref.name}'` }) : finish();
      }
      const delayMs = retryDelayMs(retry, attempt - 1);
      hooks.retrying(attempt + 1, outcome.error ?? outcome.status, delayMs);
      try {
        await sleep(delayMs, undefined, { signal: branch.signal });
      } catch {
        const reason = stopReason(branch.signal);
        return finish({ status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout' });
      }
    }
  } finally {
    clearTimeout(totalTimer);
    branch.dispose();
  }
}

async function runOneAttempt(spec: BranchSpec, branchSignal: AbortSignal, options: AttemptOptions, hooks: AttemptHooks, attempt: number) {
  const controller = linkedController(branchSignal);
  const timeout = options.timeoutMs;
  const timer = timeout === undefined ? undefined : setTimeout(() => controller.abort(timeoutStop(timeout)), timeout);
  try {
    const running = options.runner.start(spec, controller.signal);
    hooks.started(running, attempt);
    const outcome = await running.result;
    return outcome.status === 'timeout' ? { ...outcome, errorType: 'TimeoutError' } : outcome;
  } finally {
    clearTimeout(timer);
    controller.dispose();
    hooks.ended();
  }
}

function timeoutStop(ms: number): BranchStop {
  return new BranchStop('timeout', `Flow timed out after ${ms / 1000}s`);
}

/** An AbortController that also aborts (with the same reason) when `parent` does; `dispose` unhooks it. */
function linkedController(parent: AbortSignal): AbortController & { dispose(): void } {
  const controller = new AbortController() as AbortController & { dispose(): void };
  const forward = () => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  controller.dispose = () => parent.removeEventListener('abort', forward);
  return controller;
}
