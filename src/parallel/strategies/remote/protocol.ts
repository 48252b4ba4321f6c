import type { BranchBody } from '../../branch.js';
import type { BranchRef, State, TeaEvent } from '../../../observe/events.js';
import type { ChildOutcome } from '../branch-process.js';

/** Bumped when the job payload or result changes shape; a worker refuses any other. */
export const protocolVersion = 2;

/** Where the branch's workflow files are on the worker. */
export type WorkflowRef =
  /** The same absolute paths exist on the worker (a shared or identical file system). */
  | { transfer: 'shared'; file: string; cwd: string }
  /**
   * Shipped with the job: each file's text is stored once under its sha256, and the worker
   * lays the files out under a folder named after the bundle hash, relative paths kept.
   */
  | { transfer: 'ship'; bundle: string; files: { path: string; sha256: string }[]; main: string };

/** One BullMQ job = one branch attempt. */
export interface BranchJobData {
  v: number;
  /** The supervisor's tea version; a worker with an incompatible one refuses the job. */
  teaVersion: string;
  runId: string;
  ref: BranchRef;
  /** Subgraph paths are relative to the bundle root when shipped. */
  body: BranchBody;
  /**
   * The branch's starting state as JSON text (BullMQ's own JSON would turn Python's `2.0`
   * into `2`: util/python-floats.ts), or the key holding it when it is large.
   */
  stateJson?: string;
  stateKey?: string;
  workflow: WorkflowRef;
  /** How many times the job may start (worker deaths are retried up to this). */
  maxStarts: number;
  /** Times a worker shutting down handed the job back; those starts do not count. */
  handbacks?: number;
}

/** Events a worker brings back for the supervisor to replay (prints, logs, kills). */
export type RelayedEvent = Extract<TeaEvent, { type: 'output' | 'log' | 'branch_killed' }>;

/** What a finished job returns: the branch outcome as the local process strategy builds it. */
export interface BranchJobResult {
  v: number;
  outcome: ChildOutcome;
  /** The branch's final state, sent as JSON text instead of `outcome.state`, or the key holding it when it is large. */
  stateJson?: string;
  stateKey?: string;
  durationMs: number;
  worker: { name: string; host: string };
  events: RelayedEvent[];
  /** Bytes of output left out because the branch printed more than the relay keeps. */
  droppedBytes?: number;
}

/** Why a job failed without a branch outcome, encoded in BullMQ's `failedReason`. */
export interface JobFailure {
  kind: 'cancelled' | 'incompatible' | 'worker_lost' | 'orphaned' | 'error';
  message: string;
}

export function encodeFailure(failure: JobFailure): string {
  return JSON.stringify({ tea: failure });
}

export function decodeFailure(reason: string | undefined): JobFailure {
  if (reason?.startsWith('{"tea":')) {
    try {
      return (JSON.parse(reason) as { tea: JobFailure }).tea;
    } catch {
      // fall through: not ours after all
    }
  }
  // BullMQ's own texts ("job stalled more than allowable limit", ...).
  return { kind: /stalled/.test(reason ?? '') ? 'worker_lost' : 'error', message: reason ?? 'Remote job failed' };
}

/**
 * Versions that may share jobs: the same protocol, and the same major version (the same
 * minor while the major is 0, as semver's caret range reads it).
 */
export function incompatibility(job: { v: number; teaVersion: string }, ours: { protocol: number; version: string }): string | undefined {
  if (job.v !== ours.protocol || !sameSeries(job.teaVersion, ours.version)) {
    return `This worker runs tea ${ours.version} (job protocol ${ours.protocol}); the job comes from tea ${job.teaVersion} (protocol ${job.v}). Run the same tea version on the supervisor and the workers`;
  }
  return undefined;
}

function sameSeries(a: string, b: string): boolean {
  const [majorA, minorA] = a.split('.');
  const [majorB, minorB] = b.split('.');
  return majorA === majorB && (majorA !== '0' || minorA === minorB);
}

/** Redis names beside BullMQ's own keys (BullMQ's are under `tea:<queue>:`). */
export function remoteKeys(queue: string) {
  const base = `tea-x:${queue}`;
  return {
    file: (sha256: string) => `${base}:file:${sha256}`,
    blob: (id: string) => `${base}:blob:${id}`,
    cancelJob: (jobId: string) => `${base}:cancel:${jobId}`,
    /** Ctrl-C on the supervisor: the branch gets SIGINT (or never starts). */
    interruptJob: (jobId: string) => `${base}:interrupt:${jobId}`,
    cancelRun: (runId: string) => `${base}:cancel-run:${runId}`,
    lease: (runId: string) => `${base}:lease:${runId}`,
    /** Pub/sub channel for cancel and interrupt messages to every worker. */
    control: `${base}:control`,
  };
}

/** A message on the control channel. */
export interface ControlMessage {
  action: 'cancel' | 'interrupt';
  jobId?: string;
  runId?: string;
  reason?: string;
}

/** BullMQ's key prefix for tea's queues. */
export const queuePrefix = 'tea';
/** How long shipped files, large states and cancel marks stay in Redis. */
export const keyTtlSeconds = 24 * 3600;
/** States and results above this size travel in their own key, not in the job hash. */
export const inlineLimitBytes = 256 * 1024;
