/**
 * One worker thread running wasmoon's Lua 5.4 (worker/main.mjs). It runs one block at a
 * time; the pool hands a busy worker to nobody else, so concurrent blocks never share one.
 */
import { packagePath } from '../../util/package-root.js';
import { Worker } from 'node:worker_threads';
import { TeaError } from '../../errors.js';
import type { BlockOutcome, RunMessage, WorkerMessage } from './protocol.js';

// The worker is plain JavaScript kept in src/ (as worker.py is): the same path works from
// src/ under vitest and from dist/ after the build, since both sit two levels below the root.
export const workerScript = packagePath('src', 'runtimes', 'lua', 'worker', 'main.mjs');

export interface WorkerReply {
  outcome: BlockOutcome;
  heapBytes: number;
}

interface PendingBlock {
  id: number;
  onOutput(text: string): void;
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

export class LuaWorker {
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  #worker: Worker;
  #pending: PendingBlock | undefined;
  #nextId = 1;
  #exitError: Error | undefined;

  constructor() {
    this.#worker = new Worker(workerScript);
    let onReady!: () => void;
    let onStartFailure!: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onStartFailure = reject;
    });
    this.ready.catch(() => {}); // observed by acquire(); an unobserved copy must not crash
    this.#worker.on('message', (message: WorkerMessage) => this.#onMessage(message, onReady));
    this.#worker.on('error', (error) => {
      this.#exitError ??= makeWorkerFailure(error);
      onStartFailure(this.#exitError);
    });
    this.exited = new Promise<void>((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#exitError ??= makeWorkerFailure(new Error(`the Lua worker exited with code ${code}`));
        onStartFailure(this.#exitError);
        this.#pending?.reject(this.#exitError);
        this.#pending = undefined;
        resolve();
      });
    });
  }

  get threadId(): number {
    return this.#worker.threadId;
  }

  /** Runs one block; resolves with the worker's outcome, rejects if the worker dies. */
  run(request: Omit<RunMessage, 'type' | 'id'>, onOutput: (text: string) => void): Promise<WorkerReply> {
    if (this.#pending) throw new TeaError('INTERNAL', 'A Lua worker was given two blocks at once');
    if (this.#exitError) return Promise.reject(this.#exitError);
    const id = this.#nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.#pending = { id, onOutput, resolve, reject };
      this.#worker.postMessage({ type: 'run', id, ...request } satisfies RunMessage);
    });
  }

  /** Idle workers must not keep tea alive; busy ones must. */
  setActive(active: boolean): void {
    if (active) this.#worker.ref();
    else this.#worker.unref();
  }

  /** Stops the thread at once, even inside a loop or a long C call, and waits for its exit. */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
    await this.exited;
  }

  #onMessage(message: WorkerMessage, onReady: () => void): void {
    if (message.type === 'ready') return onReady();
    const pending = this.#pending;
    if (pending === undefined || message.id !== pending.id) return; // a block we gave up on
    if (message.type === 'output') return pending.onOutput(message.text);
    this.#pending = undefined;
    pending.resolve({ outcome: message.outcome, heapBytes: message.heapBytes });
  }
}

// A worker that cannot start or dies is the runtime's failure, not the block's.
function makeWorkerFailure(error: Error): TeaError {
  const missing = /Cannot find (package|module) 'wasmoon'/.test(error.message);
  const message = missing
    ? "Lua runtime requires the 'wasmoon' package, which is missing from this install of tea.\nReinstall tea (npm install) to restore it."
    : `The Lua runtime failed: ${error.message}`;
  return new TeaError('RUNTIME_UNAVAILABLE', message, { cause: error, detail: error.stack });
}
