import { TeaError } from '../errors.js';
import type { JsonObject } from '../spec/model.js';
import { processTemplate, pyTruthy, type TemplateContext } from '../template/index.js';
import { isPlainMapping } from '../util/json-value.js';
import { defaultTermSequence, parseTermSequence, type TermStep } from '../process/kill-sequence.js';
import { parallelSettings } from './settings.js';

/** TEA's `RetryPolicy` names and defaults (parallel.md §6), plus `jitter` (ours). */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  backoffMultiplier: number;
  /** Fraction of each delay drawn at random (0.1 = ±10%), so retries do not stampede. */
  jitter: number;
  /** What a failure must match to be retried; undefined = every failure (TEA's `retry_on: null`). */
  retryOn?: string[];
  maxStoredErrors: number;
}

export type OnFailure = 'continue' | 'drain' | 'fail_fast';

/** How the branches of one fan-out are timed, retried and stopped: normalised once, here. */
export interface BranchPolicy {
  /** Per attempt. */
  timeoutMs?: number;
  /** Across all attempts of one branch. */
  timeoutTotalMs?: number;
  /** For the whole fan-out node. */
  deadlineMs?: number;
  retry: RetryPolicy;
  /** Unset: dynamic fan-outs continue (TEA); a failed static branch fails the run (D2). */
  onFailure?: OnFailure;
  /** Failures (not allowed ones) that trigger `onFailure`; a fraction of the branches when `ratio`. */
  maxFailures: { count: number } | { ratio: number };
  termSequence: TermStep[];
}

const noRetry: RetryPolicy = {
  maxRetries: 0,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  backoffMultiplier: 2,
  jitter: 0.1,
  maxStoredErrors: 5,
};

/**
 * The node's own keys win over `settings.parallel`; `fail_fast: true` is `on_failure:
 * fail_fast` (TEA's meaning, D8). Bad values fail with the key, the value and its type.
 */
export function resolveBranchPolicy(node: string, settings: JsonObject, overrides: JsonObject, failFast: boolean): BranchPolicy {
  const parallel = parallelSettings(settings);
  const pick = (key: string) => overrides[key] ?? parallel[key];
  const seconds = (key: string) => optionalSeconds(node, key, pick(key));
  const retry = pick('retry_policy') ?? pick('retry');
  return {
    timeoutMs: seconds('timeout') ?? optionalSeconds(node, 'timeout_seconds', parallel.timeout_seconds),
    timeoutTotalMs: seconds('timeout_total'),
    deadlineMs: seconds('deadline'),
    retry: retry === undefined || retry === null ? noRetry : normalizeRetry(node, retry),
    onFailure: failFast ? 'fail_fast' : normalizeOnFailure(node, pick('on_failure')),
    maxFailures: normalizeMaxFailures(node, pick('max_failures')),
    // `--termseq` (TEA_TERMSEQ) wins over the workflow: it is the operator's say.
    termSequence: normalizeTermSequence(node, process.env.TEA_TERMSEQ ?? pick('termseq')),
  };
}

/** Per-item `allow_failure`: a boolean or a template rendered against the branch state. */
export function isFailureAllowed(value: unknown, context: TemplateContext): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'string') return pyTruthy(value);
  const rendered = processTemplate(value, context);
  return typeof rendered === 'string' ? !['', 'false', '0', 'no', 'none'].includes(rendered.trim().toLowerCase()) : pyTruthy(rendered);
}

function normalizeRetry(node: string, raw: unknown): RetryPolicy {
  if (typeof raw === 'number') return { ...noRetry, maxRetries: nonNegativeInteger(node, 'retry', raw) };
  if (!isPlainMapping(raw)) throw badValue(node, 'retry_policy', 'a mapping (max_retries, base_delay, ...)', raw);
  const number = (key: string, fallback: number) => {
    const value = raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw badValue(node, `retry_policy.${key}`, 'a non-negative number', value);
    return value;
  };
  const retryOn = raw.retry_on;
  if (retryOn !== undefined && retryOn !== null && !(Array.isArray(retryOn) && retryOn.every((entry) => typeof entry === 'string'))) {
    throw badValue(node, 'retry_policy.retry_on', 'a list of conditions (timeout, exit:<code>, an error type)', retryOn);
  }
  return {
    maxRetries: nonNegativeInteger(node, 'retry_policy.max_retries', raw.max_retries ?? 0),
    baseDelayMs: number('base_delay', 1) * 1000,
    maxDelayMs: number('max_delay', 60) * 1000,
    backoffMultiplier: number('backoff_multiplier', 2),
    jitter: Math.min(1, number('jitter', 0.1)),
    retryOn: retryOn ?? undefined,
    maxStoredErrors: nonNegativeInteger(node, 'retry_policy.max_stored_errors', raw.max_stored_errors ?? 5),
  };
}

function normalizeOnFailure(node: string, value: unknown): OnFailure | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'continue' || value === 'drain' || value === 'fail_fast') return value;
  throw badValue(node, 'on_failure', 'one of fail_fast, drain, continue', value);
}

function normalizeMaxFailures(node: string, value: unknown): BranchPolicy['maxFailures'] {
  if (value === undefined || value === null) return { count: 1 };
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return { count: value };
  if (typeof value === 'string') {
    const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    if (percent && Number(percent[1]) > 0 && Number(percent[1]) <= 100) return { ratio: Number(percent[1]) / 100 };
    if (/^\s*\d+\s*$/.test(value) && Number(value) >= 1) return { count: Number(value) };
  }
  throw badValue(node, 'max_failures', 'a positive integer or a percentage like "10%"', value);
}

function normalizeTermSequence(node: string, value: unknown): TermStep[] {
  if (value === undefined || value === null || value === '') return defaultTermSequence;
  try {
    return parseTermSequence(String(value));
  } catch (error) {
    throw new TeaError('BAD_INPUT', `Node '${node}': ${(error as Error).message}`, { node });
  }
}

function optionalSeconds(node: string, key: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) throw badValue(node, key, 'a positive number of seconds', value);
  return seconds * 1000;
}

function nonNegativeInteger(node: string, key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw badValue(node, key, 'a non-negative integer', value);
}

/** p-queue's wording: ``Expected `key` to be X, got `v` (type)``, with the node. */
function badValue(node: string, key: string, expected: string, value: unknown): TeaError {
  const type = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value;
  return new TeaError('BAD_INPUT', `Node '${node}': expected \`${key}\` to be ${expected}, got \`${JSON.stringify(value)}\` (${type})`, { node });
}
