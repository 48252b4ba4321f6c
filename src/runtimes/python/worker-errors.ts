/** The TeaErrors a Python block can end with, built from what the worker reports. */
import { TeaError } from '../../errors.js';
import { makeMissingPythonError } from './interpreter.js';
import type { WorkerError } from './protocol.js';
import type { WorkerExit } from './worker-process.js';

/** The Python exception behind a NODE_FAILED error, for callers that need its class name. */
export class PythonException extends Error {
  readonly pythonType: string;
  readonly traceback: string;

  constructor(error: WorkerError) {
    super(error.message);
    this.pythonType = error.type;
    this.traceback = error.traceback ?? '';
  }
}
PythonException.prototype.name = 'PythonException';

/** The message is Python's `str(e)`, as TEA shows it; the traceback waits for --verbose. */
export function makeBlockError(error: WorkerError, node: string): TeaError {
  if (error.kind === 'not_serializable') {
    return new TeaError('NOT_SERIALIZABLE', error.message, { node, detail: error.traceback });
  }
  if (error.kind === 'internal') {
    return new TeaError('INTERNAL', `Python worker: ${error.message}`, { node });
  }
  return new TeaError('NODE_FAILED', error.message, {
    node,
    line: error.line ?? undefined,
    detail: error.traceback,
    cause: new PythonException(error),
  });
}

export function makeWorkerExitError(exit: WorkerExit, python: string, node: string, closing: boolean): TeaError {
  if (exit.error !== undefined) {
    const code = (exit.error as NodeJS.ErrnoException).code ?? exit.error.message;
    const source = process.env.TEA_PYTHON?.trim() === python ? ' (named by TEA_PYTHON)' : '';
    return makeMissingPythonError(`'${python}'${source} cannot be started (${code})`, exit.error);
  }
  if (closing) {
    return new TeaError('RUNTIME_UNAVAILABLE', `The Python worker was closed while node '${node}' was running`, {
      node,
    });
  }
  const how = exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
  return new TeaError(
    'RUNTIME_UNAVAILABLE',
    `The Python worker exited unexpectedly (${how}) while node '${node}' was running; the next Python block starts a new worker`,
    { node },
  );
}
