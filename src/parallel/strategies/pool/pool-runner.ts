import os from 'node:os';
import type { RunContext } from '../../../engine/run-context.js';
import { defaultTermSequence, type TermStep } from '../../../process/kill-sequence.js';
import { signalGroup } from '../../../process/process-group.js';
import type { BranchOutcome, BranchSpec } from '../../branch.js';
import { stopReason, type BranchRunner, type RunningBranch } from '../runner.js';
import { PoolWorkerProcess } from './pool-worker-process.js';
import { secretsArguments } from '../secrets-file.js';
import { parsedWorkflowArguments } from '../parsed-workflow.js';

export interface PoolRunner extends BranchRunner {
  /** Ends every worker; call when the fan-out is done. */
  close(): Promise<void>;
}

export interface PoolOptions {
  termSequence?: TermStep[];
  /** How long a branch waits for a busy worker before another worker is started. @default 40 */
  growAfterMs?: number;
}

interface Waiter {
  file: string;
  resolve(worker: PoolWorkerProcess): void;
}

/**
 * The opt-in `pool` strategy: warm `tea pool-worker` processes, each running branches one
 * after another, so a branch costs a message, not a process start. Workers are started as
 * needed but not eagerly: a branch first waits briefly for a busy worker, because starting
 * one costs more CPU than a short branch does; branches that keep workers busy grow the pool
 * up to the fan-out's concurrency. Same guarantees as `process`: a branch that must stop
 * takes its worker's whole group with it, and a broken worker is replaced.
 */
export function makePoolRunner(context: RunContext, options: PoolOptions = {}): PoolRunner {
  const termSequence = options.termSequence ?? defaultTermSequence;
  const growAfterMs = options.growAfterMs ?? 40;
  const workers: PoolWorkerProcess[] = [];
  const waiters: Waiter[] = [];
  let growTimer: NodeJS.Timeout | undefined;
  let lastRelease = 0;
  const startWorker = (file: string) => {
    const worker = new PoolWorkerProcess(file, context.emit, termSequence, [...parsedWorkflowArguments(context.workflow, file), ...secretsArguments(context.secrets)]);
    workers.push(worker);
    return worker;
  };
  const hand = (waiter: Waiter, worker: PoolWorkerProcess) => {
    waiters.splice(waiters.indexOf(waiter), 1);
    waiter.resolve(worker.reserve());
  };
  // One worker more per `growAfterMs` while branches wait: short branches are served by the
  // workers there are; long ones make the pool grow towards the fan-out's concurrency.
  const armGrowth = () => {
    if (growTimer || waiters.length === 0) return;
    growTimer = setTimeout(() => {
      growTimer = undefined;
      const waiter = waiters[0];
      if (!waiter) return;
      // Grow only when every worker is held up: not while one is still booting (it will soon
      // serve a waiter), nor while workers keep coming free (short branches: more workers
      // would only compete for the same cores).
      const cycling = performance.now() - lastRelease < growAfterMs;
      if (!cycling && workers.every((worker) => worker.ready)) hand(waiter, startWorker(waiter.file));
      armGrowth();
    }, growAfterMs);
  };
  const release = (worker: PoolWorkerProcess) => {
    lastRelease = performance.now();
    if (!worker.available) {
      workers.splice(workers.indexOf(worker), 1);
      return;
    }
    const waiter = waiters.find((candidate) => candidate.file === worker.file);
    if (waiter) hand(waiter, worker);
  };
  const acquire = (file: string, signal: AbortSignal): Promise<PoolWorkerProcess> => {
    const idle = workers.find((worker) => worker.available && worker.file === file);
    if (idle) return Promise.resolve(idle.reserve());
    // The first workers, one per core, start at once.
    if (workers.filter((worker) => worker.file === file).length < os.availableParallelism()) return Promise.resolve(startWorker(file).reserve());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { file, resolve };
      waiters.push(waiter);
      armGrowth();
      signal.addEventListener(
        'abort',
        () => {
          if (!waiters.includes(waiter)) return;
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(stopReason(signal));
        },
        { once: true },
      );
    });
  };
  return {
    name: 'pool',
    start(spec: BranchSpec, signal: AbortSignal): RunningBranch {
      const started = performance.now();
      const file = spec.body.kind === 'subgraph' ? spec.body.file : context.workflow.absoluteFile;
      let current: PoolWorkerProcess | undefined;
      const result = acquire(file, signal).then(
        async (worker): Promise<BranchOutcome> => {
          current = worker;
          const outcome = await worker.run(spec, signal);
          release(worker);
          return { ...outcome, durationMs: performance.now() - started };
        },
        (): BranchOutcome => {
          // Stopped while waiting for a worker: nothing ran.
          const stop = stopReason(signal);
          return { status: stop.kind, error: stop.message, timedOut: stop.kind === 'timeout', durationMs: performance.now() - started, attempts: 1 };
        },
      );
      return { result, interrupt: () => current?.pid !== undefined && signalGroup(current.pid, 'SIGINT') };
    },
    async close() {
      clearTimeout(growTimer);
      waiters.splice(0);
      await Promise.all(workers.splice(0).map((worker) => worker.close()));
    },
  };
}
