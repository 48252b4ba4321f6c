import type { BranchRef, BranchStatus, TeaEvent } from './events.js';
import { emittedAt, epochNow } from './event-time.js';

export type RowStatus = 'queued' | 'running' | 'retrying' | BranchStatus;

/** What is known about one branch so far. */
export interface BranchRow {
  ref: BranchRef;
  status: RowStatus;
  attempts: number;
  queuedAt: number;
  startedAt?: number;
  durationMs?: number;
  error?: string;
  exitCode?: number | null;
  signal?: string | null;
  pid?: number;
  /** `--resume` took the result from an earlier run. */
  reused?: boolean;
}

export interface FanOutCounts {
  total: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  skipped: number;
}

/** One fan-out node's branches, from its `fanout` event to its `fanin`. */
export interface FanOutView {
  /** 1, 2, ... in the order the run's fan-outs started. */
  id: number;
  node: string;
  strategy: string;
  maxConcurrency: number;
  startedAt: number;
  endedAt?: number;
  rows: BranchRow[];
}

const failedStatuses: ReadonlySet<RowStatus> = new Set(['failed', 'timeout', 'cancelled']);

export function isFailedStatus(status: RowStatus): boolean {
  return failedStatuses.has(status);
}

export function countRows(view: FanOutView): FanOutCounts {
  const counts: FanOutCounts = { total: view.rows.filter(Boolean).length, queued: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  for (const row of view.rows) {
    if (!row) continue; // a hole: a branch whose queued event this view never saw
    if (row.status === 'queued') counts.queued++;
    else if (row.status === 'running' || row.status === 'retrying') counts.running++;
    else if (row.status === 'ok') counts.done++;
    else if (row.status === 'skipped') counts.skipped++;
    else counts.failed++;
  }
  return counts;
}

/**
 * Time left, from the pace so far: finished branches per millisecond since the fan-out
 * started. Undefined until one has finished or when nothing is left.
 */
export function estimateRemainingMs(view: FanOutView, now: number): number | undefined {
  const counts = countRows(view);
  const finished = counts.done + counts.failed + counts.skipped;
  const left = counts.total - finished;
  if (finished === 0 || left === 0) return undefined;
  return ((now - view.startedAt) / finished) * left;
}

/**
 * Follows the branch events of every fan-out in a run; progress lines, summaries and the
 * NDJSON ids all read it. A sink of events only: it imports nothing from the engine.
 */
export class FanOutTracker {
  readonly #byNode = new Map<string, FanOutView>();
  #next = 1;

  constructor(private readonly now: () => number = epochNow) {}

  /** Updates the view the event belongs to and returns it. */
  handle(event: TeaEvent): FanOutView | undefined {
    const now = emittedAt(event) ?? this.now();
    switch (event.type) {
      case 'fanout': {
        const view: FanOutView = { id: this.#next++, node: event.node, strategy: event.strategy, maxConcurrency: event.maxConcurrency, startedAt: now, rows: [] };
        this.#byNode.set(event.node, view);
        return view;
      }
      case 'fanin': {
        // A fan-out with no branches emits no `fanout`: its `fanin` must not close an older view.
        const view = this.#byNode.get(event.node);
        if (!view || view.endedAt !== undefined) return undefined;
        view.endedAt = now;
        return view;
      }
      case 'branch_queued': {
        const view = this.#viewFor(event.branch, now);
        view.rows[event.branch.index] = { ref: event.branch, status: 'queued', attempts: 0, queuedAt: now };
        return view;
      }
      case 'branch_started':
        return this.#update(event.branch, now, (row) => {
          row.status = 'running';
          row.attempts = event.attempt;
          row.startedAt ??= now;
          row.pid = event.pid;
        });
      case 'branch_retried':
        return this.#update(event.branch, now, (row) => {
          row.status = 'retrying';
          row.error = event.error;
        });
      case 'branch_finished':
        return this.#update(event.branch, now, (row) => {
          row.status = event.status;
          row.attempts = event.attempts;
          row.durationMs = event.durationMs;
          row.error = event.error;
          row.exitCode = event.exitCode;
          row.signal = event.signal;
          row.reused = event.reused;
        });
      default:
        return undefined;
    }
  }

  /** The fan-out a branch belongs to (its latest one: a node in a loop fans out again). */
  viewOf(ref: BranchRef): FanOutView | undefined {
    return this.#byNode.get(ref.node);
  }

  /** Fan-outs started and not yet joined. */
  active(): FanOutView[] {
    return [...this.#byNode.values()].filter((view) => view.endedAt === undefined);
  }

  #update(ref: BranchRef, now: number, change: (row: BranchRow) => void): FanOutView {
    const view = this.#viewFor(ref, now);
    const row = (view.rows[ref.index] ??= { ref, status: 'queued', attempts: 0, queuedAt: now });
    change(row);
    return view;
  }

  /** Branch events without a `fanout` first (a relayed nested run) still get a view. */
  #viewFor(ref: BranchRef, now: number): FanOutView {
    let view = this.#byNode.get(ref.node);
    if (!view || view.endedAt !== undefined) {
      view = { id: this.#next++, node: ref.node, strategy: 'unknown', maxConcurrency: 0, startedAt: now, rows: [] };
      this.#byNode.set(ref.node, view);
    }
    return view;
  }
}
