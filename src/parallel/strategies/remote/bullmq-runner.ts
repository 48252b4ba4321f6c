import { randomBytes } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { RunContext } from '../../../engine/run-context.js';
import { registerCleanup } from '../../../process/cleanup.js';
import type { BranchOutcome, BranchSpec } from '../../branch.js';
import { stopReason, type RunningBranch } from '../runner.js';
import { makeBundle } from './bundle.js';
import { closeRedis, connectRedis, loadBullmq, type RedisClient } from './connection.js';
import { redactUrl, type BullmqConfig } from './config.js';
import { makeJobData, sharedWorkflow, uploadBundle } from './job-payload.js';
import { waitForJobEnd } from './job-waiter.js';
import { outcomeOfJobEnd } from './job-outcome.js';
import { keyTtlSeconds, queuePrefix, remoteKeys, type ControlMessage, type WorkflowRef } from './protocol.js';
import type { ClosableRunner } from './runner-close.js';

/** Timings of the supervisor side; tests shorten them. */
export interface BullmqRunnerTimings {
  /** Poll a job's state this often, besides listening for its events. @default 1000 */
  pollMs: number;
  /** After a cancel, wait this long for the worker to confirm the branch is gone. @default 60000 */
  cancelWaitMs: number;
  /** The run lease: workers stop branches of a supervisor that stopped renewing it. @default 15000 */
  leaseMs: number;
}

const defaultTimings: BullmqRunnerTimings = { pollMs: 1000, cancelWaitMs: 60_000, leaseMs: 15_000 };

interface Session {
  queue: Queue;
  events: QueueEvents;
  client: RedisClient;
  workflow: WorkflowRef;
  bundleRoot?: string;
}

/**
 * Branches as BullMQ jobs on Redis, run by `tea worker`s anywhere. The supervisor's slots
 * still bound how many jobs of this fan-out exist at once, so `max_concurrency` holds across
 * all workers. Aborting a branch marks it cancelled in Redis and tells every worker over
 * pub/sub; the worker kills the branch's group, and only then does the job (and `result`) end.
 */
