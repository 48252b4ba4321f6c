import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { BranchRef, TeaEvent } from '../../../observe/events.js';
import { killGroup, type TermStep } from '../../../process/kill-sequence.js';
import { LineSplitter } from '../../../process/line-splitter.js';
import { guardProcessGroup } from '../../../process/orphan-guard.js';
import { isGroupAlive } from '../../../process/process-group.js';
import type { BranchOutcome, BranchSpec } from '../../branch.js';
import { childEnvironment } from '../child-environment.js';
import { teaBin } from '../child-command.js';
import { handleChildMessage, type ChildReport } from '../child-events.js';
import { stopReason } from '../runner.js';
import { resolveChildState, stateJsonOf } from '../../branch-state.js';
import { parseJsonKeepingFloats } from '../../../util/python-floats.js';

type Outcome = Omit<BranchOutcome, 'durationMs'>;

interface Current {
  id: number;
  ref: BranchRef;
  /** The state the branch started from, to rebuild its final state from the worker's delta. */
  start: Record<string, unknown>;
  report: ChildReport;
  /** We are stopping it: what the worker says while dying does not count. */
  stopping?: boolean;
  settle(outcome: Outcome): void;
}

/**
 * One warm `tea pool-worker` in its own process group, running branches one after another
 * over JSON lines. A branch that must stop early takes the worker down with it (the kill
 * sequence on its group); the pool replaces it. Its fd 3 is a pipe only we hold: if we die,
 * it sees EOF and exits.
 */
export class PoolWorkerProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;
  readonly #unguard: () => void;
  #current: Current | undefined;
  #nextId = 1;
  #dead = false;
  #reserved = false;
  #ready = false;

  constructor(
    /** The workflow this worker runs branches of (a subgraph file gets its own workers). */
    readonly file: string,
    private readonly emit: (event: TeaEvent) => void,
    private readonly termSequence: TermStep[],
    extraArguments: string[] = [],
  ) {
    this.#child = spawn(process.execPath, [teaBin, 'pool-worker', file, '--watch-fd', '3', ...extraArguments], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: childEnvironment(),
    });
    this.#unguard = guardProcessGroup(this.#child.pid);
    this.#child.stdin!.on('error', () => {});
    this.#exited = once(this.#child, 'exit').catch(() => undefined);
    this.#child.once('error', (error) => this.#die(`Could not start a pool worker: ${error.message}`));
    this.#child.once('exit', (code, signal) => this.#die(`Pool worker exited (${signal ?? `code ${code}`}) in the middle of the branch`));
    relay(this.#child.stdout!, (line) => this.#onLine(line));
    relay(this.#child.stderr!, (line) => this.emit({ type: 'output', stream: 'stderr', text: line, branch: this.#current?.ref }));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Usable for another branch: alive, idle and not promised to one. */
  get available(): boolean {
    return !this.#dead && this.#current === undefined && !this.#reserved;
  }

  /** Started and said so (a booting worker costs CPU; the pool grows by one at a time). */
  get ready(): boolean {
    return this.#ready || this.#dead;
  }

  /** Promises this worker to the next `run`, so two branches never get the same worker. */
  reserve(): this {
    this.#reserved = true;
    return this;
  }

  run(spec: BranchSpec, signal: AbortSignal): Promise<Outcome> {
    this.#reserved = false;
    return new Promise<Outcome>((resolve) => {
      const id = this.#nextId++;
      const onAbort = () => {
        const reason = stopReason(signal);
        if (this.#current?.id === id) this.#current.stopping = true;
        this.emit({ type: 'branch_killed', branch: spec.ref, signal: this.termSequence[0]!.signal, reason: reason.message });
        this.#dead = true;
        void this.#endGroup().then(() => settle({ status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout', attempts: 1 }));
      };
      const settle = (outcome: Outcome) => {
        if (this.#current?.id !== id) return;
        this.#current = undefined;
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      this.#current = { id, ref: spec.ref, start: spec.state, report: {}, settle };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      // The state goes as JSON built from the fan-out's shared snapshot, serialised once.
      const head = JSON.stringify({ id, ref: spec.ref, body: spec.body, item: spec.item });
      this.#child.stdin!.write(`${head.slice(0, -1)},"state":${stateJsonOf(spec)}}\n`);
    });
  }

  /** Lets the worker finish at EOF; anything still in its group is then killed. */
  async close(): Promise<void> {
    this.#dead = true;
    this.#child.stdin!.end();
    await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.#endGroup();
  }

  async #endGroup(): Promise<void> {
    const pid = this.#child.pid;
    if (pid !== undefined && isGroupAlive(pid)) await killGroup(pid, this.termSequence);
    this.#unguard();
  }

  #onLine(line: string): void {
    const current = this.#current;
    let message: Record<string, unknown>;
    try {
      message = parseJsonKeepingFloats(line) as Record<string, unknown>;
    } catch {
      this.emit({ type: 'output', stream: 'stderr', text: line, branch: current?.ref });
      return;
    }
    if (message.type === 'ready') {
      this.#ready = true;
      return;
    }
    if (!current || message.id !== current.id) return; // a late line of a branch we stopped
    if (current.stopping && (message.type === 'result' || message.type === 'failed')) return;
    if (message.type === 'result') {
      return current.settle({ status: 'ok', state: resolveChildState(current.start, message.state as Record<string, unknown>), attempts: 1 });
    }
    if (message.type === 'failed') {
      return current.settle({
        status: 'failed',
        error: String(message.message),
        errorType: message.error_type as string | undefined,
        failedNode: message.node as string | undefined,
        stderrTail: message.detail as string | undefined,
        attempts: 1,
      });
    }
    handleChildMessage(message, current.ref, this.emit, current.report);
  }

  #die(error: string): void {
    this.#dead = true;
    if (!this.#current?.stopping) this.#current?.settle({ status: 'failed', error, attempts: 1 });
  }
}

function relay(stream: Readable, onLine: (line: string) => void): void {
  const splitter = new LineSplitter(onLine);
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => splitter.push(chunk));
  stream.on('end', () => splitter.flush());
}
