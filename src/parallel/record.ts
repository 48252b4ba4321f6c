import type { State } from '../observe/events.js';
import type { BranchOutcome, BranchSpec } from './branch.js';
import { markFloat, spreadKeepingFloats } from '../util/python-floats.js';

/**
 * TEA's `ParallelFlowResult` as JSON: exactly its twelve keys in its order (parallel.md §4.1).
 * Our extra facts (status, signal, stderr tail) stay in events, so final states match TEA's.
 */
export interface ParallelFlowRecord {
  branch: string;
  success: boolean;
  state: State;
  error: string | null;
  error_type: string | null;
  traceback: string | null;
  timeout: boolean;
  timing_ms: number;
  retry_count: number;
  circuit_state: string | null;
  attempt_errors: { attempt: number; error: string; error_type: string | null }[];
  exit_code: number | null;
}

export const cancelledByFailFast = 'Cancelled due to fail_fast';
export const cancelledByDrain = 'Not started: on_failure drain stopped new branches';

export function makeRecord(spec: BranchSpec, outcome: BranchOutcome): ParallelFlowRecord {
  const success = outcome.status === 'ok';
  return {
    branch: spec.ref.name,
    success,
    state: success ? successState(spec, outcome.state ?? {}) : failedState(spec, outcome),
    error: success ? null : (outcome.error ?? 'Branch failed'),
    error_type: outcome.timedOut ? 'TimeoutError' : null,
    traceback: null,
    timeout: outcome.timedOut === true,
    timing_ms: Math.round(outcome.durationMs),
    retry_count: Math.max(0, outcome.attempts - 1),
    circuit_state: null,
    // Filled only when retries ran, as TEA's reliability wrapper does (parallel.md §4.3).
    attempt_errors: outcome.attempts > 1 ? (outcome.attemptErrors ?? []) : [],
    exit_code: null,
  };
}

/** A subgraph's record state is the child's final state with the item and index on top (TEA). */
function successState(spec: BranchSpec, state: State): State {
  if (spec.body.kind !== 'subgraph' || !spec.item) return state;
  return spreadKeepingFloats<State>(state, itemOverlay(spec));
}

/** `{item, index}` of a dynamic branch, under the node's names; a float item stays a float. */
export function itemOverlay(spec: BranchSpec): State {
  const { itemVar, indexVar, value, float } = spec.item!;
  const overlay: State = { [itemVar]: value, [indexVar]: spec.ref.index };
  if (float) markFloat(overlay, itemVar, value as number);
  return overlay;
}

/**
 * A failed branch keeps only its item and index (TEA); one never started by fail_fast keeps
 * nothing (TEA's `state: {}`).
 */
function failedState(spec: BranchSpec, outcome: BranchOutcome): State {
  if (outcome.status === 'skipped' || !spec.item) return {};
  return { [spec.item.itemVar]: spec.item.value, [spec.item.indexVar]: spec.ref.index };
}
