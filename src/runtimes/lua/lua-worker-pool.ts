/**
 * Warm Lua workers. A block takes an idle worker or starts one (~70 ms), and gives it back
 * when it ends normally; a timed-out or cancelled block's worker is terminated instead.
 * Every block gets a fresh lua_State inside the worker, so reuse shares no globals, except
 * the blocks that ask for the shared globals: they go to one worker kept for them, whose
 * shared lua_State lives as long as the worker does.
 */
import { registerCleanup } from '../../process/cleanup.js';
import { LuaWorker } from './lua-worker.js';

export interface LuaWorkerPoolOptions {
  /** Idle workers kept warm. @default 2 */
  maxIdle?: number;
  /** A worker whose WebAssembly memory grew past this is retired (memory never shrinks). @default 256 MiB */
  maxHeapBytes?: number;
}

export class LuaWorkerPool {
  readonly #idle: LuaWorker[] = [];
  readonly #busy = new Set<LuaWorker>();
  /** The worker holding the shared globals, when one is running. */
  #sharedWorker: LuaWorker | undefined;
  readonly #maxIdle: number;
  readonly #maxHeapBytes: number;

  constructor({ maxIdle = 2, maxHeapBytes = 256 * 1024 * 1024 }: LuaWorkerPoolOptions = {}) {
    this.#maxIdle = maxIdle;
    this.#maxHeapBytes = maxHeapBytes;
  }

  /**
   * A worker for one block, ready to run; the caller must release or discard it. With
   * `shared`, the worker of the shared globals (started on first use); should it be busy,
   * another worker, so the block runs in a fresh state rather than waiting.
   */
  async acquire(shared = false): Promise<LuaWorker> {
    const worker = shared ? this.#takeSharedWorker() : this.#idle.pop() ?? this.#startWorker();
    this.#busy.add(worker);
    worker.setActive(true);
    try {
      await worker.ready;
    } catch (error) {
      this.#busy.delete(worker);
      await worker.terminate();
      throw error;
    }
    return worker;
  }

  #takeSharedWorker(): LuaWorker {
    if (this.#sharedWorker === undefined) {
      const worker = this.#startWorker();
      this.#sharedWorker = worker;
      void worker.exited.then(() => {
        if (this.#sharedWorker === worker) this.#sharedWorker = undefined;
      });
    }
    return this.#busy.has(this.#sharedWorker) ? (this.#idle.pop() ?? this.#startWorker()) : this.#sharedWorker;
  }

  /** Whether `worker` holds the shared globals (its blocks may use them). */
  holdsSharedGlobals(worker: LuaWorker): boolean {
    return worker === this.#sharedWorker;
  }

  // A worker that dies while idle (it should not) leaves the idle list by itself.
  #startWorker(): LuaWorker {
    const worker = new LuaWorker();
    void worker.exited.then(() => {
      const index = this.#idle.indexOf(worker);
      if (index !== -1) this.#idle.splice(index, 1);
    });
    return worker;
  }

  /** Back to the idle list after a block that ended by itself. */
  release(worker: LuaWorker, heapBytes: number): void {
    this.#busy.delete(worker);
    if (worker === this.#sharedWorker) {
      // Kept out of the idle list: no other block may get its shared state.
      if (heapBytes > this.#maxHeapBytes) void worker.terminate();
      else worker.setActive(false);
      return;
    }
    if (heapBytes > this.#maxHeapBytes || this.#idle.length >= this.#maxIdle) {
      void worker.terminate();
      return;
    }
    worker.setActive(false);
    this.#idle.push(worker);
  }

  /** Terminates a worker whose block we stopped; resolves once its thread has exited. */
  async discard(worker: LuaWorker): Promise<void> {
    this.#busy.delete(worker);
    await worker.terminate();
  }

  /** Live worker threads, for tests and diagnostics. */
  stats(): { idle: number; busy: number; shared: boolean } {
    return { idle: this.#idle.length, busy: this.#busy.size, shared: this.#sharedWorker !== undefined };
  }

  /** Ends every worker, busy or idle (tea is exiting). */
  async close(): Promise<void> {
    const all = new Set([...this.#idle, ...this.#busy, ...(this.#sharedWorker ? [this.#sharedWorker] : [])]);
    this.#sharedWorker = undefined;
    this.#idle.length = 0;
    this.#busy.clear();
    await Promise.all([...all].map((worker) => worker.terminate()));
  }
}

let shared: LuaWorkerPool | undefined;

/** The pool shared by every Lua block of this tea process. */
export function getLuaWorkerPool(): LuaWorkerPool {
  if (shared === undefined) {
    const pool = new LuaWorkerPool();
    shared = pool;
    registerCleanup(async () => {
      if (shared === pool) shared = undefined;
      await pool.close();
    });
  }
  return shared;
}
