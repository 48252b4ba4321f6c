import { errorText, errorTypeOf, isTeaError } from '../../errors.js';
import type { RunContext } from '../../engine/run-context.js';
import { deepCopy } from '../../engine/state.js';
import { runBranchBody } from '../branch-body.js';
import type { BranchOutcome, BranchSpec } from '../branch.js';
import { stopReason, type BranchRunner, type RunningBranch } from './runner.js';

/**
 * TEA's `thread` strategy: branches run as async tasks in this process, on their own state
 * copies. Fast and without isolation: a stop takes effect at the next node boundary (or
 * when a Python block is interrupted), never in the middle of JavaScript.
 */
export function makeInlineRunner(context: RunContext): BranchRunner {
  return {
    name: 'inline',
    start(spec: BranchSpec, signal: AbortSignal): RunningBranch {
      const started = performance.now();
      // The branch's own deep copy: its code may change nested values in place (TEA deep-copies too).
      const own: BranchSpec = { ...spec, state: deepCopy(spec.state) };
      const result = runBranchBody(own, context, signal).then(
        (state): BranchOutcome => ({ status: 'ok', state, durationMs: performance.now() - started, attempts: 1 }),
        (error: unknown): BranchOutcome => {
          const durationMs = performance.now() - started;
          if (signal.aborted) {
            const reason = stopReason(signal);
            return { status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout', durationMs, attempts: 1 };
          }
          return {
            status: 'failed',
            error: errorText(error),
            errorType: errorTypeOf(error),
            failedNode: isTeaError(error) ? error.node : undefined,
            stderrTail: isTeaError(error) ? error.detail : undefined,
            durationMs,
            attempts: 1,
          };
        },
      );
      return { result };
    },
  };
}
