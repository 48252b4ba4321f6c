import type { BranchOutcome, BranchSpec } from '../branch.js';

/**
 * Where a branch runs. `start` begins it at once; aborting `signal` stops it (for a child
 * process: the kill sequence on its group). `result` settles only when the branch has
 * ended and, for processes, its whole process group is gone: that is when a slot frees.
 */
export interface BranchRunner {
  readonly name: string;
  start(spec: BranchSpec, signal: AbortSignal): RunningBranch;
  /** Releases what the runner holds across branches (the remote strategy's connections). */
  close?(): Promise<void>;
}

export interface RunningBranch {
  pid?: number;
  result: Promise<BranchOutcome>;
  /** Ctrl-C: ask the branch to wind down (SIGINT to its group); it ends as it sees fit. */
  interrupt?(): void;
}

/** Why a branch was stopped, carried as the abort reason. */
export class BranchStop extends Error {
  constructor(
    readonly kind: 'cancelled' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}
BranchStop.prototype.name = 'BranchStop';

/** The stop reason of an aborted signal, or a plain cancellation. */
export function stopReason(signal: AbortSignal): BranchStop {
  return signal.reason instanceof BranchStop ? signal.reason : new BranchStop('cancelled', 'Cancelled');
}
