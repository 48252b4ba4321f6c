import type { BranchRef, BranchStatus, State } from '../observe/events.js';

/** What one branch runs; built by `plan.ts`, run by a strategy. */
export type BranchBody =
  /** Static edge branch: from `entry` up to, not including, `exit` (the fan-in). */
  | { kind: 'path'; entry: string; exit: string }
  /** dynamic_parallel `steps` or `action` of `node`. */
  | { kind: 'node'; node: string }
  /** dynamic_parallel `subgraph`: a whole workflow file. */
  | { kind: 'subgraph'; file: string };

export interface BranchSpec {
  ref: BranchRef;
  body: BranchBody;
  /** The state the branch starts from (never change it in place: it may share values with siblings). */
  state: State;
  /** The fan-out's shared snapshot and this branch's own keys, when `state` is built from them. */
  base?: State;
  overlay?: State;
  /** dynamic_parallel: the item and the state keys that hold it. */
  /** `float`: the item is a number the items list held as a Python float (util/python-floats.ts). */
  item?: { value: unknown; itemVar: string; indexVar: string; float?: boolean };
  /** `allow_failure` held for this item: its failure does not count for the failure policy. */
  allowFailure?: boolean;
}

/** How one branch ended: the facts for events and the journal, and its final state. */
export interface BranchOutcome {
  status: BranchStatus;
  /** The branch's final state (status ok). */
  state?: State;
  error?: string;
  /** Timed out (TEA's `timeout: true`). */
  timedOut?: boolean;
  exitCode?: number | null;
  signal?: string | null;
  durationMs: number;
  attempts: number;
  stderrTail?: string;
  /** Node inside the branch that failed, when known. */
  failedNode?: string;
  /** The error's type (`ValueError`, `TimeoutError`, ...), for `retry_on` and records. */
  errorType?: string;
  /** One entry per failed attempt that was retried or ended the branch (TEA's `attempt_errors`). */
  attemptErrors?: { attempt: number; error: string; error_type: string | null }[];
}
