import PQueue from 'p-queue';
import type { TeaEvent } from '../observe/events.js';
import type { BranchOutcome, BranchSpec } from './branch.js';
import { runAttempts, type AttemptOptions } from './attempts.js';
import { BranchStop, type BranchRunner, type RunningBranch } from './strategies/runner.js';

export interface SupervisorOptions extends AttemptOptions {
  runner: BranchRunner;
  /** Branches alive at once; Infinity for no limit. */
  concurrency: number;
  /** For the whole fan-out: when it passes, running branches stop and queued ones never start. */
  deadlineMs?: number;
  emit(event: TeaEvent): void;
}

type FinishedListener = (index: number, outcome: BranchOutcome) => void;

/**
 * Runs branch specs through a p-queue with `concurrency` slots. A slot is held until the
 * branch's runner says it has ended (for a process: its group is gone), never released
 * early by a timeout or abort. Outcomes come back in spec order. Policies (fail_fast,
 * drain, thresholds) listen to `finished` and call `stopStarting` / `stop`; the supervisor
 * itself decides nothing.
 */
export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #finished = new Set<FinishedListener>();
  readonly #controllers: AbortController[] = [];
  readonly #running = new Map<number, RunningBranch>();
  #notStarting: BranchStop | undefined;
  #interrupted = false;

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  onFinished(listener: FinishedListener): () => void {
    this.#finished.add(listener);
    return () => this.#finished.delete(listener);
  }

  /** Start nothing new; queued branches end as skipped with this reason. Running ones go on. */
  stopStarting(reason: BranchStop): void {
    this.#notStarting ??= reason;
  }

  /** Start nothing new and stop every running branch with this reason (first reason wins). */
  stop(reason: BranchStop): void {
    this.stopStarting(reason);
    for (const controller of this.#controllers) if (!controller.signal.aborted) controller.abort(reason);
  }

  /** Ctrl-C: start nothing new and pass SIGINT to the running branches, which wind down. */
  interrupt(reason: BranchStop): void {
    this.#interrupted = true;
    this.stopStarting(reason);
    for (const running of this.#running.values()) running.interrupt?.();
  }

  /** Branch refs running now, for "still running" messages. */
  get runningCount(): number {
    return this.#running.size;
  }

  async run(specs: BranchSpec[], signal?: AbortSignal, drain?: AbortSignal): Promise<BranchOutcome[]> {
    const { emit } = this.#options;
    const queue = new PQueue({ concurrency: this.#options.concurrency });
    const outcomes: BranchOutcome[] = new Array(specs.length);
    const onAbort = () => this.stop(new BranchStop('cancelled', 'Cancelled'));
    const onDrain = () => this.interrupt(new BranchStop('cancelled', 'Interrupted by user'));
    signal?.addEventListener('abort', onAbort, { once: true });
    drain?.addEventListener('abort', onDrain, { once: true });
    const deadline = this.#startDeadline();
    // Every branch is queued before the first starts (p-queue starts a task on `add`).
    for (const spec of specs) emit({ type: 'branch_queued', branch: spec.ref });
    specs.forEach((spec, index) => {
      const controller = new AbortController();
      this.#controllers[index] = controller;
      void queue.add(async () => {
        const outcome = this.#notStarting ? skipped(this.#notStarting) : await this.#runBranch(index, spec, controller);
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
          state: outcome.status === 'ok' ? outcome.state : undefined,
        });
        for (const listener of this.#finished) listener(index, outcome);
      });
    });
    if (signal?.aborted) onAbort();
    if (drain?.aborted) onDrain();
    await queue.onIdle();
    clearTimeout(deadline);
    signal?.removeEventListener('abort', onAbort);
    drain?.removeEventListener('abort', onDrain);
    return outcomes;
  }

  async #runBranch(index: number, spec: BranchSpec, controller: AbortController): Promise<BranchOutcome> {
    const outcome = await runAttempts(spec, controller.signal, this.#options, {
      mayRetry: () => this.#notStarting === undefined,
      started: (running, attempt) => {
        this.#running.set(index, running);
        this.#options.emit({ type: 'branch_started', branch: spec.ref, attempt, pid: running.pid });
      },
      ended: () => this.#running.delete(index),
      retrying: (attempt, error, delayMs) => this.#options.emit({ type: 'branch_retried', branch: spec.ref, attempt, error, delayMs }),
    });
    // A branch we sent SIGINT to that did not finish cleanly was stopped by us, not failed.
    return this.#interrupted && outcome.status !== 'ok' ? { ...outcome, status: 'cancelled', error: 'Interrupted by user' } : outcome;
  }

  #startDeadline(): NodeJS.Timeout | undefined {
    const { deadlineMs } = this.#options;
    if (deadlineMs === undefined) return undefined;
    return setTimeout(() => this.stop(new BranchStop('timeout', `Flow timed out after ${deadlineMs / 1000}s`)), deadlineMs);
  }
}

function skipped(reason: BranchStop): BranchOutcome {
  return { status: 'skipped', error: reason.message, timedOut: reason.kind === 'timeout', durationMs: 0, attempts: 0 };
}
