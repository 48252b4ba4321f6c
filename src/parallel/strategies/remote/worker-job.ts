import type { Job } from 'bullmq';
import os from 'node:os';
import path from 'node:path';
import { version } from '../../../cli/version.js';
import type { TermStep } from '../../../process/kill-sequence.js';
import type { TeaEvent } from '../../../observe/events.js';
import type { BranchSpec } from '../../branch.js';
import { outcomeOfChild, spawnTeaChild, superviseChild } from '../branch-process.js';
import { childArguments } from '../child-command.js';
import { childEnvironment } from '../child-environment.js';
import { BranchStop } from '../runner.js';
import type { Bullmq, RedisClient } from './connection.js';
import { encodeFailure, incompatibility, inlineLimitBytes, keyTtlSeconds, protocolVersion, remoteKeys, type BranchJobData, type BranchJobResult, type RelayedEvent } from './protocol.js';
import { materializeWorkflow } from './worker-bundle.js';
import { parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../../../util/python-floats.js';

/** A worker shutting down gives the job back to the queue instead of finishing it. */
export class HandBack extends BranchStop {
  constructor() {
    super('cancelled', 'The worker is shutting down; the branch goes back to the queue');
  }
}

/** The worker lost the job's lock (another worker may take it over): stop, report nothing. */
export class LockLost extends BranchStop {
  constructor() {
    super('cancelled', 'The worker lost the job');
  }
}

export interface ActiveJob {
  jobId: string;
  runId: string;
  ref: BranchSpec['ref'];
  controller: AbortController;
  pid?: number;
  /** SIGINT was passed to the branch's group already. */
  interrupted?: boolean;
}

export interface WorkerJobDeps {
  bullmq: Bullmq;
  client: RedisClient;
  queue: string;
  name: string;
  cacheDir: string;
  termSequence: TermStep[];
  active: Map<string, ActiveJob>;
  log(line: string): void;
}

/** Output kept per branch for the supervisor; past it, the rest is counted, not sent. */
const relayLimitBytes = 1024 * 1024;

/**
 * Runs one branch job: refuse what this worker must not run (another tea version, too many
 * starts, cancelled, orphaned), then the same child `tea` the process strategy runs, in its
 * own process group, with the same pipes. The outcome goes back as the job's return value.
 */
export async function processBranchJob(job: Job<BranchJobData>, token: string | undefined, deps: WorkerJobDeps): Promise<BranchJobResult> {
  const { UnrecoverableError, WaitingError } = deps.bullmq;
  const data = job.data;
  const fail = (kind: Parameters<typeof encodeFailure>[0]['kind'], message: string) => new UnrecoverableError(encodeFailure({ kind, message }));
  const problem = incompatibility(data, { protocol: protocolVersion, version });
  if (problem) {
    deps.log(`refused job ${job.id} (${data.ref?.name}): ${problem}`);
    throw fail('incompatible', `${problem} (worker ${deps.name})`);
  }
  const starts = job.attemptsStarted - (data.handbacks ?? 0);
  if (starts > data.maxStarts) {
    throw fail('worker_lost', `Branch ${data.ref.name} lost its worker ${starts - 1} time(s); giving up (remote.worker_retries: ${data.maxStarts - 1})`);
  }
  const keys = remoteKeys(deps.queue);
  const jobId = job.id!;
  const active: ActiveJob = { jobId, runId: data.runId, ref: data.ref, controller: new AbortController() };
  deps.active.set(jobId, active);
  try {
    // Registered before this check, so a cancel published from now on reaches us either way.
    const [jobMark, runMark, interrupted, lease] = await Promise.all([
      deps.client.get(keys.cancelJob(jobId)),
      deps.client.get(keys.cancelRun(data.runId)),
      deps.client.exists(keys.interruptJob(jobId)),
      deps.client.exists(keys.lease(data.runId)),
    ]);
    if (jobMark !== null || runMark !== null) throw fail('cancelled', jobMark ?? runMark ?? 'Cancelled');
    if (interrupted) throw fail('cancelled', 'Interrupted by user');
    if (lease === 0) throw fail('orphaned', 'The supervisor of this run is gone');
    const workflow = await materializeWorkflow(data.workflow, deps.client, deps.queue, deps.cacheDir);
    const state = parseJsonKeepingFloats(data.stateJson ?? (await deps.client.get(data.stateKey!)) ?? 'null') as BranchSpec['state'] | null;
    if (state === null) throw new Error(`The branch state (${data.stateKey}) is no longer in Redis`);
    const body = data.body.kind === 'subgraph' && !path.isAbsolute(data.body.file) ? { ...data.body, file: path.join(workflow.root, data.body.file) } : data.body;
    const spec: BranchSpec = { ref: data.ref, body, state };
    const result = await runChild(spec, workflow, active, deps);
    const signal = active.controller.signal;
    if (signal.reason instanceof HandBack && token) {
      await job.updateData({ ...data, handbacks: (data.handbacks ?? 0) + 1 });
      await job.moveToWait(token);
      deps.log(`handed back job ${jobId} (${data.ref.name})`);
      throw new WaitingError();
    }
    if (signal.reason instanceof LockLost) throw new Error('lock lost: another worker runs this branch');
    if (signal.aborted) throw fail('cancelled', (signal.reason as Error)?.message ?? 'Cancelled');
    result.outcome.attempts = Math.max(1, starts);
    if (result.outcome.state !== undefined) {
      const stateText = stringifyJsonKeepingFloats(result.outcome.state);
      delete result.outcome.state;
      if (Buffer.byteLength(stateText) <= inlineLimitBytes) result.stateJson = stateText;
      else {
        result.stateKey = keys.blob(`${jobId}-result`);
        await deps.client.set(result.stateKey, stateText, 'EX', keyTtlSeconds);
      }
    }
    return result;
  } finally {
    deps.active.delete(jobId);
  }
}

async function runChild(spec: BranchSpec, workflow: { file: string; cwd: string }, active: ActiveJob, deps: WorkerJobDeps): Promise<BranchJobResult> {
  const started = performance.now();
  const events: RelayedEvent[] = [];
  let kept = 0;
  let droppedBytes = 0;
  const emit = (event: TeaEvent) => {
    if (event.type !== 'output' && event.type !== 'log' && event.type !== 'branch_killed') return;
    const size = event.type === 'output' ? event.text.length : event.type === 'log' ? event.message.length : 0;
    if (kept + size > relayLimitBytes) {
      droppedBytes += size;
      return;
    }
    kept += size;
    events.push(event);
  };
  // A branch's own fan-outs run here, as local processes: no remote fan-out waits on the slots its parent holds.
  const env = { ...childEnvironment(), TEA_WORKER_NAME: deps.name, TEA_PARALLEL_STRATEGY: 'process' };
  const child = spawnTeaChild(childArguments(spec, workflow.file), { cwd: workflow.cwd, env });
  active.pid = child.pid;
  const signal = active.controller.signal;
  deps.log(`started ${spec.ref.name} (job ${active.jobId}, pid ${child.pid})`);
  const end = await superviseChild(child, { ref: spec.ref, state: spec.state, emit, signal, termSequence: deps.termSequence });
  const outcome = outcomeOfChild(end, signal);
  const durationMs = performance.now() - started;
  deps.log(`finished ${spec.ref.name} (job ${active.jobId}): ${outcome.status} in ${Math.round(durationMs)} ms`);
  return {
    v: protocolVersion,
    outcome,
    durationMs,
    worker: { name: deps.name, host: os.hostname() },
    events,
    droppedBytes: droppedBytes || undefined,
  };
}
