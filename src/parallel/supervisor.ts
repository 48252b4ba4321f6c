import PQueue from 'p-queue';
import type { TeaEvent } from '../observe/events.js';
import type { BranchOutcome, BranchSpec } from './branch.js';
import { BranchStop, type BranchRunner } from './strategies/runner.js';

export interface SupervisorOptions {
  runner: BranchRunner;
  /** Branches alive at once; Infinity for no limit. */
  concurrency: number;
  /** Each branch's time limit; when it passes, the branch is stopped and counts as timed out. */
  timeoutMs?: number;
  emit(event: TeaEvent): void;
}

type FinishedListener = (index: number, outcome: BranchOutcome) => void;

/**
 * Runs branch specs through a p-queue with `concurrency` slots. A slot is held until the
 * branch's runner says it has ended (for a process: its group is gone), never released
 * early by a timeout or abort. Outcomes come back in spec order. Policies (fail_fast, ...)
 * listen to `finished` and call `stop`; the supervisor itself decides nothing.
 */
export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #finished = new Set<FinishedListener>();
  readonly #controllers: AbortController[] = [];
  #stopped: BranchStop | undefined;

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  onFinished(listener: FinishedListener): () => void {
    this.#finished.add(listener);
    return () => this.#finished.delete(listener);
  }

  /** Start nothing new and stop every running branch with this reason. */
  stop(reason: BranchStop): void {
    this.#stopped ??= reason;
    for (const controller of this.#controllers) if (!controller.signal.aborted) controller.abort(reason);
  }

  get stopped(): BranchStop | undefined {
    return this.#stopped;
  }

  async run(specs: BranchSpec[], signal?: AbortSignal): Promise<BranchOutcome[]> {
    const { runner, emit } = this.#options;
    const queue = new PQueue({ concurrency: this.#options.concurrency });
    const outcomes: BranchOutcome[] = new Array(specs.length);
    const onAbort = () => this.stop(new BranchStop('cancelled', 'Cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    // Every branch is queued before the first starts (p-queue starts a task on `add`).
    for (const spec of specs) emit({ type: 'branch_queued', branch: spec.ref });
    specs.forEach((spec, index) => {
      const controller = new AbortController();
      this.#controllers[index] = controller;
      void queue.add(async () => {
        const outcome = this.#stopped ? skipped(this.#stopped) : await this.#runOne(spec, controller);
        outcomes[index] = outcome;
        emit({
          type: 'branch_finished',
          branch: spec.ref,
          status: outcome.status,
          durationMs: outcome.durationMs,
          attempts: outcome.attempts,
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          error: outcome.error,
          stderrTail: outcome.stderrTail,
        });
        for (const listener of this.#finished) listener(index, outcome);
      });
    });
    if (signal?.aborted) onAbort();
    await queue.onIdle();
    signal?.removeEventListener('abort', onAbort);
    return outcomes;
  }

  async #runOne(spec: BranchSpec, controller: AbortController): Promise<BranchOutcome> {
    const { timeoutMs } = this.#options;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => controller.abort(new BranchStop('timeout', `Flow timed out after ${timeoutMs / 1000}s`)), timeoutMs);
    try {
      const running = this.#options.runner.start(spec, controller.signal);
      this.#options.emit({ type: 'branch_started', branch: spec.ref, attempt: 1, pid: running.pid });
      return await running.result;
    } finally {
      clearTimeout(timer);
    }
  }
}

function skipped(reason: BranchStop): BranchOutcome {
  return { status: 'skipped', error: reason.message, durationMs: 0, attempts: 0 };
}
