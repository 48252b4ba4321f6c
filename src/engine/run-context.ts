import type { BranchRef, State, TeaEvent } from '../observe/events.js';
import type { NodeSpec, Workflow } from '../spec/model.js';
import type { Graph } from './graph.js';

/** Runs the branches of a fan-out; provided by `parallel/` so the engine only plans. */
export interface FanOutRunner {
  /** A `type: dynamic_parallel` node: returns the node's update (`parallel_results`, `output`). */
  runDynamic(node: NodeSpec, state: State, context: RunContext): Promise<State>;
  /** A static fan-out from `from`: returns the branch states in edge order. */
  runStatic(from: string, state: State, context: RunContext): Promise<State[]>;
}

export interface RunOptions {
  entryPoint?: string;
  exitPoint?: string;
  /** Aborting it stops everything now: running branches get the kill sequence. */
  signal?: AbortSignal;
  /** Aborting it (first Ctrl-C) lets running branches wind down, starts nothing new, then stops. */
  drain?: AbortSignal;
  /** `--strategy`: overrides every fan-out's strategy. */
  strategy?: string;
  /** `--resume`: branch results an earlier run already has. */
  reuse?: { take(node: string, itemsHash: string): Map<number, import('../parallel/branch.js').BranchOutcome> };
  secrets?: Record<string, unknown>;
  /** Extra interrupt lists from the command line. */
  interruptBefore?: string[];
  interruptAfter?: string[];
  checkpointDir?: string;
  /** Start at a node with a saved state (resume / continue after an interrupt). */
  resume?: { node: string; state: State; skipNode: boolean };
  /** Set when this run is one branch of a parent's fan-out. */
  branch?: BranchRef;
  fanOut?: FanOutRunner;
  /** Time limit of a Lua or Prolog block, and of a JavaScript block's synchronous part. @default 30000 */
  blockTimeoutMs?: number;
}

/** Everything a node executor needs; one per run (a branch run has its own). */
export interface RunContext {
  graph: Graph;
  workflow: Workflow;
  options: RunOptions;
  secrets: Record<string, unknown>;
  signal: AbortSignal;
  emit(event: TeaEvent): void;
}
