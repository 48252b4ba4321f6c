import type { TeaEvent } from '../observe/events.js';
import { ExitCode } from './exit-codes.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/**
 * How a run is stopped from outside. `kill` stops now (running branches get the kill
 * sequence); `drain` (the first Ctrl-C while branches run) starts nothing new, passes SIGINT
 * to the running branches and lets them finish. A second Ctrl-C kills; a third, or a second
 * SIGTERM/SIGHUP, ends the process at once. Handlers are installed once and removed by `dispose`.
 */
export class RunControl {
  readonly kill = new AbortController();
  readonly drain = new AbortController();
  #received: StopSignal | undefined;
  #count = 0;
  readonly #running = new Map<string, string>();
  readonly #handlers = new Map<StopSignal, () => void>();

  constructor(
    private readonly onForce: (signal: StopSignal) => void,
    private readonly say: (text: string) => void = (text) => process.stderr.write(text),
  ) {}

  /** The first stop signal that arrived, if any. */
  get received(): StopSignal | undefined {
    return this.#received;
  }

  install(): this {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const handler = () => this.handle(signal);
      this.#handlers.set(signal, handler);
      process.on(signal, handler);
    }
    return this;
  }

  dispose(): void {
    for (const [signal, handler] of this.#handlers) process.off(signal, handler);
    this.#handlers.clear();
  }

  /** Keeps the set of running branches, so Ctrl-C can say what it is waiting for. */
  observe(event: TeaEvent): void {
    if (event.type === 'branch_started') this.#running.set(`${event.branch.node}#${event.branch.index}`, event.branch.name);
    else if (event.type === 'branch_finished') this.#running.delete(`${event.branch.node}#${event.branch.index}`);
  }

  handle(signal: StopSignal): void {
    this.#received ??= signal;
    this.#count++;
    if (signal !== 'SIGINT') {
      if (this.kill.signal.aborted) return this.onForce(signal);
      this.kill.abort(new Error(signal));
      return;
    }
    if (this.#count === 1 && this.#running.size > 0) {
      const names = [...this.#running.values()];
      const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')}, ...` : names.join(', ');
      this.say(`\nInterrupted: waiting for ${names.length} running branch${names.length === 1 ? '' : 'es'} to finish (${shown}); press Ctrl-C again to stop them now.\n`);
      this.drain.abort(new Error(signal));
      return;
    }
    if (this.kill.signal.aborted) return this.onForce(signal);
    this.kill.abort(new Error(signal));
  }
}

export function exitCodeForSignal(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitCode.sigint : signal === 'SIGHUP' ? ExitCode.sighup : ExitCode.sigterm;
}