export function makeBullmqRunner(context: RunContext, config: BullmqConfig, timings: Partial<BullmqRunnerTimings> = {}): ClosableRunner {
  const { pollMs, cancelWaitMs, leaseMs } = { ...defaultTimings, ...timings, ...timingsFromEnv() };
  const runId = `r${randomBytes(6).toString('hex')}`;
  const keys = remoteKeys(config.queue);
  const pending = new Set<string>();
  let sequence = 0;
  let session: Promise<Session> | undefined;
  let leaseTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const connect = (spec: BranchSpec) => (session ??= openSession(spec));
  async function openSession(spec: BranchSpec): Promise<Session> {
    const { Queue, QueueEvents } = await loadBullmq();
    const client = await connectRedis(config, `tea-supervisor-${runId}`);
    const queue = new Queue(config.queue, { connection: client, prefix: queuePrefix });
    const eventsClient = await connectRedis(config, `tea-events-${runId}`);
    const events = new QueueEvents(config.queue, { connection: eventsClient, prefix: queuePrefix });
    events.on('error', () => undefined);
    queue.on('error', () => undefined);
    try {
      await withTimeout(Promise.all([client.ping(), events.waitUntilReady()]), 10_000, `Cannot reach Redis at ${redactUrl(config.url)}`);
    } catch (error) {
      await settleWithin(1000, [events.close(), queue.close()]);
      client.disconnect();
      eventsClient.disconnect();
      throw error;
    }
    await renewLease(client);
    leaseTimer = setInterval(() => void renewLease(client).catch(() => undefined), leaseMs / 3);
    leaseTimer.unref();
    if (config.transfer === 'shared') return { queue, events, client, workflow: sharedWorkflow(context.workflow) };
    const bundle = makeBundle(context.workflow, spec.body.kind === 'subgraph' ? [spec.body.file] : []);
    return { queue, events, client, workflow: await uploadBundle(client, config.queue, bundle, context.workflow.absoluteFile), bundleRoot: bundle.root };
  }

  const renewLease = (client: RedisClient) => client.set(keys.lease(runId), '1', 'PX', leaseMs);

  async function cancel(client: RedisClient, queue: Queue, jobId: string, reason: string): Promise<void> {
    // Order matters: the mark first, so a worker picking the job up now sees it.
    await client.set(keys.cancelJob(jobId), reason, 'EX', keyTtlSeconds);
    const job = await queue.getJob(jobId);
    if (job && ((await job.isWaiting()) || (await job.isDelayed()))) await job.remove().catch(() => undefined);
    await publish(client, { action: 'cancel', jobId, runId, reason });
  }
  /** Ctrl-C: a running branch gets SIGINT and winds down; one not started yet never starts. */
  async function interrupt(client: RedisClient, queue: Queue, jobId: string): Promise<void> {
    await client.set(keys.interruptJob(jobId), '1', 'EX', keyTtlSeconds);
    const job = await queue.getJob(jobId);
    if (job && ((await job.isWaiting()) || (await job.isDelayed()))) await job.remove().catch(() => undefined);
    await publish(client, { action: 'interrupt', jobId, runId });
  }
  const publish = (client: RedisClient, message: ControlMessage) => client.publish(keys.control, JSON.stringify(message));

  // Our process may end without closing us (a second Ctrl-C): cancel what is still out there.
  const unregister = registerCleanup(async () => {
    if (!session || pending.size === 0) return;
    const { client } = await session;
    await client.set(keys.cancelRun(runId), 'supervisor exited', 'EX', keyTtlSeconds).catch(() => undefined);
    await publish(client, { action: 'cancel', runId, reason: 'supervisor exited' }).catch(() => undefined);
  });

  async function runBranch(spec: BranchSpec, signal: AbortSignal, onInterrupt: (send: () => void) => void): Promise<BranchOutcome> {
    const started = performance.now();
    if (signal.aborted) return stopped(signal, started);
    const { queue, events, client, workflow, bundleRoot } = await connect(spec);
    // Resubmit once if the job vanished from Redis without our cancel (a Redis without persistence).
    for (let submission = 1; ; submission++) {
      const jobId = `${runId}-${spec.ref.index}-${++sequence}`;
      const maxStarts = config.workerRetries + 1;
      const data = await makeJobData(spec, { client, queue: config.queue, runId, jobId, workflow, bundleRoot, maxStarts });
      if (signal.aborted) return stopped(signal, started);
      pending.add(jobId);
      try {
        await queue.add('branch', data, { jobId, attempts: maxStarts, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } });
        const onAbort = () => void cancel(client, queue, jobId, stopReason(signal).message).catch(() => undefined);
        signal.addEventListener('abort', onAbort, { once: true });
        if (signal.aborted) onAbort(); // aborted while the job was being added
        onInterrupt(() => void interrupt(client, queue, jobId).catch(() => undefined));
        let stalls = 0;
        const end = await waitForJobEnd({
          queue,
          events,
          jobId,
          signal,
          afterAbortMs: cancelWaitMs,
          pollMs,
          onStalled: () => {
            stalls++;
            context.emit({ type: 'log', level: 'warning', message: `${spec.ref.name}: its worker stopped answering; the job goes back to the queue`, branch: spec.ref });
          },
        });
        signal.removeEventListener('abort', onAbort);
        if (end.kind === 'vanished' && !signal.aborted && submission === 1) continue;
        return await outcomeOfJobEnd(end, { spec, signal, client, emit: context.emit, started, stalls });
      } finally {
        pending.delete(jobId);
      }
    }
  }

  return {
    name: 'remote',
    start(spec: BranchSpec, signal: AbortSignal): RunningBranch {
      let sendInterrupt: (() => void) | undefined;
      let interrupted = false;
      const result = runBranch(spec, signal, (send) => {
        sendInterrupt = send;
        if (interrupted) send();
      }).catch(
        (error: unknown): BranchOutcome => ({
          status: signal.aborted ? stopReason(signal).kind : 'failed',
          error: `Remote branch on queue '${config.queue}' (${redactUrl(config.url)}) failed: ${(error as Error)?.message ?? String(error)}`,
          durationMs: 0,
          attempts: 1,
        }),
      );
      return {
        result,
        interrupt() {
          interrupted = true;
          sendInterrupt?.();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(leaseTimer);
      unregister();
      if (!session) return;
      const { queue, events, client } = await session.catch(() => ({}) as Partial<Session>);
      if (client) await client.del(keys.lease(runId)).catch(() => undefined);
      // Redis may be gone: closing must not hang the end of the run.
      await settleWithin(2000, [events?.close(), queue?.close()]);
      if (client) await closeRedis(client);
    },
  };
}

function stopped(signal: AbortSignal, started: number): BranchOutcome {
  const reason = stopReason(signal);
  return { status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout', durationMs: performance.now() - started, attempts: 1 };
}

/** Waits for the promises to settle, but no longer than `ms`. */
async function settleWithin(ms: number, promises: (Promise<unknown> | undefined)[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(promises), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `TEA_REMOTE_POLL_MS`, `TEA_REMOTE_CANCEL_WAIT_MS`, `TEA_REMOTE_LEASE_MS`: for tests and tuning. */
function timingsFromEnv(): Partial<BullmqRunnerTimings> {
  const read = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const entries = { pollMs: read('TEA_REMOTE_POLL_MS'), cancelWaitMs: read('TEA_REMOTE_CANCEL_WAIT_MS'), leaseMs: read('TEA_REMOTE_LEASE_MS') };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined && Number.isFinite(value) && value > 0));
}
