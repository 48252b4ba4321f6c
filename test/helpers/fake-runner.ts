import type { BranchOutcome, BranchSpec } from '../../src/parallel/branch.js';
import { stopReason, type BranchRunner, type RunningBranch } from '../../src/parallel/strategies/runner.js';
import type { BranchRef } from '../../src/observe/events.js';

/** A branch the test finishes by hand; aborting it settles it as the stop reason says. */
export interface FakeBranch {
  spec: BranchSpec;
  signal: AbortSignal;
  succeed(state?: Record<string, unknown>): void;
  fail(error: string): void;
}

/** A runner whose branches run until the test settles them, counting how many are alive. */
export class FakeRunner implements BranchRunner {
  readonly name = 'fake';
  readonly started: FakeBranch[] = [];
  alive = 0;
  maxAlive = 0;

  start(spec: BranchSpec, signal: AbortSignal): RunningBranch {
    this.alive++;
    this.maxAlive = Math.max(this.maxAlive, this.alive);
    let settle!: (outcome: BranchOutcome) => void;
    const result = new Promise<BranchOutcome>((resolve) => {
      settle = (outcome) => {
        this.alive--;
        resolve(outcome);
      };
    });
    let settled = false;
    const once = (outcome: BranchOutcome) => {
      if (settled) return;
      settled = true;
      settle(outcome);
    };
    signal.addEventListener('abort', () => {
      const reason = stopReason(signal);
      once({ status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout', durationMs: 1, attempts: 1 });
    });
    this.started.push({
      spec,
      signal,
      succeed: (state = {}) => once({ status: 'ok', state, durationMs: 1, attempts: 1 }),
      fail: (error) => once({ status: 'failed', error, durationMs: 1, attempts: 1 }),
    });
    return { result };
  }
}

export function makeSpecs(count: number): BranchSpec[] {
  return Array.from({ length: count }, (_, index) => {
    const ref: BranchRef = { node: 'fan', index, name: `fan[${index}]` };
    return { ref, body: { kind: 'node', node: 'fan' }, state: { index }, item: { value: index, itemVar: 'item', indexVar: 'index' } };
  });
}

/** Lets queued microtasks and p-queue's scheduling run. */
export async function settleQueue(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
