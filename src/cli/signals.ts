import { ExitCode } from './exit-codes.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface SignalWatch {
  /** The first signal that arrived, if any. */
  readonly received: StopSignal | undefined;
  dispose(): void;
}

export function exitCodeForSignal(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitCode.sigint : signal === 'SIGHUP' ? ExitCode.sighup : ExitCode.sigterm;
}

/**
 * The first SIGINT/SIGTERM/SIGHUP aborts the run so it can stop its children and report;
 * a second one means "now": `onForce` ends the process. Handlers are removed by `dispose`.
 */
export function watchStopSignals(controller: AbortController, onForce: (signal: StopSignal) => void): SignalWatch {
  let received: StopSignal | undefined;
  const handlers = new Map<StopSignal, () => void>();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      if (received !== undefined) return onForce(signal);
      received = signal;
      controller.abort(new Error(signal));
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return {
    get received() {
      return received;
    },
    dispose() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
