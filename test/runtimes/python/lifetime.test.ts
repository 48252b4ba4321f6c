// The worker lives and dies with its tea: close, crash, abort, and tea dying in any way.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTeaError } from '../../../src/errors.js';
import { PythonWorker } from '../../../src/runtimes/python/worker-client.js';
import { buildClient, type BuiltClient } from './build-client.js';
import { isRunning, runBlock, runBlockError, waitForExit } from './helpers.js';

const host = fileURLToPath(new URL('../../fixtures/programs/python-worker-host.mjs', import.meta.url));
let built: BuiltClient;
beforeAll(async () => {
  built = await buildClient();
});
afterAll(() => built?.dispose());

interface Host {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  workerPid: number;
  stderr: () => string;
}

async function startHost(mode: string): Promise<Host> {
  const child = spawn(process.execPath, [host, built.clientUrl, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  // the pid comes after a block ran on it; in close/idle/throw modes it may be gone by now
  const workerPid = (JSON.parse(first.value as string) as { pid: number }).pid;
  expect(workerPid).toEqual(expect.any(Number));
  return { child, lines, workerPid, stderr: () => stderr };
}

async function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  if (child.exitCode !== null || child.signalCode !== null) return [child.exitCode, child.signalCode];
  return (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
}

describe('when tea ends', () => {
  it('close() ends the worker', async () => {
    const { child, workerPid } = await startHost('close');
    expect(await exitOf(child)).toEqual([0, null]);
    expect(await waitForExit(workerPid)).toBe(true);
  });

  it('an idle worker does not keep tea alive, and dies with it', async () => {
    const { child, workerPid } = await startHost('idle');
    expect(await exitOf(child)).toEqual([0, null]); // would hang (test timeout) if the worker held the loop
    expect(await waitForExit(workerPid)).toBe(true);
  });

  it('tea exiting with an error takes the worker with it', async () => {
    const { child, workerPid, stderr } = await startHost('throw');
    expect((await exitOf(child))[0]).toBe(1);
    expect(stderr()).toContain('host failed on purpose');
    expect(await waitForExit(workerPid)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)('tea killed by %s while a block runs: the worker exits', async (signal) => {
    const { child, lines, workerPid } = await startHost('busy');
    expect((await lines.next()).value).toBe('sleeping'); // the 60 s block is running now
    expect(isRunning(workerPid)).toBe(true);
    child.kill(signal);
    expect(await exitOf(child)).toEqual([null, signal]);
    expect(await waitForExit(workerPid)).toBe(true);
  });
});

describe('inside one tea', () => {
  it('a worker killed from outside rejects its blocks; the next block starts a fresh one', async () => {
    const worker = new PythonWorker();
    const sleeping = runBlock(worker, 'print("up", flush=True)\nimport time\ntime.sleep(60)\nreturn 1', { node: 'slow' });
    await waitForPid(worker);
    const pid = worker.pid!;
    process.kill(pid, 'SIGKILL');
    const error = await sleeping.catch((thrown: unknown) => thrown);
    expect(isTeaError(error) && error.code).toBe('RUNTIME_UNAVAILABLE');
    expect((error as Error).message).toBe(
      "The Python worker exited unexpectedly (signal SIGKILL) while node 'slow' was running; the next Python block starts a new worker",
    );
    expect((await runBlock(worker, 'return 2')).update).toEqual({ result: 2 });
    expect(worker.pid).not.toBe(pid);
    await worker.close();
  });

  it('abort rejects with the reason and kills a worker left running only aborted code', async () => {
    const worker = new PythonWorker();
    const controller = new AbortController();
    const sleeping = runBlock(worker, 'import time\ntime.sleep(60)\nreturn 1', { signal: controller.signal });
    await waitForPid(worker);
    const pid = worker.pid!;
    const reason = new Error('stop now');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(await waitForExit(pid)).toBe(true);
    expect((await runBlock(worker, 'return 3')).update).toEqual({ result: 3 });
    await worker.close();
  });

  it('abort of one block leaves its siblings running', async () => {
    const worker = new PythonWorker();
    const controller = new AbortController();
    const aborted = runBlock(worker, 'import time\ntime.sleep(60)\nreturn 1', { signal: controller.signal });
    const sibling = runBlock(worker, 'import time\ntime.sleep(0.3)\nreturn "sibling"');
    await waitForPid(worker);
    const pid = worker.pid!;
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect((await sibling).update).toEqual({ result: 'sibling' });
    expect(await waitForExit(pid)).toBe(true); // only the aborted block was left: killed
    await worker.close();
  });

  it('an already aborted signal rejects without starting anything', async () => {
    const worker = new PythonWorker();
    const reason = new Error('early');
    await expect(runBlock(worker, 'return 1', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(worker.pid).toBeUndefined();
  });

  it('close() while a block runs rejects it as closed', async () => {
    const worker = new PythonWorker();
    const sleeping = runBlockError(worker, 'import time\ntime.sleep(60)\nreturn 1', { node: 'late' });
    await waitForPid(worker);
    await worker.close();
    const error = await sleeping;
    expect(error.code).toBe('RUNTIME_UNAVAILABLE');
    expect(error.message).toBe("The Python worker was closed while node 'late' was running");
  });

  it('a missing interpreter says Python 3 is needed and names TEA_PYTHON', async () => {
    const worker = new PythonWorker({ python: '/nonexistent/python3' });
    const error = await runBlockError(worker, 'return 1');
    expect(error.code).toBe('RUNTIME_UNAVAILABLE');
    expect(error.message).toBe(
      "Python 3 is needed to run Python blocks, but '/nonexistent/python3' cannot be started (ENOENT). Install Python 3, or set TEA_PYTHON to the interpreter's path.",
    );
  });
});

async function waitForPid(worker: PythonWorker): Promise<void> {
  const deadline = Date.now() + 5000;
  while (worker.pid === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(worker.pid).toBeDefined();
}
