/**
 * The contract between the engine and everything that shows a run: each event is one kind
 * of fact, keyed on `type`. Renderers (human, NDJSON, progress, journal) are sinks of this
 * union and import nothing from the engine.
 */
import type { TeaError } from '../errors.js';

export type State = Record<string, unknown>;

/** Where a parallel branch's event comes from: its fan-out node and index. */
export interface BranchRef {
  /** The fan-out node. */
  node: string;
  index: number;
  /** TEA's branch name: `<node>[<index>]` (dynamic) or the start node (static). */
  name: string;
  /** The item for dynamic branches, as a short label. */
  label?: string;
}

export type BranchStatus = 'ok' | 'failed' | 'timeout' | 'cancelled' | 'skipped';

export type TeaEvent =
  | { type: 'run_start'; workflow: string; entryPoint?: string; exitPoint?: string; state: State }
  | { type: 'node_start'; node: string }
  | { type: 'node_end'; node: string; update: State; state: State; durationMs: number }
  | { type: 'output'; node?: string; stream: 'stdout' | 'stderr'; text: string; branch?: BranchRef }
  | { type: 'log'; level: 'debug' | 'info' | 'warning' | 'error'; message: string; branch?: BranchRef }
  | { type: 'interrupt'; node: string; state: State; when: 'before' | 'after'; checkpoint?: string }
  | {
      type: 'fanout';
      node: string;
      branches: number;
      strategy: string;
      maxConcurrency: number;
      /** sha256 of the items (or static branch starts): `--resume` refuses when they changed. */
      itemsHash?: string;
    }
  | { type: 'branch_queued'; branch: BranchRef }
  | { type: 'branch_started'; branch: BranchRef; attempt: number; pid?: number }
  | { type: 'branch_retried'; branch: BranchRef; attempt: number; error: string; delayMs: number }
  | {
      type: 'branch_finished';
      branch: BranchRef;
      status: BranchStatus;
      durationMs: number;
      attempts: number;
      exitCode?: number | null;
      signal?: string | null;
      error?: string;
      stderrTail?: string;
      /** The branch's final state when it succeeded (for the journal and `--resume`). */
      state?: State;
      /** Taken from the journal of an earlier run by `--resume`, not run again. */
      reused?: boolean;
    }
  | { type: 'branch_killed'; branch: BranchRef; signal: string; reason: string }
  | { type: 'fanin'; node: string; fanIn: string; results: number; failed: number }
  | { type: 'error'; node: string; message: string; error: TeaError; fanIn?: boolean }
  | { type: 'final'; state: State; scoped: boolean };

export type TeaEventType = TeaEvent['type'];
export type EventOf<T extends TeaEventType> = Extract<TeaEvent, { type: T }>;
