import { outcomeFields } from './outcome-fields.js';
import type { BranchRef, TeaEvent } from './events.js';
import { FanOutTracker, type FanOutView } from './fan-out-tracker.js';
import { emittedAt, epochNow } from './event-time.js';

/** One line of `--stream` / `--trace-file`: `type` and `timestamp` first (docs/events.md). */
export type StreamRecord = { type: string; timestamp: string } & Record<string, unknown>;

export interface StreamRecordOptions {
  /** The workflow path as typed, for `start`. */
  file: string;
  /** Also `node_start` and `log` records (the trace file); `--stream` keeps to TEA's types plus ours. */
  trace?: boolean;
  /** `tea resume`: the first record is TEA's `resume` (workflow, checkpoint) instead of `start`. */
  resumedFrom?: string;
  clock?: () => Date;
  now?: () => number;
}

/** A new event type must be given a record (or an explicit `undefined`) here: the compiler says so. */
function unhandled(event: never): undefined {
  void event;
  return undefined;
}

/** ISO-8601 UTC with microseconds and `+00:00`, as Python's `datetime.isoformat()`. */
export function isoTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, -1)}000+00:00`;
}

/**
 * Turns events into the documented NDJSON records (docs/events.md, docs/events.schema.json).
 * TEA's five types keep TEA's keys exactly; ours add branch identity (`fanout_id`,
 * `branch_id`, node, index, item) and timings (`elapsed_ms` since the fan-out started).
 */
export class StreamRecords {
  readonly #tracker: FanOutTracker;
  readonly #clock: () => Date;
  readonly #now: () => number;
  /** When the event being turned into a record was emitted. */
  #eventTime = 0;

  constructor(private readonly options: StreamRecordOptions) {
    this.#clock = options.clock ?? (() => new Date());
    this.#now = options.now ?? epochNow;
    this.#tracker = new FanOutTracker(this.#now);
  }

  toRecord(event: TeaEvent): StreamRecord | undefined {
    const emitted = emittedAt(event);
    this.#eventTime = emitted ?? this.#now();
    const view = this.#tracker.handle(event);
    const fields = this.#fields(event, view);
    if (fields === undefined) return undefined;
    const { type = event.type, ...rest } = fields;
    return { type, timestamp: isoTimestamp(emitted === undefined ? this.#clock() : new Date(emitted)), ...rest };
  }

  #fields(event: TeaEvent, view: FanOutView | undefined): ({ type?: string } & Record<string, unknown>) | undefined {
    switch (event.type) {
      case 'run_start':
        if (this.options.resumedFrom !== undefined) return { type: 'resume', workflow: this.options.file, checkpoint: this.options.resumedFrom };
        return { type: 'start', workflow: this.options.file };
      case 'node_start':
        return this.options.trace ? { node: event.node } : undefined;
      case 'node_end':
        return { type: 'node_complete', node: event.node, state: event.state };
      case 'interrupt':
        return { node: event.node, state: event.state };
      case 'final':
        return { type: 'complete', state: event.state };
      case 'error':
        return { node: event.node, error: event.message };
      case 'output':
        // `node` is the node that printed; the branch fields say which fan-out branch it ran in.
        return { node: event.node ?? null, stream: event.stream, text: event.text, ...(event.branch ? this.#branchFields(event.branch, false) : {}) };
      case 'log':
        return this.options.trace ? { level: event.level, message: event.message, ...(event.branch ? this.#branchFields(event.branch, false) : {}) } : undefined;
      case 'fanout':
        return {
          node: event.node,
          fanout_id: view!.id,
          branches: event.branches,
          strategy: event.strategy,
          max_concurrency: Number.isFinite(event.maxConcurrency) ? event.maxConcurrency : null,
        };
      case 'fanin':
        return { node: event.node, fanout_id: view?.id ?? null, fan_in: event.fanIn, results: event.results, failed: event.failed, elapsed_ms: this.#elapsed(view) };
      case 'branch_queued':
        return this.#branchFields(event.branch);
      case 'branch_started':
        return { ...this.#branchFields(event.branch), attempt: event.attempt, pid: event.pid ?? null };
      case 'branch_retried':
        return { ...this.#branchFields(event.branch), attempt: event.attempt, error: event.error, delay_ms: Math.round(event.delayMs) };
      case 'branch_killed':
        return { ...this.#branchFields(event.branch), signal: event.signal, reason: event.reason };
      case 'branch_finished':
        return {
          ...this.#branchFields(event.branch),
          ...outcomeFields(event),
          stderr_tail: event.status === 'ok' ? null : (event.stderrTail || null),
          // `--resume` took this branch's result from an earlier run's journal.
          ...(event.reused ? { reused: true } : {}),
        };
      default:
        return unhandled(event);
    }
  }

  /** Who a branch record is about, and when (ms since its fan-out started). */
  #branchFields(ref: BranchRef, withNode = true): Record<string, unknown> {
    const view = this.#tracker.viewOf(ref);
    const fanoutId = view?.id ?? null;
    return {
      ...(withNode ? { node: ref.node } : {}),
      fanout_id: fanoutId,
      branch_id: `${fanoutId ?? 0}.${ref.index}`,
      branch: ref.name,
      index: ref.index,
      item: ref.label ?? null,
      elapsed_ms: this.#elapsed(view),
    };
  }

  #elapsed(view: FanOutView | undefined): number | null {
    return view ? Math.round(this.#eventTime - view.startedAt) : null;
  }
}
