import type { State, TeaEvent } from '../../../observe/events.js';
import type { BranchOutcome, BranchSpec } from '../../branch.js';
import { stopReason } from '../runner.js';
import type { RedisClient } from './connection.js';
import type { JobEnd } from './job-waiter.js';
import { decodeFailure } from './protocol.js';
import { parseJsonKeepingFloats } from '../../../util/python-floats.js';

export interface OutcomeContext {
  spec: BranchSpec;
  signal: AbortSignal;
  client: RedisClient;
  emit(event: TeaEvent): void;
  /** performance.now() when the branch started here. */
  started: number;
  /** Times the job went back to the queue because its worker stopped answering. */
  stalls: number;
}

/**
 * The branch outcome a job's end means. A finished job carries the outcome the worker's
 * child produced (exactly what the process strategy would have reported); the branch's
 * prints and logs are replayed here, tagged with the branch, once it has ended.
 */
export async function outcomeOfJobEnd(end: JobEnd, context: OutcomeContext): Promise<BranchOutcome> {
  const { spec, signal } = context;
  const waited = performance.now() - context.started;
  if (end.kind === 'completed') {
    const { result } = end;
    for (const event of result.events) context.emit({ ...event, branch: spec.ref } as TeaEvent);
    if (result.droppedBytes) {
      context.emit({ type: 'log', level: 'warning', message: `${spec.ref.name}: ${result.droppedBytes} bytes of output were not relayed (too much output)`, branch: spec.ref });
    }
    const outcome: BranchOutcome = { ...result.outcome, durationMs: result.durationMs, attempts: result.outcome.attempts };
    if (result.stateJson !== undefined) outcome.state = parseJsonKeepingFloats(result.stateJson) as State;
    else if (result.stateKey) outcome.state = parseJsonKeepingFloats((await context.client.get(result.stateKey)) ?? '{}') as State;
    // A worker that saw the cancel reports `cancelled`; the reason we gave wins (timeout, fail_fast).
    if (signal.aborted && outcome.status !== 'ok') return { ...outcome, ...stoppedFields(signal) };
    return outcome;
  }
  if (signal.aborted || end.kind === 'vanished' || end.kind === 'unconfirmed') {
    const note = end.kind === 'unconfirmed' ? ' (no worker confirmed the branch stopped)' : '';
    const fields = signal.aborted ? stoppedFields(signal) : { status: 'failed' as const, error: 'The remote job disappeared from Redis (restarted without persistence?)' };
    return { ...fields, error: `${fields.error}${note}`, durationMs: waited, attempts: 1 + context.stalls };
  }
  const failure = decodeFailure(end.reason);
  if (failure.kind === 'cancelled' || failure.kind === 'orphaned') return { status: 'cancelled', error: failure.message, durationMs: waited, attempts: 1 + context.stalls };
  return { status: 'failed', error: failure.message, errorType: failure.kind === 'incompatible' ? 'IncompatibleWorker' : undefined, durationMs: waited, attempts: 1 + context.stalls };
}

function stoppedFields(signal: AbortSignal) {
  const reason = stopReason(signal);
  return { status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout' };
}
