/**
 * One running `worker.py`: spawning it, splitting its reply lines, and keeping it from
 * holding tea's event loop open while no block is pending.
 */
import { packagePath } from '../../util/package-root.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { killGroup } from '../../process/kill-sequence.js';
import { isGroupAlive, signalGroup } from '../../process/process-group.js';
import { parseWorkerMessage, type OutputStream, type PythonBlockResult, type WorkerMessage } from './protocol.js';

// src/runtimes/python/ (vitest) and dist/runtimes/python/ (built) are both three levels
// below the package root, and the .py file ships from src/.
export const workerScript = packagePath('src', 'runtimes', 'python', 'worker.py');

/** How a worker ended: a spawn error, or an exit code / signal. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** A block waiting for its reply on this worker. */
export interface PendingBlock {
  node: string;
  resolve(result: PythonBlockResult): void;
  reject(error: unknown): void;
  onOutput?(stream: OutputStream, text: string): void;
  /** Aborted: already rejected; its late output and reply are dropped. */
  cancelled: boolean;
  dispose(): void;
}

export interface WorkerProcessEvents {
  onMessage(message: WorkerMessage): void;
  onProtocolError(error: Error): void;
  /** Called exactly once, after every reply line has been delivered. */
  onExit(exit: WorkerExit): void;
}

type RefHandle = { ref?(): void; unref?(): void };

export class WorkerProcess {
  readonly python: string;
  readonly pending = new Map<number, PendingBlock>();
  /** No new blocks go here: it exited, is being closed, or was killed. */
  retired = false;
  closing = false;
  readonly #child: ChildProcess;
  readonly #exited: Promise<WorkerExit>;
  #buffer = '';
  #settled = false;

  constructor(python: string, events: WorkerProcessEvents) {
    this.python = python;
    // Its own process group: what blocks start can be ended with it (the worker ends the
    // group itself on EOF), and a terminal's Ctrl-C reaches tea, which decides.
    // -S: no `site` at start-up; worker.py loads it on the first import that needs it.
    this.#child = spawn(python, ['-S', workerScript], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    this.#child.stdin?.on('error', () => {}); // EPIPE after a crash: the exit reports it
    this.#child.stdout?.setEncoding('utf8');
    this.#child.stdout?.on('data', (chunk: string) => this.#onData(chunk, events));
    this.#exited = new Promise((resolve) => {
      const finish = (exit: WorkerExit): void => {
        if (this.#settled) return;
        this.#settled = true;
        this.retired = true;
        events.onExit(exit);
        resolve(exit);
      };
      this.#child.once('error', (error) => finish({ code: null, signal: null, error }));
      // 'close', not 'exit': it comes after stdout has delivered every reply
      this.#child.once('close', (code, signal) => finish({ code, signal }));
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  send(line: string): void {
    this.#child.stdin?.write(line);
  }

  /** Pending blocks keep tea alive; an idle worker must not. */
  setActive(active: boolean): void {
    const handles: RefHandle[] = [this.#child, this.#child.stdin as RefHandle, this.#child.stdout as RefHandle];
    for (const handle of handles) (active ? handle?.ref : handle?.unref)?.call(handle);
  }

  kill(): void {
    this.retired = true;
    if (this.#child.pid !== undefined) signalGroup(this.#child.pid, 'SIGKILL');
  }

  /** EOF on its request pipe makes the worker exit at once; SIGKILL if it does not. */
  async stop(graceMs = 2000): Promise<WorkerExit> {
    this.retired = true;
    this.closing = true;
    if (!this.#settled) {
      this.setActive(true);
      this.#child.stdin?.end();
      const timer = setTimeout(() => this.kill(), graceMs);
      timer.unref();
      void this.#exited.finally(() => clearTimeout(timer));
    }
    const exit = await this.#exited;
    // The worker ended its group with SIGTERM; anything that ignored it is killed here.
    const pid = this.#child.pid;
    if (pid !== undefined && isGroupAlive(pid)) await killGroup(pid, [{ signal: 'SIGKILL', waitMs: graceMs }]);
    return exit;
  }

  /** Looks for newlines only in the new chunk, so a multi-megabyte state is not rescanned per chunk. */
  #onData(chunk: string, events: WorkerProcessEvents): void {
    let start = 0;
    let end: number;
    while ((end = chunk.indexOf('\n', start)) !== -1) {
      const line = this.#buffer + chunk.slice(start, end);
      this.#buffer = '';
      start = end + 1;
      try {
        events.onMessage(parseWorkerMessage(line));
      } catch (error) {
        events.onProtocolError(error as Error);
      }
    }
    this.#buffer += chunk.slice(start);
  }
}
