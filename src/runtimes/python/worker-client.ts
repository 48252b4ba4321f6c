/**
 * `PythonWorker`: runs Python blocks on one long-lived `worker.py`, started lazily on the
 * first block. Several blocks may run at once (inline parallel branches); each reply, and
 * each piece of output, carries its request id.
 */
import { TeaError } from '../../errors.js';
import { registerCleanup } from '../../process/cleanup.js';
import { resolvePythonInterpreter } from './interpreter.js';
import {
  encodeRunMessage,
  type OutputStream,
  type PythonBlockRequest,
  type PythonBlockResult,
  type PythonRunHooks,
  type WorkerMessage,
} from './protocol.js';
import { makeBlockError, makeWorkerExitError } from './worker-errors.js';
import { WorkerProcess, type PendingBlock, type WorkerExit } from './worker-process.js';

export type { PythonBlockRequest, PythonBlockResult, PythonRunHooks } from './protocol.js';

export interface PythonWorkerOptions {
  /** The interpreter to start. @default resolvePythonInterpreter() */
  python?: string;
  /** Output written while no block was running (a block's background subprocess or thread).
   * @default writes to process.stderr: stdout may be carrying a JSON result */
  onOrphanOutput?(stream: OutputStream, text: string): void;
}

export class PythonWorker {
  readonly #options: PythonWorkerOptions;
  #process?: WorkerProcess;
  #starting?: Promise<WorkerProcess>;
  #nextId = 1;

  constructor(options: PythonWorkerOptions = {}) {
    this.#options = options;
  }

  /** The current worker's pid, if one is running. */
  get pid(): number | undefined {
    return this.#process?.retired === false ? this.#process.pid : undefined;
  }

  /** Starts the worker ahead of the first block (optional: `run` starts it too). */
  async start(): Promise<void> {
    await this.#ensureProcess();
  }

  async run(request: PythonBlockRequest, hooks: PythonRunHooks = {}): Promise<PythonBlockResult> {
    const { signal, onOutput } = hooks;
    signal?.throwIfAborted();
    const id = this.#nextId++;
    const line = encodeRunMessage(id, request); // before awaiting: a bad state fails fast
    const worker = await this.#ensureProcess();
    signal?.throwIfAborted();
    return new Promise<PythonBlockResult>((resolve, reject) => {
      const onAbort = (): void => this.#abort(worker, id, signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const dispose = (): void => signal?.removeEventListener('abort', onAbort);
      worker.pending.set(id, { node: request.node, resolve, reject, onOutput, cancelled: false, dispose });
      worker.setActive(true);
      worker.send(line);
    });
  }

  /** Ends the worker (EOF, then SIGKILL after a grace period). A later `run` starts a new one. */
  async close(): Promise<void> {
    const starting = this.#starting;
    const worker = this.#process ?? (await starting?.catch(() => undefined));
    if (this.#process === worker) this.#process = undefined;
    await worker?.stop();
  }

  async #ensureProcess(): Promise<WorkerProcess> {
    if (this.#process !== undefined && !this.#process.retired) return this.#process;
    this.#starting ??= this.#spawn().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #spawn(): Promise<WorkerProcess> {
    const python = this.#options.python ?? (await resolvePythonInterpreter());
    const worker: WorkerProcess = new WorkerProcess(python, {
      onMessage: (message) => this.#onMessage(worker, message),
      onProtocolError: (error) => this.#fail(worker, error),
      onExit: (exit) => this.#onExit(worker, exit),
    });
    worker.setActive(false);
    this.#process = worker;
    return worker;
  }

  #onMessage(worker: WorkerProcess, message: WorkerMessage): void {
    if (message.type === 'ready') return;
    const block = message.id === null ? undefined : worker.pending.get(message.id);
    if (message.type === 'stdout' || message.type === 'stderr') {
      if (block === undefined) (this.#options.onOrphanOutput ?? writeToStderr)(message.type, message.text);
      else if (!block.cancelled) block.onOutput?.(message.type, message.text);
      return;
    }
    if (block === undefined || message.id === null) {
      const text = message.type === 'error' ? message.error.message : `a reply for unknown request ${message.id}`;
      this.#fail(worker, new TeaError('CHILD_PROTOCOL', `The Python worker broke the protocol: ${text}`));
      return;
    }
    worker.pending.delete(message.id);
    block.dispose();
    if (!block.cancelled) {
      if (message.type === 'result') block.resolve({ update: message.update, state: message.state, mapping: message.mapping });
      else block.reject(makeBlockError(message.error, block.node));
    }
    this.#afterSettle(worker);
  }

  /** Idle → unref; only aborted blocks left → kill, so runaway code stops (restart on demand). */
  #afterSettle(worker: WorkerProcess): void {
    if (worker.pending.size === 0) worker.setActive(false);
    else if ([...worker.pending.values()].every((block) => block.cancelled)) worker.kill();
  }

  #abort(worker: WorkerProcess, id: number, reason: unknown): void {
    const block = worker.pending.get(id);
    if (block === undefined || block.cancelled) return;
    block.cancelled = true;
    block.dispose();
    block.reject(reason);
    this.#afterSettle(worker);
  }

  #fail(worker: WorkerProcess, error: Error): void {
    for (const block of worker.pending.values()) {
      block.dispose();
      if (!block.cancelled) block.reject(error);
    }
    worker.pending.clear();
    worker.kill();
  }

  #onExit(worker: WorkerProcess, exit: WorkerExit): void {
    if (this.#process === worker) this.#process = undefined;
    for (const block of worker.pending.values()) {
      block.dispose();
      if (!block.cancelled) block.reject(makeWorkerExitError(exit, worker.python, block.node, worker.closing));
    }
    worker.pending.clear();
  }
}

function writeToStderr(_stream: OutputStream, text: string): void {
  process.stderr.write(text);
}

let shared: PythonWorker | undefined;

/** The worker shared by every Python block of this tea process. */
export function getPythonWorker(): PythonWorker {
  if (shared === undefined) {
    shared = new PythonWorker();
    registerCleanup(closePythonWorker);
  }
  return shared;
}

/** Closes the shared worker on normal exit (it also exits by itself when tea dies). */
export async function closePythonWorker(): Promise<void> {
  const worker = shared;
  shared = undefined;
  await worker?.close();
}
