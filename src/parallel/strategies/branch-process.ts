import { guardProcessGroup } from '../../process/orphan-guard.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable, Writable } from 'node:stream';
import type { BranchRef, State, TeaEvent } from '../../observe/events.js';
import { isGroupAlive } from '../../process/process-group.js';
import { killGroup, type TermStep } from '../../process/kill-sequence.js';
import { LineSplitter } from '../../process/line-splitter.js';
import type { BranchOutcome } from '../branch.js';
import { teaBin } from './child-command.js';
import { childEnvironment } from './child-environment.js';
import { handleChildEvent, type ChildReport } from './child-events.js';
import { stopReason } from './runner.js';
import { parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../../util/python-floats.js';

const stderrTailLines = 20;
/** After the group is gone its pipes close at once; this only bounds a pathological case. */
const streamDrainMs = 2000;

/** A branch outcome before the runner adds its wall time. */
export type ChildOutcome = Omit<BranchOutcome, 'durationMs'>;

/**
 * Starts a child `tea` with the branch protocol's five pipes (stdin state, stdout final
 * state, stderr, fd 3 events, fd 4 parent watch) in its own process group. Used by the
 * process strategy and by `tea worker`, so a branch runs the same way everywhere.
 */
export function spawnTeaChild(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return spawn(process.execPath, [teaBin, ...args], {
    cwd: options.cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    env: options.env ?? childEnvironment(),
  });
}

export interface SuperviseOptions {
  ref: BranchRef;
  /** The branch's starting state, written on stdin. */
  state: State;
  /** The same state already as JSON (serialised once per fan-out for the shared part). */
  stateJson?: string;
  emit(event: TeaEvent): void;
  /** Aborting it runs the kill sequence on the child's group. */
  signal: AbortSignal;
  termSequence: TermStep[];
  /**
   * Where the child's NDJSON events come: fd 3 (a local child), or mixed into stderr (a
   * remote child whose fd 3 was redirected to stderr, as over SSH).
   */
  events?: 'fd3' | 'stderr';
}

/** What a child left when it ended, before anyone interprets it. */
export interface ChildEnd {
  spawnError?: Error;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  report: ChildReport;
  stderrTail: string;
}

/**
 * Feeds the child its state, relays its events and stderr line by line, and on abort kills
 * its whole group. Resolves once the child has exited and its group is gone.
 */
export async function superviseChild(child: ChildProcess, options: SuperviseOptions): Promise<ChildEnd> {
  const { ref, emit, signal, termSequence } = options;
  const report: ChildReport = {};
  const stderrTail: string[] = [];
  let stdout = '';
  const pid = child.pid;
  const unguard = guardProcessGroup(pid);
  // 'exit', not 'close': a process the branch left running may hold our pipes open.
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const closed = once(child, 'close');
  const spawnFailed = once(child, 'error').then(([error]) => error as Error);

  const onStderrLine = (line: string) => {
    stderrTail.push(line.trimEnd());
    if (stderrTail.length > stderrTailLines) stderrTail.shift();
    emit({ type: 'output', stream: 'stderr', text: line, branch: ref });
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  if (options.events === 'stderr') {
    relayLines(child.stderr!, (line) => (isEventLine(line) ? handleChildEvent(line, ref, emit, report) : onStderrLine(line)));
  } else {
    relayLines(child.stdio[3] as Readable, (line) => handleChildEvent(line, ref, emit, report));
    relayLines(child.stderr!, onStderrLine);
  }
  writeState(child.stdin!, options.stateJson ?? stringifyJsonKeepingFloats(options.state));

  let killing: Promise<boolean> | undefined;
  const stop = () => {
    if (pid !== undefined) {
      emit({ type: 'branch_killed', branch: ref, signal: termSequence[0]!.signal, reason: stopReason(signal).message });
      killing = killGroup(pid, termSequence);
    }
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });

  const ended = await Promise.race([exited, spawnFailed]);
  signal.removeEventListener('abort', stop);
  const tail = () => stderrTail.join('\n');
  if (ended instanceof Error) {
    unguard();
    return { spawnError: ended, exitCode: null, signal: null, stdout, report, stderrTail: tail() };
  }
  // The branch is finished only when its whole group is gone: kill what it left running.
  if (killing) await killing;
  else if (pid !== undefined && isGroupAlive(pid)) await killGroup(pid, termSequence);
  unguard();
  await waitForClose(closed);
  const [exitCode, exitSignal] = ended;
  return { exitCode, signal: exitSignal, stdout, report, stderrTail: tail() };
}

/** The branch outcome a child's end means: stopped, failed, or its JSON state. */
export function outcomeOfChild(end: ChildEnd, signal: AbortSignal): ChildOutcome {
  if (end.spawnError) return { status: 'failed', error: `Could not start tea: ${end.spawnError.message}`, attempts: 1 };
  const { exitCode, signal: exitSignal, stderrTail } = end;
  if (signal.aborted) {
    const reason = stopReason(signal);
    return { status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout', exitCode, signal: exitSignal, attempts: 1, stderrTail };
  }
  return interpretExit(end);
}

/** Reads what the child left: its JSON state on success, its error otherwise. */
function interpretExit({ stdout, exitCode, signal: exitSignal, report, stderrTail }: ChildEnd): ChildOutcome {
  const base = { exitCode, signal: exitSignal, attempts: 1, stderrTail };
  if (exitCode !== 0) {
    const error = report.error?.message ?? (exitSignal ? `Branch process killed by ${exitSignal}` : lastLine(stderrTail) ?? `Branch process exited with code ${exitCode}`);
    return { ...base, status: 'failed', error, failedNode: report.error?.node, errorType: report.error?.errorType };
  }
  if (!stdout.trim()) return { ...base, status: 'failed', error: 'Branch process exited 0 without printing its final state on stdout' };
  try {
    const state = parseJsonKeepingFloats(stdout);
    if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new Error('not an object');
    return { ...base, status: 'ok', state: state as Record<string, unknown> };
  } catch {
    return { ...base, status: 'failed', error: `Branch process printed something other than a JSON state on stdout: ${excerpt(stdout)}` };
  }
}

/** The group is gone, so the pipes end now; a bounded wait guards the pathological case. */
async function waitForClose(closed: Promise<unknown>): Promise<void> {
  const timer = new AbortController();
  await Promise.race([closed, sleep(streamDrainMs, undefined, { signal: timer.signal }).catch(() => undefined)]);
  timer.abort();
}

function relayLines(stream: Readable, onLine: (line: string) => void): void {
  const splitter = new LineSplitter(onLine);
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => splitter.push(chunk));
  stream.on('end', () => splitter.flush());
  stream.on('error', () => splitter.flush());
}

/** A line a child wrote on its events channel (`{"type":...}`), not plain stderr text. */
function isEventLine(line: string): boolean {
  if (!line.startsWith('{"type":')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** The state goes on stdin, never in argv or the environment (no size limit, no leak in `ps`). */
function writeState(stdin: Writable, stateJson: string): void {
  stdin.on('error', () => {
    // The child died before reading its state; its exit is reported instead.
  });
  stdin.end(stateJson);
}

function lastLine(text: string): string | undefined {
  const lines = text.split('\n').filter((line) => line.trim());
  return lines.at(-1);
}

function excerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}...` : trimmed;
}
