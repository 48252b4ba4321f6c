import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable, Writable } from 'node:stream';
import type { RunContext } from '../../engine/run-context.js';
import type { TeaEvent } from '../../observe/events.js';
import { isGroupAlive } from '../../process/process-group.js';
import { defaultTermSequence, killGroup, type TermStep } from '../../process/kill-sequence.js';
import { LineSplitter } from '../../process/line-splitter.js';
import type { BranchOutcome, BranchSpec } from '../branch.js';
import { childArguments, teaBin } from './child-command.js';
import { handleChildEvent, type ChildReport } from './child-events.js';
import { stopReason, type BranchRunner, type RunningBranch } from './runner.js';
import { childEnvironment } from './child-environment.js';

const stderrTailLines = 20;
/** After the group is gone its pipes close at once; this only bounds a pathological case. */
const streamDrainMs = 2000;

export interface ProcessRunnerOptions {
  termSequence?: TermStep[];
}

/**
 * Each branch is a child `tea` in its own process group: state in on stdin, final state
 * out on stdout, prints and errors as NDJSON on fd 3, raw stderr relayed line by line.
 */
export function makeProcessRunner(context: RunContext, options: ProcessRunnerOptions = {}): BranchRunner {
  const termSequence = options.termSequence ?? defaultTermSequence;
  return {
    name: 'process',
    start(spec: BranchSpec, signal: AbortSignal): RunningBranch {
      const started = performance.now();
      const child = spawn(process.execPath, [teaBin, ...childArguments(spec, context)], {
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
        env: childEnvironment(),
      });
      const result = superviseChild(child, spec, context.emit, signal, termSequence).then((outcome) => ({
        ...outcome,
        durationMs: performance.now() - started,
      }));
      return { pid: child.pid, result };
    },
  };
}

async function superviseChild(
  child: ChildProcess,
  spec: BranchSpec,
  emit: (event: TeaEvent) => void,
  signal: AbortSignal,
  termSequence: TermStep[],
): Promise<Omit<BranchOutcome, 'durationMs'>> {
  const report: ChildReport = {};
  const stderrTail: string[] = [];
  let stdout = '';
  const pid = child.pid;
  // 'exit', not 'close': a process the branch left running may hold our pipes open.
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const closed = once(child, 'close');
  const spawnFailed = once(child, 'error').then(([error]) => error as Error);

  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  relayLines(child.stdio[3] as Readable, (line) => handleChildEvent(line, spec.ref, emit, report));
  relayLines(child.stderr!, (line) => {
    stderrTail.push(line.trimEnd());
    if (stderrTail.length > stderrTailLines) stderrTail.shift();
    emit({ type: 'output', stream: 'stderr', text: line, branch: spec.ref });
  });
  writeState(child.stdin!, spec.state);

  let killing: Promise<boolean> | undefined;
  const stop = () => {
    if (pid !== undefined) {
      emit({ type: 'branch_killed', branch: spec.ref, signal: termSequence[0]!.signal, reason: stopReason(signal).message });
      killing = killGroup(pid, termSequence);
    }
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });

  const ended = await Promise.race([exited, spawnFailed]);
  signal.removeEventListener('abort', stop);
  if (ended instanceof Error) return { status: 'failed', error: `Could not start tea: ${ended.message}`, attempts: 1 };
  // The branch is finished only when its whole group is gone: kill what it left running.
  if (killing) await killing;
  else if (pid !== undefined && isGroupAlive(pid)) await killGroup(pid, termSequence);
  await waitForClose(closed);
  const [exitCode, exitSignal] = ended;
  const tail = stderrTail.join('\n');
  if (signal.aborted) {
    const reason = stopReason(signal);
    return { status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout', exitCode, signal: exitSignal, attempts: 1, stderrTail: tail };
  }
  return interpretExit(stdout, exitCode, exitSignal, report, tail);
}

/** Reads what the child left: its JSON state on success, its error otherwise. */
function interpretExit(
  stdout: string,
  exitCode: number | null,
  exitSignal: NodeJS.Signals | null,
  report: ChildReport,
  stderrTail: string,
): Omit<BranchOutcome, 'durationMs'> {
  const base = { exitCode, signal: exitSignal, attempts: 1, stderrTail };
  if (exitCode !== 0) {
    const error = report.error?.message ?? (exitSignal ? `Branch process killed by ${exitSignal}` : lastLine(stderrTail) ?? `Branch process exited with code ${exitCode}`);
    return { ...base, status: 'failed', error, failedNode: report.error?.node };
  }
  if (!stdout.trim()) return { ...base, status: 'failed', error: 'Branch process exited 0 without printing its final state on stdout' };
  try {
    const state = JSON.parse(stdout) as unknown;
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

/** The state goes on stdin, never in argv or the environment (no size limit, no leak in `ps`). */
function writeState(stdin: Writable, state: Record<string, unknown>): void {
  stdin.on('error', () => {
    // The child died before reading its state; its exit is reported instead.
  });
  stdin.end(JSON.stringify(state));
}

function lastLine(text: string): string | undefined {
  const lines = text.split('\n').filter((line) => line.trim());
  return lines.at(-1);
}

function excerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}...` : trimmed;
}
