/** Shared helpers for the Python runtime tests: run a block, capture its output, wait for pids. */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'vitest';
import { isTeaError, type TeaError } from '../../../src/errors.js';
import type { PythonBlockRequest, PythonBlockResult } from '../../../src/runtimes/python/protocol.js';
import type { PythonWorker } from '../../../src/runtimes/python/worker-client.js';

export interface BlockOptions extends Partial<Omit<PythonBlockRequest, 'code'>> {
  signal?: AbortSignal;
}

export interface BlockOutcome extends PythonBlockResult {
  /** Every stdout piece, in order. */
  chunks: string[];
  stdout: string;
  /** Every piece in order, as `[stream, text]`. */
  output: [string, string][];
}

export async function runBlock(worker: PythonWorker, code: string, options: BlockOptions = {}): Promise<BlockOutcome> {
  const output: [string, string][] = [];
  const { signal, ...rest } = options;
  const result = await worker.run(
    { kind: 'exec', node: 'n', state: {}, variables: {}, ...rest, code },
    { onOutput: (stream, text) => output.push([stream, text]), signal },
  );
  const chunks = output.filter(([stream]) => stream === 'stdout').map(([, text]) => text);
  return { ...result, chunks, stdout: chunks.join(''), output };
}

export async function runBlockError(worker: PythonWorker, code: string, options: BlockOptions = {}): Promise<TeaError> {
  const error = await runBlock(worker, code, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isTeaError(error), `expected a TeaError, got ${String(error)}`).toBe(true);
  return error as TeaError;
}

/** Alive and not a zombie: an orphaned worker that exited waits for init to reap it, and
 * some container inits reap only every second or two. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux'; // no /proc: trust kill(0); on Linux it just went away
  }
}

/** Polls until `pid` is gone; false if it is still there at the deadline. */
export async function waitForExit(pid: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await delay(20);
  }
  return true;
}
