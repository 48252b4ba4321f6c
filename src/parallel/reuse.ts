import { TeaError } from '../errors.js';
import type { State } from '../observe/events.js';
import type { BranchOutcome } from './branch.js';

/** What an earlier run's journal says about one fan-out (the nth time its node fanned out). */
export interface JournalFanOut {
  itemsHash: string;
  /** Succeeded branches by index: their final states. */
  succeeded: Map<number, State>;
}

/**
 * `--resume`: the results an earlier run already has. Top-level fan-outs are matched by node
 * and occurrence; a fan-out whose items changed is refused, never mixed.
 */
export class ResumeIndex {
  readonly #occurrences = new Map<string, number>();

  constructor(
    readonly runId: string,
    private readonly fanOuts: Map<string, JournalFanOut[]>,
  ) {}

  /** Outcomes to reuse for the next fan-out of `node`, by spec index. */
  take(node: string, hash: string): Map<number, BranchOutcome> {
    const occurrence = this.#occurrences.get(node) ?? 0;
    this.#occurrences.set(node, occurrence + 1);
    const earlier = this.fanOuts.get(node)?.[occurrence];
    if (!earlier) return new Map();
    if (earlier.itemsHash !== hash) {
      throw new TeaError(
        'BAD_INPUT',
        `Cannot resume run ${this.runId}: the items of '${node}' are not the ones that run had; ` +
          'start a new run instead of --resume',
        { node },
      );
    }
    const reused = new Map<number, BranchOutcome>();
    for (const [index, state] of earlier.succeeded) reused.set(index, { status: 'ok', state, durationMs: 0, attempts: 0 });
    return reused;
  }
}
