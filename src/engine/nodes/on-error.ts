import { setTimeout as sleep } from 'node:timers/promises';
import { errorText, isTeaError } from '../../errors.js';
import type { State } from '../../observe/events.js';
import type { NodeSpec, OnErrorSpec } from '../../spec/model.js';

/**
 * A node's `on_error` policy around its executor (core.md §2.8): `graceful` turns the error
 * into `__error__` (plus `__fallback_node__`, which does not route), `retry` retries
 * retryable errors with backoff and then ends like `graceful`.
 */
export async function withOnError(
  node: NodeSpec,
  policy: OnErrorSpec,
  signal: AbortSignal,
  run: () => Promise<unknown>,
): Promise<unknown> {
  let retryCount = 0;
  while (true) {
    try {
      return await run();
    } catch (error) {
      if (policy.mode === 'raise' || signal.aborted) throw error;
      const retryable = isRetryable(error, policy);
      if (policy.mode === 'retry' && retryable && retryCount < policy.maxRetries) {
        const delay = policy.retryDelay * policy.backoffMultiplier ** retryCount * 1000;
        retryCount++;
        await sleep(delay, undefined, { signal });
        continue;
      }
      return gracefulUpdate(node, policy, error, retryCount, retryable);
    }
  }
}

function isRetryable(error: unknown, policy: OnErrorSpec): boolean {
  if (!policy.retryableErrors) return true;
  const type = errorType(error);
  return policy.retryableErrors.includes(type);
}

function errorType(error: unknown): string {
  if (isTeaError(error)) return /^(\w+Error)\b/.exec(error.detail?.trim().split('\n').at(-1) ?? '')?.[1] ?? error.code;
  return error instanceof Error ? error.name : 'Exception';
}

function gracefulUpdate(node: NodeSpec, policy: OnErrorSpec, error: unknown, retryCount: number, retryable: boolean): State {
  const update: State = {
    __error__: {
      type: errorType(error),
      message: errorText(error),
      node: node.name,
      action: node.uses ?? null,
      timestamp: new Date().toISOString(),
      retry_count: retryCount,
      is_retryable: retryable,
      traceback: policy.captureTraceback && isTeaError(error) ? (error.detail ?? null) : null,
      details: {},
    },
  };
  if (policy.fallback) update.__fallback_node__ = policy.fallback;
  return update;
}
