import type { OnErrorSpec } from '../model.js';

/** Node `on_error` merged over `settings.error_handling`, with TEA's defaults (core.md §2.8). */
export function buildOnError(raw: unknown, defaults: unknown): OnErrorSpec | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const merged = { ...(typeof defaults === 'object' && defaults !== null ? defaults : {}), ...raw } as Record<string, unknown>;
  const mode = merged.mode === 'graceful' || merged.mode === 'retry' ? merged.mode : 'raise';
  return {
    mode,
    maxRetries: numberOr(merged.max_retries, 3),
    retryDelay: numberOr(merged.retry_delay, 1.0),
    backoffMultiplier: numberOr(merged.backoff_multiplier, 2.0),
    retryableErrors: Array.isArray(merged.retryable_errors) ? merged.retryable_errors.map(String) : undefined,
    captureTraceback: merged.capture_traceback === true,
    fallback: typeof merged.fallback === 'string' ? merged.fallback : undefined,
  };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
