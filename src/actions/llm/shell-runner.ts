import { guardProcessGroup } from '../../process/orphan-guard.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerCleanup } from '../../process/cleanup.js';
import { killGroup } from '../../process/kill-sequence.js';
import { isGroupAlive } from '../../process/process-group.js';

export interface CommandSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Called with each piece of stdout as it arrives (a provider's `verbose`). */
  onStdout?: (text: string) => void;
}

export type CommandOutcome =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | { kind: 'timed_out' }
  | { kind: 'cancelled' }
  | { kind: 'spawn_failed'; error: NodeJS.ErrnoException };

const maxTimerMs = 2 ** 31 - 1;

/**
 * Runs one command in its own process group, without a shell, and settles only when nothing
 * of that group is left: on timeout or abort the group gets the kill sequence (TERM, grace,
 * KILL); after a normal exit, leftovers (an agent's background helpers) get it too.
 * The exit code of a command killed by a signal is Python's `-N`.
 */
export async function runCommand(spec: CommandSpec): Promise<CommandOutcome> {
  if (spec.signal.aborted) return { kind: 'cancelled' };
  const child = spawn(spec.command, spec.args, { detached: true, env: spec.env, stdio: [spec.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const spawnError = await waitForSpawn(child);
  if (spawnError) return { kind: 'spawn_failed', error: spawnError };
  const pid = child.pid!;
  const stdout = collect(child.stdout!, spec.onStdout);
  const stderr = collect(child.stderr!);
  if (spec.input !== undefined) {
    child.stdin!.on('error', () => {}); // the command may exit without reading it all (EPIPE)
    child.stdin!.end(spec.input);
  }
  // If tea exits while the agent runs (a second Ctrl-C, an uncaught error), the group goes too.
  const unregister = registerCleanup(() => killGroup(pid).then(() => undefined));
  // If tea is killed outright (SIGKILL), the watchdog ends the group.
  const unguard = guardProcessGroup(pid);
  const teardown = new AbortController();
  try {
    const ending = await Promise.race([
      waitForClose(child, teardown.signal),
      waitForTimeout(spec.timeoutMs, teardown.signal),
      waitForAbort(spec.signal, teardown.signal),
    ]);
    if (ending.kind === 'closed') {
      if (isGroupAlive(pid)) await killGroup(pid);
      return { kind: 'exited', exitCode: ending.exitCode, stdout: stdout.text(), stderr: stderr.text() };
    }
    await killGroup(pid);
    return { kind: ending.kind };
  } finally {
    unguard();
    unregister();
    teardown.abort();
    child.stdin?.destroy();
    child.stdout!.destroy();
    child.stderr!.destroy();
  }
}

/** `spawn` reports a missing command through an 'error' event instead of 'spawn'. */
async function waitForSpawn(child: ChildProcess): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (error) => resolve(error as NodeJS.ErrnoException));
  });
}

/** 'close' waits for stdout and stderr to end too, as Python's `communicate()` does. */
async function waitForClose(child: ChildProcess, signal: AbortSignal): Promise<{ kind: 'closed'; exitCode: number }> {
  try {
    const [code, signalName] = (await once(child, 'close', { signal })) as [number | null, NodeJS.Signals | null];
    return { kind: 'closed', exitCode: code ?? -(constants.signals[signalName!] ?? 1) };
  } catch {
    return new Promise(() => {}); // torn down: another racer won
  }
}

/** Racer: the command's time is up. */
async function waitForTimeout(timeoutMs: number, signal: AbortSignal): Promise<{ kind: 'timed_out' }> {
  try {
    await sleep(Math.min(timeoutMs, maxTimerMs), undefined, { signal });
    return { kind: 'timed_out' };
  } catch {
    return new Promise(() => {});
  }
}

/** Racer: the run was aborted (Ctrl-C, fail-fast, a branch timeout). */
async function waitForAbort(runSignal: AbortSignal, signal: AbortSignal): Promise<{ kind: 'cancelled' }> {
  if (runSignal.aborted) return { kind: 'cancelled' };
  try {
    await once(runSignal, 'abort', { signal });
    return { kind: 'cancelled' };
  } catch {
    return new Promise(() => {});
  }
}

/** Gathers a stream as UTF-8 text (split characters kept whole), passing pieces on as they come. */
function collect(stream: NodeJS.ReadableStream, onText?: (text: string) => void): { text(): string } {
  const decoder = new StringDecoder('utf8');
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    const piece = decoder.write(chunk);
    text += piece;
    if (piece && onText) onText(piece);
  });
  return {
    text: () => {
      const rest = decoder.end();
      if (rest && onText) onText(rest);
      text += rest;
      return text;
    },
  };
}
