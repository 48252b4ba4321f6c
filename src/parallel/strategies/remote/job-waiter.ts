import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { BranchJobResult } from './protocol.js';

/** How a job ended, as far as the supervisor can tell. */
export type JobEnd =
  | { kind: 'completed'; result: BranchJobResult }
  | { kind: 'failed'; reason: string }
  /** Gone from Redis: removed while waiting (our cancel), or lost by a Redis without persistence. */
  | { kind: 'vanished' }
  /** No final state within the wait we allowed after a cancel. */
  | { kind: 'unconfirmed' };

export interface WaitOptions {
  queue: Queue;
  events: QueueEvents;
  jobId: string;
  /** Aborted: stop waiting for good after `afterAbortMs`. */
  signal: AbortSignal;
  afterAbortMs: number;
  /** How often to ask Redis directly, in case an event was missed (a restart, a reconnect). */
  pollMs: number;
  onStalled?(): void;
}

/**
 * Waits for a job's final state from QueueEvents, and polls the job itself so a missed
 * event (Redis restarted, connection dropped) never loses a finished result.
 */
export async function waitForJobEnd(options: WaitOptions): Promise<JobEnd> {
  const { events, jobId } = options;
  const done = new AbortController();
  let resolveEvent!: (end: JobEnd) => void;
  const fromEvents = new Promise<JobEnd>((resolve) => (resolveEvent = resolve));
  const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => resolveEvent({ kind: 'completed', result: parseResult(returnvalue) });
  const onFailed = ({ failedReason }: { failedReason: string }) => resolveEvent({ kind: 'failed', reason: failedReason });
  const onStalled = () => options.onStalled?.();
  events.on(`completed:${jobId}` as 'completed', onCompleted as never);
  events.on(`failed:${jobId}` as 'failed', onFailed as never);
  events.on(`stalled:${jobId}` as 'stalled', onStalled as never);
  try {
    return await Promise.race([fromEvents, poll(options, done.signal), giveUpAfterAbort(options, done.signal)]);
  } finally {
    done.abort();
    events.off(`completed:${jobId}` as 'completed', onCompleted as never);
    events.off(`failed:${jobId}` as 'failed', onFailed as never);
    events.off(`stalled:${jobId}` as 'stalled', onStalled as never);
  }
}

async function poll(options: WaitOptions, done: AbortSignal): Promise<JobEnd> {
  for (;;) {
    try {
      await sleep(options.pollMs, undefined, { signal: done });
    } catch {
      return new Promise<JobEnd>(() => undefined); // the race is over
    }
    const end = await readJobEnd(options.queue, options.jobId).catch(() => undefined);
    if (end) return end;
  }
}

/** The job's final state straight from Redis, or undefined while it is not final. */
export async function readJobEnd(queue: Queue, jobId: string): Promise<JobEnd | undefined> {
  const state = await queue.getJobState(jobId);
  if (state === 'unknown') return { kind: 'vanished' };
  if (state !== 'completed' && state !== 'failed') return undefined;
  const job = (await queue.getJob(jobId)) as Job | undefined;
  if (!job) return { kind: 'vanished' };
  return state === 'completed' ? { kind: 'completed', result: parseResult(job.returnvalue) } : { kind: 'failed', reason: job.failedReason };
}

async function giveUpAfterAbort(options: WaitOptions, done: AbortSignal): Promise<JobEnd> {
  const never = new Promise<JobEnd>(() => undefined);
  if (!options.signal.aborted) {
    await new Promise<void>((resolve) => {
      options.signal.addEventListener('abort', () => resolve(), { once: true, signal: done });
    });
  }
  if (done.aborted) return never;
  try {
    await sleep(options.afterAbortMs, undefined, { signal: done });
  } catch {
    return never;
  }
  return { kind: 'unconfirmed' };
}

function parseResult(value: unknown): BranchJobResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as BranchJobResult;
}
